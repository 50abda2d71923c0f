import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from grids.exporter import export_generation
from grids.models import Generation, Region


class Command(BaseCommand):
    help = ("Write a generation's regions (default: the active one, all levels) as a GeoJSON "
            "FeatureCollection that import_grids reads back. FILE '-' writes to stdout.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="Output .geojson file, or - for stdout.")
        parser.add_argument("--generation", type=int, default=None, help="Generation id.")
        parser.add_argument("--level", choices=Region.Level.values, default=None)

    def handle(self, *args, **options):
        generations = Generation.objects.all()
        generation = (generations.filter(pk=options["generation"]).first()
                      if options["generation"] else generations.filter(is_active=True).first())
        if generation is None:
            raise CommandError("No such generation (and no active one).")
        collection = export_generation(generation, options["level"])
        text = json.dumps(collection, ensure_ascii=False)
        if options["file"] == "-":
            self.stdout.write(text)
            return
        Path(options["file"]).write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {len(collection['features'])} regions of generation "
                          f"#{generation.pk} “{generation.name}” to {options['file']}.")
