"""Find standard addresses from free text, and the nearest one to a point.

Candidates come from the database, through a trigram index (on PostgreSQL pg_trgm's GIN index,
which serves `LIKE '%…%'`; on SQLite an FTS5 trigram table, where a phrase is a substring):
first the addresses containing the whole normalised query, the shortest of at most
CONTAINING; when none does (a slip, a word too many), the query is cut in PARTS pieces and
the addresses containing all of them but one are taken, for each piece left out in turn (at
most PART_ROWS each), those found most often first. Either way the database reads a bounded
number of rows, whatever the size of the register and however common a street's name (the
benchmark: bench/addresses.py). Text of one or two characters (a short road name), which no
trigram index serves, is matched with a plain LIKE that stops at CANDIDATES rows.
Candidates are then ranked here,
the same on both: the share of the query's character pairs and numbers found in the address
(recall, which decides), and the share of the address the query covers (so that 祖庙路12号
ranks the house before its rooms). Scores run from 0 to 1.
"""

import math
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from grids.geometry import km_per_degree
from places.models import Address
from places.text import grams, normalise

CANDIDATES = 100  # ranked here; the true match is among the first few dozen
CONTAINING = 400  # rows containing the whole query read, of which the shortest are kept
PARTS = 4  # pieces a query that nothing contains is cut into
PART_ROWS = 100  # rows read per combination of pieces


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
    """The addresses most like the query (see the module docstring)."""
    return Address.objects.filter(pk__in=_containing(query) or _all_but_one_ids(query))


def _rows_containing(parts: list[str]) -> tuple[str, list]:
    """SQL for the ids of at most %s addresses containing every part (in this order on
    PostgreSQL), and its parameters before that limit. On SQLite, parts of three characters
    or more are phrases of the FTS5 trigram table (a phrase is a substring match)."""
    if connection.vendor == "sqlite" and any(len(part) >= 3 for part in parts):
        phrases = " AND ".join('"' + part.replace('"', '""') + '"'
                               for part in parts if len(part) >= 3)
        return ("SELECT rowid AS id FROM places_address_fts WHERE places_address_fts MATCH %s "
                "LIMIT %s", [phrases])
    escape = " ESCAPE '\\'" if connection.vendor == "sqlite" else ""  # PostgreSQL's default
    pattern = "%" + "%".join(part.replace("\\", "\\\\").replace("%", "\\%")
                             .replace("_", "\\_") for part in parts) + "%"
    return f"SELECT id FROM places_address WHERE search LIKE %s{escape} LIMIT %s", [pattern]


def _containing(query: str) -> list[int]:
    # LIMIT inside: a query as common as a road's name stops reading at CONTAINING rows (a
    # query of one or two characters, which no trigram index serves, sooner).
    inner, params = _rows_containing([query])
    limit = CONTAINING if len(query) >= 3 else CANDIDATES
    return _ids(f"SELECT a.id FROM ({inner}) found JOIN places_address a ON a.id = found.id "
                "ORDER BY length(a.search), a.id LIMIT %s", [*params, limit, CANDIDATES],
                indexed=len(query) >= 3)


def _all_but_one_ids(query: str) -> list[int]:
    """The query cut in PARTS pieces; the addresses containing all of them but one, for each
    one left out in turn (a slip spoils one piece), the most pieces first. Each such search
    is an AND of trigrams, which the index answers from the rarest one."""
    count = min(PARTS, len(query) // 3)  # three characters at least: a trigram each
    if count < 2:
        return []
    cuts = [len(query) * i // count for i in range(count + 1)]
    pieces = [query[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]
    parts = [_rows_containing(pieces[:i] + pieces[i + 1:]) for i in range(len(pieces))]
    union = " UNION ALL ".join(f"SELECT * FROM ({sql}) s{i}" for i, (sql, _) in enumerate(parts))
    return _ids(f"SELECT f.id FROM ({union}) f JOIN places_address a ON a.id = f.id "
                "GROUP BY f.id, a.search ORDER BY count(*) DESC, length(a.search), f.id LIMIT %s",
                [v for _, params in parts for v in (*params, PART_ROWS)] + [CANDIDATES],
                indexed=True)


def _ids(sql: str, params: list, *, indexed: bool) -> list[int]:
    """Run a candidate query. On PostgreSQL, text of three characters or more always goes
    through the trigram index: for `LIKE … LIMIT` the planner guesses from the pattern alone
    that a sequential scan soon finds enough rows, and when none matches it reads the whole
    table (a second for a million addresses, where the index answers in milliseconds)."""
    force = indexed and connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if force:
            cursor.execute("SET enable_seqscan = off")
        done = False
        try:
            cursor.execute(sql, params)
            ids = [row[0] for row in cursor.fetchall()]
            done = True
        finally:
            # After an error inside a transaction, its rollback undoes the SET (and a RESET
            # would fail in the aborted transaction, hiding the error).
            if force and (done or not connection.in_atomic_block):
                cursor.execute("RESET enable_seqscan")
        return ids


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
