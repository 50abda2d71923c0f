"""The standard functional departments of a Chinese district, which the taxonomy's defaults
name by code. Street offices and communities depend on the district and come with its regions.
"""

from django.db import transaction

from common import reference
from org.models import ComponentKind, DefaultOwner, Department
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

# Kinds of city component (部件) after GB/T 30428.2's 公用设施 class, each with the codes of
# the subcategories whose reports a registered component of the kind decides.
MANHOLE_COVERS = ["01001", "01002"]  # 井盖丢失, 井盖破损
STREET_LAMPS = ["01007", "01008"]  # 路灯不亮, 路灯设施损坏
HYDRANTS = ["01006"]  # 消火栓损坏
COMPONENT_KINDS = [
    *((f"{utility}井盖", MANHOLE_COVERS)
      for utility in ("供水", "污水", "雨水", "电力", "通信", "燃气", "热力", "不明")),
    ("路灯", STREET_LAMPS),
    ("消防栓", HYDRANTS),
]


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


def ensure_component_kinds(subcategories: dict) -> int:
    """Create the standard component kinds that are missing, linked to their subcategories.
    A kind that exists is left as the administrators made it."""
    existing = set(ComponentKind.objects.values_list("name", flat=True))
    created = 0
    for name, codes in COMPONENT_KINDS:
        if name in existing:
            continue
        kind = ComponentKind.objects.create(name=name)
        kind.subcategories.set([subcategories[code] for code in codes])
        created += 1
    return created


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
    counts["component_kinds_created"] = ensure_component_kinds(subcategories)
    reference.changed()
    return counts
