from pathlib import Path

from django.core.management.base import CommandError

from common.dryrun import DryRunCommand
from places import importer


class Command(DryRunCommand):
    help = ("Import standard addresses (四标四实) from CSV (UTF-8 or GB18030) or GeoJSON points: "
            "地址编码, 镇街, 村居, 路巷, 门牌号, 小区, 楼栋, 单元, 房号, 经度, 纬度. Dry run "
            "unless --commit; every problem is listed by row and nothing is written while "
            "there is one.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument("--crs", choices=["wgs84", "gcj02"], default="wgs84",
                            help="Coordinates of the file: WGS84 (default) or GCJ-02.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        to_wgs84 = None
        if options["crs"] == "gcj02":
            from common.gcj02 import gcj02_to_wgs84 as to_wgs84
        try:
            result = importer.check(importer.read_rows(path), to_wgs84)
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(str(error)) from None
        for row, code, message in result.problems:
            self.stdout.write(f"第 {row} 行 {code or '-'}：{message}")
        if result.problems:
            raise CommandError(f"{len(result.problems)} problem(s) in {result.read} row(s); "
                               "nothing written.")
        with self.dry_run_unless_committed(options):
            importer.write(result)
        self.stdout.write(f"{result.read} row(s) read: {result.created} new, "
                          f"{result.updated} updated.")
