"""SMS backends. The gateway is the network edge: production plugs in its provider's client
through SMS_BACKEND; the default only writes to the log."""

import logging

log = logging.getLogger("events.notify.sms")


class LoggingSMSBackend:
    def send(self, phone: str, text: str) -> None:
        # Numbers stay out of the log beyond their last four digits.
        log.info("SMS to ****%s: %s", phone[-4:], text)
