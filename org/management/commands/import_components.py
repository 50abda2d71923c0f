from pathlib import Path

from django.core.management.base import CommandError

from common.dryrun import DryRunCommand
from org import components

LISTED = 50  # problems listed in full; the rest are counted


class Command(DryRunCommand):
    help = ("Import the component register (部件: manhole covers, street lamps, hydrants …) "
            "from a GeoJSON FeatureCollection of points with the properties code, kind and "
            "owner (a department code); create or update by code. Every problem of the file "
            "is reported in one run, by feature number; nothing is imported while there is "
            "one, unless --skip-invalid. A dry run unless --commit.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", type=Path, help=".geojson / .json")
        parser.add_argument("--crs", choices=components.CRS_CHOICES, default="wgs84",
                            help="Coordinates of the file: wgs84 (GPS, the default) or gcj02 "
                                 "(Chinese web maps: AMap, Tencent), converted to WGS84.")
        parser.add_argument("--skip-invalid", action="store_true",
                            help="Import the valid features and leave out the others.")
        parser.add_argument("--delete-missing", action="store_true",
                            help="Delete registered components whose code is not in the file.")

    def handle(self, *args, **options):
        path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        try:
            register = components.read_components(path, crs=options["crs"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Read {register.features} features; {len(register.rows)} usable "
                          f"({options['crs']}).")
        for line in register.errors[:LISTED]:
            self.stdout.write(self.style.ERROR(f"Error: {line}"))
        if len(register.errors) > LISTED:
            self.stdout.write(self.style.ERROR(
                f"… and {len(register.errors) - LISTED} more errors ({len(register.errors)} "
                "in all)."))
        if register.errors and not options["skip_invalid"]:
            raise CommandError(f"{len(register.errors)} error(s): nothing imported "
                               "(--skip-invalid imports the valid features).")
        if options["delete_missing"] and register.errors:
            raise CommandError("--delete-missing needs a file without errors: a component "
                               "left out for an error would be deleted.")
        with self.dry_run_unless_committed(options):
            counts = components.save_components(register.rows,
                                                delete_missing=options["delete_missing"])
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
