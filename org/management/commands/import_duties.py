import time
from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from common.dryrun import DryRunCommand
from org import duties


class Command(DryRunCommand):
    help = ("Import a duty list (权责清单) from an Excel workbook with the sheets 部门 and "
            "权责事项 (docs/duties.md): departments are created or updated by code, the "
            "matters become a new, inactive list. Every problem of the file is named by "
            "sheet, row and code in one run, and with any problem nothing is written. A dry "
            "run unless --commit; the new list becomes active only with --activate.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file", type=Path, help="the workbook (.xlsx)")
        parser.add_argument("--region", default="",
                            help="Code of the region the whole list applies to (default: the "
                                 "district of the active grid generation).")
        parser.add_argument("--name", default=None, help="Name of the new list.")
        parser.add_argument("--activate", action="store_true",
                            help="Make the new list the one routing uses (with --commit).")

    def handle(self, *args, **options):
        path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        started = time.monotonic()
        try:
            plan = duties.check(duties.read(path), region_code=options["region"])
        except duties.WorkbookError as error:
            raise CommandError(str(error)) from error
        self._print(plan, time.monotonic() - started)
        if plan.problems:
            raise CommandError(f"{len(plan.problems)} problem(s): nothing imported.")
        name = options["name"] or f"{path.stem} {timezone.localdate():%Y-%m-%d}"
        with self.dry_run_unless_committed(options):
            listed = duties.save(plan, name=name, source=path.name,
                                 activate=options["activate"])
            state = "active" if options["activate"] else "inactive (activate it with --activate " \
                "or in the admin)"
            self.stdout.write(f"Duty list #{listed.pk} “{listed.name}” with "
                              f"{len(plan.matters)} matters: {state}.")

    def _print(self, plan: duties.Plan, seconds: float) -> None:
        c = plan.counts
        if "matters" in c:
            self.stdout.write(
                f"Region {plan.region_code}: {c['departments_new']} new and "
                f"{c['departments_updated']} changed department(s); {c['matters']} matters over "
                f"{c['subcategories']} subcategories ({c['defaults']} default, "
                f"{c['regional']} for a street or community); {c['references_checked']} 属地 "
                f"reference(s) checked in every region; {c['subcategories_without_default']} "
                f"subcategories without a default matter (their default department applies). "
                f"Checked in {seconds:.1f}s.")
        order = {duties.DEPARTMENTS: 0, duties.MATTERS: 1}
        for problem in sorted(plan.problems, key=lambda p: (order[p.sheet], p.row)):
            self.stdout.write(self.style.ERROR(str(problem)))
        if not plan.problems:
            self.stdout.write(self.style.SUCCESS("No problems."))
