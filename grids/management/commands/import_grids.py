import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone
from tqdm import tqdm

from common.dryrun import DryRunCommand
from grids import importer
from grids.models import Region


class Command(DryRunCommand):
    help = ("Import grid boundaries from a GeoJSON FeatureCollection or an ESRI Shapefile as a "
            "new, inactive generation; report every invalid geometry, overlap, gap and tree "
            "error of the file in one run. Overlaps are refused unless --allow-overlaps. A dry "
            "run unless --commit; the new generation becomes active only with --activate.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", type=Path, help=".geojson / .json or .shp")
        parser.add_argument("--code-property", default="code")
        parser.add_argument("--name-property", default="name")
        parser.add_argument("--parent-property", default=None,
                            help="Property holding the parent's code (default: the parent is "
                                 "the code's prefix in the 15-digit scheme).")
        parser.add_argument("--srid", default=None,
                            help="CRS of the coordinates when the file does not name it, "
                                 "e.g. 3857 or EPSG:4547.")
        parser.add_argument("--encoding", default=None,
                            help="Shapefile attribute encoding (default: the .cpg file, else "
                                 "UTF-8, else GB18030).")
        parser.add_argument("--name", default=None, help="Name of the new generation.")
        parser.add_argument("--tolerance", type=float, default=1.0,
                            help="Overlaps and gaps up to this many m² are not reported.")
        parser.add_argument("--allow-overlaps", action="store_true",
                            help="Import grids that overlap by more than --tolerance, with a "
                                 "warning, instead of refusing the file (a point in an "
                                 "overlap lies in two grids).")
        parser.add_argument("--max-vertices", type=int, default=importer.MAX_VERTICES,
                            help="A feature with more vertices is refused (default "
                                 f"{importer.MAX_VERTICES:,}).")
        parser.add_argument("--make-valid", action="store_true",
                            help="Repair invalid geometries instead of refusing the file.")
        parser.add_argument("--activate", action="store_true",
                            help="Make the new generation the active one (with --commit).")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        report = self._read(options)
        self._print(report)
        if report.blocking:
            hint = (" (--allow-overlaps accepts the overlaps)"
                    if report.overlaps and not report.allow_overlaps else "")
            raise CommandError(f"{len(report.blocking)} error(s): nothing imported{hint}.")
        name = options["name"] or f"{options['file'].stem} {timezone.localdate():%Y-%m-%d}"
        with self.dry_run_unless_committed(options):
            generation = importer.save(report, name=name, activate=options["activate"])
            state = "active" if options["activate"] else "inactive (activate it in the admin)"
            self.stdout.write(f"Generation #{generation.pk} “{generation.name}”: {state}.")

    def _read(self, options) -> importer.Report:
        path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")

        def progress(iterable, **kwargs):
            return tqdm(iterable, file=sys.stderr, disable=options["no_progress"],
                        unit=" features", **kwargs)

        try:
            source = importer.read_boundaries(
                path, code_property=options["code_property"],
                name_property=options["name_property"],
                parent_property=options["parent_property"], srid=options["srid"],
                encoding=options["encoding"], max_vertices=options["max_vertices"],
                progress=progress)
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        report = importer.build_tree(source, parent_property=bool(options["parent_property"]),
                                     make_valid=options["make_valid"])
        importer.check(report, tolerance_m2=options["tolerance"],
                       allow_overlaps=options["allow_overlaps"])
        return report

    def _print(self, report: importer.Report) -> None:
        source = report.source
        self.stdout.write(f"Read {len(source.features)} features; coordinates: {source.crs}.")
        counts = ", ".join(f"{report.count(level)} {level}" for level in Region.Level.values)
        self.stdout.write(f"Regions: {counts}; {len(report.derived)} parent(s) built as the "
                          "union of their children.")
        for warning in source.warnings:
            self.stdout.write(self.style.WARNING(f"Warning: {warning}"))
        for errors in report.error_groups():  # listed kind by kind: none hides another
            self._list("Error", errors, self.style.ERROR)
        if report.allow_overlaps:
            self._list("Overlap", report.overlap_lines(), self.style.WARNING)
        self._list("Gap", report.gap_lines(), self.style.WARNING)
        if not (report.blocking or report.overlaps or report.gaps or report.uncovered):
            self.stdout.write(self.style.SUCCESS("No invalid geometries, overlaps or gaps."))

    def _list(self, kind: str, lines: list[str], style) -> None:
        for line in lines[:importer.LISTED]:
            self.stdout.write(style(f"{kind}: {line}"))
        if len(lines) > importer.LISTED:
            self.stdout.write(style(f"… and {len(lines) - importer.LISTED} more "
                                    f"{kind.lower()}s ({len(lines)} in all)."))
