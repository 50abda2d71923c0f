"""Reports that name an address but bring no point (a hotline call, an Open311 `address_string`,
an API report with `address` or `address_code`, an imported row without coordinates): placed
at the standard address they name when the register finds it with a score of at least
GEOCODE_MIN_SCORE; otherwise kept at (0, 0), outside every grid, so that they wait in the
manual dispatch queue as before. Every surface and the case import share this one step."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_noop

from common.i18n import Phrase
from places.search import geocode

log = logging.getLogger(__name__)
NOWHERE = (0.0, 0.0)  # lies outside every grid: the case waits for manual dispatch


@dataclass(frozen=True)
class Placement:
    """Where an address-only report was put, for its first log step."""

    asked: str  # the address text (or code) as reported
    lat: float
    lon: float
    code: str = ""  # the standard address found; empty: none scored high enough
    text: str = ""
    score: float = 0.0

    @property
    def found(self) -> bool:
        return bool(self.code)

    def data(self) -> dict:
        return {"asked": self.asked, "code": self.code or None, "text": self.text or None,
                "score": self.score if self.found else None,
                "min_score": settings.GEOCODE_MIN_SCORE}

    def note(self) -> Phrase:
        if self.found:
            return Phrase(gettext_noop("Placed by its address at the standard address %(text)s "
                                       "(code %(code)s, match %(score).2f)."),
                          {"text": self.text, "code": self.code, "score": self.score})
        return Phrase(gettext_noop("The address “%(asked)s” matches no standard address well "
                                   "enough (at least %(min).2f); the case waits for manual "
                                   "dispatch."),
                      {"asked": self.asked, "min": settings.GEOCODE_MIN_SCORE})


def placement(address: str = "", code: str = "") -> Placement:
    """The point of an address text or code: the best standard address, or nowhere."""
    asked = (address or code).strip()
    match = geocode(address, code)
    if match is None:
        log.info("geocoding: no standard address for %r (code %r)", address, code)
        return Placement(asked, *NOWHERE)
    found = match.address
    log.info("geocoding: %r placed at %s %s (score %.3f)", asked, found.code, found.text,
             match.score)
    return Placement(asked, found.lat, found.lon, found.code, found.text, match.score)
