"""Management commands that change data are dry runs unless given --commit (as in MapIt)."""

from contextlib import contextmanager

from django.core.management.base import BaseCommand
from django.db import transaction


class DryRunCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="Write the changes.")

    @contextmanager
    def dry_run_unless_committed(self, options):
        """Run the body in a transaction that is rolled back unless --commit was given."""
        with transaction.atomic():
            yield
            if not options["commit"]:
                transaction.set_rollback(True)
                self.stdout.write(self.style.WARNING("Dry run: nothing written (use --commit)."))
