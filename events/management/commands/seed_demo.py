import time

from django.conf import settings
from django.core.management.base import CommandError

from common.dryrun import DryRunCommand
from events.demo import DemoGrid, generate_cases
from grids.demo import seed_demo_regions
from grids.models import Region
from org.catalogue import load_catalogue
from org.demo import (
    command_centres,
    component_register,
    demo_users,
    duty_list,
    grid_workers,
)
from places.demo import demo_register


class Command(DryRunCommand):
    help = ("Build the demo district: 4 streets, 139 communities, 921 grids, departments, "
            "a duty list, a component register, one user per role, a worker per grid and "
            "--cases synthetic cases.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--cases", type=int, default=0)
        parser.add_argument("--seed", type=int, default=440604)
        parser.add_argument("--password", default=settings.DEMO_PASSWORD)
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing when the database already has regions.")

    def handle(self, *args, **options):
        if Region.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Regions already present; demo district not loaded.")
                return
            raise CommandError("The database already holds regions; the demo district goes "
                               "into an empty database only.")
        started = time.monotonic()
        with self.dry_run_unless_committed(options):
            load_catalogue()
            generation, specs = seed_demo_regions(options["seed"])
            regions = {r.code: r for r in Region.objects.filter(generation=generation)
                       .select_related("parent__parent__parent")}
            streets = [regions[s.code] for s in specs if s.level == "street"]
            communities = [regions[s.code] for s in specs if s.level == "community"]
            grid_specs = [s for s in specs if s.level == "grid"]
            matters = duty_list(streets, communities)
            command_centres(streets)
            components = component_register(
                [s.geometry for s in grid_specs],
                [(s.code, s.geometry) for s in specs if s.level == "street"], options["seed"])
            worker_grids = [s.code for s in grid_specs if s.parent_code == communities[0].code]
            demo_users(options["password"], worker_grids)
            workers = grid_workers([s.code for s in grid_specs], set(worker_grids),
                                   options["seed"])
            street_of = {s.code: s.parent_code for s in specs if s.level == "community"}
            grids = [DemoGrid(regions[s.code], s.geometry, s.weight, s.parent_code,
                              street_of[s.parent_code]) for s in grid_specs]
            register = demo_register(grid_specs, {s.code: s.name for s in specs},
                                     options["seed"])
            cases = generate_cases(options["cases"], grids, seed=options["seed"])
            counts = {level: sum(1 for s in specs if s.level == level)
                      for level in Region.Level.values}
            self.stdout.write(
                f"Demo district: {counts}, {matters} duty-list matters, {components} components, "
                f"a worker for every grid "
                f"({workers} generated, the demo worker on {len(worker_grids)}), "
                f"{register['addresses']} standard addresses ({register['houses']} houses, "
                f"{register['units']} units), "
                f"{cases} cases in {time.monotonic() - started:.1f}s."
            )
