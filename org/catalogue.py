"""The standard functional departments of a Chinese district, which the taxonomy's defaults
name by code. Street offices and communities depend on the district and come with its regions.
"""

from django.db import transaction

from common import reference
from org.models import DefaultOwner, Department
from taxonomy.data import CATEGORIES
from taxonomy.loader import load_taxonomy
from taxonomy.models import Subcategory

K = Department.Kind

DISTRICT_DEPARTMENTS = [
    ("CMD", "区城市运行管理指挥中心", K.COMMAND),
    ("CGJ", "区城市管理和综合执法局", K.BUREAU),
    ("ZJJ", "区住房城乡建设和水利局", K.BUREAU),
    ("JTJ", "区交通运输局", K.BUREAU),
    ("GAJ", "公安分局", K.BUREAU),
    ("JJD", "交警大队", K.BUREAU),
    ("XFJ", "消防救援大队", K.BUREAU),
    ("YJJ", "区应急管理局", K.BUREAU),
    ("SJJ", "区市场监督管理局", K.BUREAU),
    ("HBJ", "生态环境分局", K.BUREAU),
    ("WJJ", "区卫生健康局", K.BUREAU),
    ("MZJ", "区民政局", K.BUREAU),
    ("RSJ", "区人力资源和社会保障局", K.BUREAU),
    ("SFJ", "区司法局", K.BUREAU),
    ("ZRJ", "自然资源分局", K.BUREAU),
    ("YLZ", "区园林绿化管理中心", K.BUREAU),
    ("GSG", "供水公司", K.UTILITY),
    ("PSG", "排水公司", K.UTILITY),
    ("GDJ", "供电局", K.UTILITY),
    ("RQG", "燃气公司", K.UTILITY),
    ("TXG", "通信管线运营商", K.UTILITY),
    ("LDS", "路灯管理所", K.UTILITY),
    ("HWG", "环卫公司", K.UTILITY),
]
COMMAND_CENTRE = "CMD"
# On duty day and night (24小时值班): command centres, utilities and these emergency services.
AROUND_THE_CLOCK = {"GAJ", "JJD", "XFJ"}


def on_duty_around_the_clock(code: str, kind: str) -> bool:
    return kind in (K.COMMAND, K.UTILITY) or code in AROUND_THE_CLOCK


def ensure_district_departments() -> int:
    """Create the standard departments that are missing; returns how many were created."""
    existing = set(Department.objects.values_list("code", flat=True))
    missing = [
        Department(code=code, name=name, kind=kind, email=f"{code.lower()}@grid.example",
                   works_around_the_clock=on_duty_around_the_clock(code, kind))
        for code, name, kind in DISTRICT_DEPARTMENTS
        if code not in existing
    ]
    Department.objects.bulk_create(missing)
    return len(missing)


@transaction.atomic
def load_catalogue() -> dict[str, int]:
    """The taxonomy with the standard departments and each subcategory's default department
    (the catalogue's `department` code), idempotently."""
    counts = {"departments_created": ensure_district_departments(), **load_taxonomy()}
    departments = {d.code: d for d in Department.objects.all()}
    subcategories = {s.code: s for s in Subcategory.objects.all()}
    for category in CATEGORIES:
        for spec in category["subcategories"]:
            DefaultOwner.objects.update_or_create(
                subcategory=subcategories[spec["code"]],
                defaults={"department": departments[spec["department"]]})
    reference.changed()
    return counts
