from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from org import duties


class Command(BaseCommand):
    help = ("Write the active duty list and the department register as an Excel workbook "
            "(sheets 部门 and 权责事项) that import_duties reads back.")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the workbook to write (.xlsx)")

    def handle(self, *args, **options):
        try:
            listed = duties.export(options["file"])
        except (duties.WorkbookError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"“{listed.name}”: {listed.matters.count()} matters written to "
                          f"{options['file']}.")
