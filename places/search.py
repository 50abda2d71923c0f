"""Find standard addresses from free text, and the nearest one to a point.

Candidates come from the database: the addresses sharing the most three-character pieces with
the normalised query, found on PostgreSQL through a trigram index (pg_trgm, GIN, which serves
`LIKE '%…%'`), on SQLite through an FTS5 trigram table ranked by bm25; a query of one or two
characters (a short road name) is matched with a plain LIKE. Candidates are then ranked here,
the same on both: the share of the query's character pairs and numbers found in the address
(recall, which decides), and the share of the address the query covers (so that 祖庙路12号
ranks the house before its rooms). Scores run from 0 to 1.
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Case, Q, Value, When

from grids.geometry import km_per_degree
from places.models import Address
from places.text import grams, normalise, windows

CANDIDATES = 300  # ranked here; the true match is among the first few dozen


@dataclass(frozen=True)
class Match:
    address: Address
    score: float


def score(query_grams: set[str], address_search: str) -> float:
    found = grams(address_search)
    common = len(query_grams & found)
    if not common:
        return 0.0
    return 0.85 * common / len(query_grams) + 0.15 * common / len(found)


def search(text: str, limit: int = 10) -> list[Match]:
    query = normalise(text)
    if not query:
        return []
    query_grams = grams(query)
    ranked = sorted(
        (Match(address, round(score(query_grams, address.search), 3))
         for address in _candidates(query)),
        key=lambda m: (-m.score, len(m.address.search), m.address.code))
    return [m for m in ranked[:limit] if m.score > 0]


def _candidates(query: str):
    """The addresses sharing the most three-character pieces with the query: FTS5's bm25 rank
    on SQLite, a count of matching pieces on PostgreSQL (its trigram index finds the rows
    that have any)."""
    pieces = windows(query)
    if connection.vendor == "sqlite" and len(pieces[0]) >= 3:
        return Address.objects.filter(pk__in=_fts_ids(pieces))
    condition = Q()
    for piece in pieces:
        condition |= Q(search__contains=piece)
    hits = sum((Case(When(search__contains=piece, then=1), default=0) for piece in pieces),
               Value(0))
    return Address.objects.filter(condition).annotate(hits=hits).order_by("-hits")[:CANDIDATES]


def _fts_ids(pieces: list[str]) -> list[int]:
    match = " OR ".join('"' + piece.replace('"', '""') + '"' for piece in pieces)
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM places_address_fts WHERE places_address_fts MATCH %s "
                       "ORDER BY rank LIMIT %s", [match, CANDIDATES])
        return [row[0] for row in cursor.fetchall()]


def nearest(lat: float, lon: float, within_metres: float = 200) -> Match | None:
    """The standard address nearest to a point, within a distance; score = closeness."""
    kx, ky = km_per_degree(lat)
    dlat, dlon = within_metres / 1000 / ky, within_metres / 1000 / kx
    best, best_metres = None, None
    for address in Address.objects.filter(lat__range=(lat - dlat, lat + dlat),
                                          lon__range=(lon - dlon, lon + dlon)):
        metres = 1000 * math.hypot((address.lat - lat) * ky, (address.lon - lon) * kx)
        if metres <= within_metres and (best_metres is None or metres < best_metres):
            best, best_metres = address, metres
    if best is None:
        return None
    return Match(best, round(1 - best_metres / within_metres, 3))


def geocode(text: str = "", code: str = "") -> Match | None:
    """The standard address a report names: by its code, else the best match of its text when
    that scores at least GEOCODE_MIN_SCORE; None sends the report to manual dispatch."""
    if code:
        address = Address.objects.filter(code=code.strip()).first()
        if address is not None:
            return Match(address, 1.0)
    found = search(text, limit=1) if text else []
    if found and found[0].score >= settings.GEOCODE_MIN_SCORE:
        return found[0]
    return None
