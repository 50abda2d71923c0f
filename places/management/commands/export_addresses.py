from django.core.management.base import BaseCommand

from places import importer
from places.models import Address


class Command(BaseCommand):
    help = "Write the standard address register as CSV in the import format ('-' for stdout)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        addresses = Address.objects.order_by("code").iterator(chunk_size=5000)
        if options["file"] == "-":
            count = importer.export(self.stdout, addresses)
        else:
            with open(options["file"], "w", encoding="utf-8-sig", newline="") as handle:
                count = importer.export(handle, addresses)
            self.stdout.write(f"{count} address(es) written to {options['file']}.")
