from common.dryrun import DryRunCommand
from org.catalogue import load_catalogue


class Command(DryRunCommand):
    help = ("Load the 17 categories and 133 subcategories with their time limits and default "
            "departments (idempotent).")

    def handle(self, *args, **options):
        with self.dry_run_unless_committed(options):
            counts = load_catalogue()
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
