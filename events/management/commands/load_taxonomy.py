from events.taxonomy import load_taxonomy
from governance.dryrun import DryRunCommand


class Command(DryRunCommand):
    help = "Load the 17 categories and 133 subcategories with their time limits (idempotent)."

    def handle(self, *args, **options):
        with self.dry_run_unless_committed(options):
            counts = load_taxonomy()
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
