"""Forget the reporters of cases finished (closed, rated or voided) more than --older-than
days ago (default RETENTION_DAYS): phone, account link and free-text address. Location,
category and times stay for statistics; each case gets one "anonymise" step in its log.

A dry run unless given --commit: it then only counts and lists what would change."""

from django.conf import settings
from django.core.management.base import CommandError

from common.dryrun import DryRunCommand
from events.privacy.services import cases_anonymise, cases_due_for_anonymising


class Command(DryRunCommand):
    help = ("Anonymise cases closed, rated or voided more than --older-than days ago "
            "(default RETENTION_DAYS). Dry run unless --commit.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--older-than", type=int, metavar="DAYS", default=None,
                            help="Days since the case was finished (default RETENTION_DAYS).")
        parser.add_argument("--chunk-size", type=int, default=500,
                            help="Cases per transaction (default 500).")

    def handle(self, *args, **options):
        days = options["older_than"]
        days = settings.RETENTION_DAYS if days is None else days
        if days < 0 or options["chunk_size"] < 1:
            raise CommandError("--older-than must be 0 or more and --chunk-size at least 1")
        if not options["commit"]:
            due = cases_due_for_anonymising(older_than_days=days)
            return self._preview(due, days, options["verbosity"])
        done = cases_anonymise(older_than_days=days, chunk_size=options["chunk_size"])
        if options["verbosity"] >= 2:
            self.stdout.write("\n".join(done))
        self.stdout.write(self.style.SUCCESS(
            f"Anonymised {len(done)} cases finished more than {days} days ago."))

    def _preview(self, due, days: int, verbosity: int) -> None:
        count = due.count()
        self.stdout.write(f"{count} cases finished more than {days} days ago would be "
                          "anonymised.")
        if verbosity >= 2:
            self.stdout.write("\n".join(due.values_list("tracking_number", flat=True)))
        self.stdout.write(self.style.WARNING("Dry run: nothing written (use --commit)."))
