import io
import logging

import pytest

from common.security import PhoneMaskingFilter, all_handlers, mask_phones


@pytest.mark.parametrize(("text", "masked"), [
    ("SMS to 13812345678 sent", "SMS to 138****5678 sent"),
    ("call +8613912345678", "call +86139****5678"),
    ("tel 0086 139 1234 5678.", "tel 0086 139****5678."),
    ("138-1234-5678,19900001111", "138****5678,199****1111"),
    ("case 20261123-000042", "case 20261123-000042"),  # tracking numbers stay
    ("grid 440604001001001", "grid 440604001001001"),  # so do grid codes
    ("id 138123456789", "id 138123456789"),  # twelve digits: not a mobile number
    ("landline 0757-83381234", "landline 0757-83381234"),
])
def test_mobile_numbers_are_masked_and_other_numbers_left_alone(text, masked):
    assert mask_phones(text) == masked


def site_handler() -> logging.Handler:
    """The console handler that settings.LOGGING installs on the root logger."""
    return next(h for h in logging.getLogger().handlers
                if any(isinstance(f, PhoneMaskingFilter) for f in h.filters))


def test_what_the_site_logs_never_shows_a_full_mobile_number():
    handler, out = site_handler(), io.StringIO()
    old = handler.setStream(out)
    try:
        log = logging.getLogger("events.test")
        log.warning("citizen %s called about %s", "13812345678", "20261123-000042")
        try:
            raise ValueError("bad number 13912345678")
        except ValueError:
            log.exception("failed for %s", "13700001111")
    finally:
        handler.setStream(old)
    text = out.getvalue()
    assert "138****5678" in text and "20261123-000042" in text
    assert "139****5678" in text and "137****1111" in text  # in the traceback too
    for number in ("13812345678", "13912345678", "13700001111"):
        assert number not in text


def test_djangos_own_handlers_mask_numbers_too():
    django_handlers = [
        handler for name in ("django", "django.server")
        for handler in logging.getLogger(name).handlers
        if not type(handler).__module__.startswith("_pytest")]  # pytest's capture
    assert django_handlers
    for handler in django_handlers:
        assert any(isinstance(f, PhoneMaskingFilter) for f in handler.filters), handler


def test_celery_workers_logging_gets_the_filter_when_celery_sets_it_up():
    from celery.signals import after_setup_logger

    logger = logging.getLogger("celery-test-logger")
    handler = logging.StreamHandler(io.StringIO())
    logger.addHandler(handler)
    try:
        after_setup_logger.send(sender=None, logger=logger, loglevel=logging.INFO,
                                logfile=None, format="", colorize=False)
        assert any(isinstance(f, PhoneMaskingFilter) for f in handler.filters)
        assert handler in all_handlers()
    finally:
        logger.removeHandler(handler)
