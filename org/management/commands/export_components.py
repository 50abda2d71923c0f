from pathlib import Path

from django.core.management.base import BaseCommand

from org import components


class Command(BaseCommand):
    help = ("Write the component register to a GeoJSON FeatureCollection of WGS84 points "
            "(properties code, kind, owner, owner_name), as import_components reads it.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        count = components.export_components(options["file"])
        self.stdout.write(f"Wrote {count} components to {options['file']}.")
