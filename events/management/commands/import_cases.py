import csv
import sys
import time
from pathlib import Path

from django.core.management.base import CommandError
from tqdm import tqdm

from common.dryrun import DryRunCommand
from common.spreadsheet import safe_row
from events.intake.importer import OPTIONAL, REQUIRED, import_cases
from events.models import Source

LISTED = 20


class Command(DryRunCommand):
    help = (f"Import historical cases from CSV (columns {', '.join(REQUIRED)}; optional "
            f"{', '.join(OPTIONAL)}; lat and lon may be left out when there is an address or "
            "address_code column: such rows are placed by the standard address register). "
            "Rows are located in the active grid generation and "
            "routed by the duty list unless they name a department; bad rows are listed with "
            "their line numbers. A dry run unless --commit. The import is one transaction: on "
            "SQLite it holds the write lock while it runs, so run it when the site is quiet.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", type=Path)
        parser.add_argument("--encoding", default="utf-8-sig",
                            help="e.g. gb18030 for spreadsheets saved by Chinese Excel.")
        parser.add_argument("--source", choices=Source.values, default=Source.CITIZEN,
                            help="Source recorded on every imported case.")
        parser.add_argument("--batch-size", type=int, default=2000)
        parser.add_argument("--rejects", type=Path, default=None,
                            help="Write the rejected rows with line and reason to this CSV.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        started = time.monotonic()
        with self.dry_run_unless_committed(options):
            try:
                result = import_cases(
                    path, encoding=options["encoding"], source=options["source"],
                    batch_size=options["batch_size"], progress=self._progress(path, options))
            except (ValueError, UnicodeDecodeError) as error:
                raise CommandError(f"{path.name}: {error}") from error
            self._print(result, time.monotonic() - started)
        if options["rejects"] and result.rejected:
            self._write_rejects(options["rejects"], result.rejected)

    def _progress(self, path: Path, options):
        with path.open("rb") as handle:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))

        def progress(rows):
            return tqdm(rows, total=max(lines - 1, 0), file=sys.stderr, unit=" rows",
                        disable=options["no_progress"], desc="import")

        return progress

    def _print(self, result, seconds: float) -> None:
        rate = result.read / seconds if seconds else 0
        placed = f", {result.geocoded} placed by their address" if result.geocoded else ""
        self.stdout.write(
            f"Read {result.read} rows in {seconds:.1f}s ({rate:,.0f} rows/s): imported "
            f"{result.imported} ({result.outside_grids} outside every grid, {result.manual} "
            f"for manual dispatch{placed}), rejected {len(result.rejected)}.")
        for rejection in result.rejected[:LISTED]:
            self.stdout.write(self.style.WARNING(
                f"Line {rejection.line}: {rejection.reason}"))
        if len(result.rejected) > LISTED:
            self.stdout.write(self.style.WARNING(
                f"… and {len(result.rejected) - LISTED} more rejected rows."))

    def _write_rejects(self, path: Path, rejected) -> None:
        columns = ["line", "reason", *dict.fromkeys(k for r in rejected for k in r.row)]
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            # Opened in a spreadsheet to fix the rows, and the file's own cells, its column
            # names too, may be formulas.
            writer = csv.writer(handle)
            writer.writerow(safe_row(columns))
            for rejection in rejected:
                cells = {**rejection.row, "line": rejection.line, "reason": rejection.reason}
                writer.writerow(safe_row([cells.get(column, "") for column in columns]))
        self.stdout.write(f"Rejected rows written to {path}.")
