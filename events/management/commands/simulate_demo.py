"""Play the demo district forward: the simulator's ticks for N days, on a clock pinned to each
simulated moment (no sleeping), from where the district was left. Needs DEMO_SIMULATOR on, so
that it can never file and move cases in a real city's database."""

import time

from django.conf import settings
from django.core.management.base import CommandError

from common.dryrun import DryRunCommand
from events.simulator import position, services


class Command(DryRunCommand):
    help = ("Simulate N days of the demo district (new reports, staff moving cases, the SLA "
            "sweep) in one go, from where it was left. Needs DEMO_SIMULATOR=1.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--days", type=float, default=1.0)

    def handle(self, *args, **options):
        if not settings.DEMO_SIMULATOR:
            raise CommandError("DEMO_SIMULATOR is off: the simulator files and moves cases, "
                               "so it runs only on a demo database with DEMO_SIMULATOR=1.")
        if not 0 < options["days"] <= 60:
            raise CommandError("--days must be more than 0 and at most 60.")
        started = time.monotonic()
        with self.dry_run_unless_committed(options):
            totals = services.advance(options["days"])
            until = position.get_position()
        self.stdout.write(
            f"Simulated {options['days']:g} days up to {until:%Y-%m-%d %H:%M} UTC: "
            f"{totals['reports']} new reports, {totals['moves']} moves, "
            f"{totals['ticks']} ticks in {time.monotonic() - started:.1f}s.")
