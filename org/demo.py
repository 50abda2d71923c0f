"""Demo organisation for the demo district: street offices, committees, a duty list, one
user per role and a worker for every grid. Everything is generated; no real person's data."""

import random
from collections import defaultdict

import numpy as np
import shapely
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from common import reference
from grids.geometry import km_per_degree
from org.catalogue import COMMAND_CENTRE, ensure_district_departments
from org.components import insert_components
from org.demo_duties import (
    ALTERNATIVES,
    COERCION_DAYS,
    COERCIONS,
    DEFAULTS,
    PENALTIES,
    PENALTY_DAYS,
    TOWN_SANITATION,
)
from org.demo_duties import STREET as STREET_OFFICE
from org.models import (
    DISPATCHING,
    Component,
    ComponentKind,
    Department,
    DutyList,
    GridAssignment,
    Level,
    Matter,
    Role,
    StaffProfile,
)
from org.routing import activate
from taxonomy.data import CATEGORIES
from taxonomy.models import Subcategory

SURNAMES = "陈李黄梁何罗麦冯邓潘吴张刘林郑谭杨叶区卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华嘉欣锦荣志"

# (username, display name, role, department code, scope)
DEMO_USERS = [
    ("admin", "系统管理员", Role.ADMIN, COMMAND_CENTRE, ""),
    ("dispatcher", "区指挥中心派遣员", Role.DISPATCHER, COMMAND_CENTRE, ""),
    ("leader", "区指挥中心值班长", Role.SHIFT_LEADER, COMMAND_CENTRE, ""),
    ("zumiao", "祖庙街道指挥分中心派遣员", Role.DISPATCHER, COMMAND_CENTRE, "440604001"),
    # The demo worker's community: its committee dispatches at community level and handles
    # its own (属地村居) matters with the same account.
    ("village", "社区居委会派遣员", Role.DISPATCHER, "SQ001001", "440604001001"),
    ("handler", "城管执法局处置员", Role.HANDLER, "CGJ", ""),
    ("drainage", "排水公司处置员", Role.HANDLER, "PSG", ""),
    ("worker", "祖庙街道网格员", Role.GRID_WORKER, None, ""),
    ("operator", "12345 热线话务员", Role.OPERATOR, COMMAND_CENTRE, ""),
]


# Street-level bodies of every street office, named in duty lists as 属地街道:<function>.
STREET_FUNCTIONS = [("SFS", "司法所"), ("AWB", "爱卫办"), ("CGZD", "城管中队"),
                    ("AJB", "安监办"), ("LDB", "劳动保障所")]


def local_departments(streets, communities) -> int:
    """属地 bodies: each street's office and its functional bodies, and each community's
    committee (居委会 / 村委会), serving its region. Each answers to the body above it (上级部门):
    bodies and committees to their street office, street offices to the command centre."""
    rows = []  # (code, name, kind, level, region, function, parent code)
    for street in streets:
        office = f"JD{street.code[-3:]}"
        rows.append((office, street.name + ("办事处" if street.name.endswith("街道") else
                                            "人民政府"), Department.Kind.STREET, Level.STREET,
                     street.code, "", COMMAND_CENTRE))
        rows += [(f"{office}{code}", f"{street.name}{function}", Department.Kind.STREET,
                  Level.STREET, street.code, function, office)
                 for code, function in STREET_FUNCTIONS]
    for community in communities:
        rows.append((f"SQ{community.code[-6:]}", community.name + (
            "村委会" if community.name.endswith("村") else "居委会"),
            Department.Kind.COMMUNITY, Level.COMMUNITY, community.code, "",
            f"JD{community.parent.code[-3:]}"))
    existing = set(Department.objects.values_list("code", flat=True))
    Department.objects.bulk_create(
        Department(code=code, name=name, kind=kind, level=level, region_code=region,
                   function=function)
        for code, name, kind, level, region, function, _parent in rows if code not in existing)
    ids = dict(Department.objects.values_list("code", "pk"))
    Department.objects.bulk_update([Department(pk=ids[code], parent_id=ids.get(parent))
                                    for code, *_fields, parent in rows], ["parent"])
    return len(rows)


def duty_list(streets, communities) -> int:
    """The demo district's active duty list (org/demo_duties.py; the workbook format is in
    docs/duties.md): a default matter for every subcategory, the alternatives a dispatcher may
    pick, and the town's own sanitation rows."""
    local_departments(streets, communities)
    listed = DutyList.objects.create(name="禅城区权责清单（示范）", source="org.demo",
                                     region_code=streets[0].parent.code)
    specs = {s["code"]: s for category in CATEGORIES for s in category["subcategories"]}
    subcategories = {sub.code: sub for sub in Subcategory.objects.all()}
    numbers = defaultdict(int)

    def add(code, name, lead, level, assisting, basis, handle, response=None, **fields):
        numbers[code] += 1
        amount, unit = handle or (None, "")
        return Matter(duty_list=listed, code=f"{code}-{numbers[code]:02d}", name=name,
                      subcategory=subcategories[code], level=level, lead=lead,
                      assisting=assisting, legal_basis=basis, time_limit=amount,
                      time_unit=unit, response_hours=response, **fields)

    matters = []
    for code, (name, lead, level, assisting, basis, handle, response) in DEFAULTS.items():
        handle = specs[code]["handle"] if handle is None else handle
        matters.append(add(code, name, lead or specs[code]["department"], level, assisting,
                           basis, handle, response))
    for code, name, lead, level, assisting, basis, handle in ALTERNATIVES:
        matters.append(add(code, name, lead, level, assisting, basis, handle,
                           is_default=False))
    for matter in [m for m in matters if m.is_default and m.subcategory.code in PENALTIES]:
        sub = matter.subcategory
        matters.append(add(sub.code, f"对{sub.name_zh}违法行为的行政处罚", matter.lead,
                           matter.level, [], matter.legal_basis, (PENALTY_DAYS, "wd"),
                           is_default=False))
    for matter in [m for m in matters if m.is_default and m.subcategory.code in COERCIONS]:
        name, basis = COERCIONS[matter.subcategory.code]
        matters.append(add(matter.subcategory.code, name, matter.lead, matter.level, [], basis,
                           (COERCION_DAYS, "wd"), is_default=False))
    town = next(street for street in streets if not street.name.endswith("街道"))
    for matter in [m for m in matters if m.code.split("-")[0] in TOWN_SANITATION
                   and m.is_default]:
        matters.append(Matter(**{**_fields(matter), "lead": STREET_OFFICE, "level": Level.STREET,
                                 "region_code": town.code,
                                 "name": f"{matter.name}（{town.name}环卫站）"}))
    Matter.objects.bulk_create(matters)
    activate(listed)
    return len(matters)


def _fields(matter: Matter) -> dict:
    return {f.name: getattr(matter, f.name) for f in Matter._meta.concrete_fields
            if not f.primary_key}


# Supervising bodies (行业主管部门) of the district's companies and services: an overdue case
# of theirs escalates there first (org/supervision.py). The rest answer to the command centre.
SUPERVISORS = {"PSG": "ZJJ", "GSG": "ZJJ", "RQG": "ZJJ", "HWG": "CGJ", "LDS": "CGJ",
               "JJD": "GAJ"}


def command_centres(streets) -> int:
    """Each street's command sub-centre (街道指挥分中心), on duty day and night and supervised by
    its street office, and the district bodies' supervising bodies; returns the centres made."""
    existing = set(Department.objects.values_list("code", flat=True))
    offices = {d.region_code: d for d in Department.objects.filter(
        kind=Department.Kind.STREET, function="", region_code__in=[s.code for s in streets])}
    centres = [Department(code=f"JD{street.code[-3:]}ZHZX", name=f"{street.name}指挥分中心",
                          kind=Department.Kind.COMMAND, level=Level.STREET,
                          region_code=street.code, function="指挥分中心",
                          works_around_the_clock=True, parent=offices.get(street.code))
               for street in streets if f"JD{street.code[-3:]}ZHZX" not in existing]
    Department.objects.bulk_create(centres)
    by_code = {d.code: d for d in Department.objects.filter(
        code__in=[*SUPERVISORS, *SUPERVISORS.values()])}
    for code, supervisor in SUPERVISORS.items():
        if code in by_code and supervisor in by_code:
            Department.objects.filter(code=code).update(parent=by_code[supervisor])
    reference.changed()
    return len(centres)


# What the district's command centre configures in the admin: its campaigns (专项行动) and
# their forms. Street and community accounts run what the district launches.
CENTRE_CONFIGURATION = ("指挥中心配置", [
    f"campaigns.{verb}_{model}" for model in ("campaign", "formfield")
    for verb in ("add", "change", "view")] + ["campaigns.delete_formfield", "campaigns.view_task"])


def centre_configuration_group():
    name, codenames = CENTRE_CONFIGURATION
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(Permission.objects.filter(
        content_type__app_label="campaigns",
        codename__in=[code.split(".")[1] for code in codenames]))
    return group


def demo_users(password: str, worker_grids: list[str]) -> None:
    ensure_district_departments()
    User = get_user_model()
    for username, name, role, department_code, scope in DEMO_USERS:
        configures = role in DISPATCHING \
            and department_code == COMMAND_CENTRE and not scope
        user = User.objects.create_user(
            username, password=password, first_name=name,
            is_staff=role == Role.ADMIN or configures, is_superuser=role == Role.ADMIN,
        )
        department = Department.objects.get(code=department_code) if department_code else None
        StaffProfile.objects.create(user=user, role=role, department=department,
                                    scope_code=scope)
        if configures:
            user.groups.add(centre_configuration_group())
    worker = User.objects.get(username="worker")
    GridAssignment.objects.bulk_create(
        GridAssignment(worker=worker, grid_code=code) for code in worker_grids
    )


def grid_workers(grid_codes: list[str], taken: set[str], seed: int) -> int:
    """One generated worker (no usable password) for every grid without one."""
    rng = random.Random(seed)
    User = get_user_model()
    unusable = make_password(None)
    codes = [code for code in grid_codes if code not in taken]
    users = User.objects.bulk_create(
        User(username=f"gw{code}", password=unusable,
             first_name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2)))))
        for code in codes
    )
    StaffProfile.objects.bulk_create(StaffProfile(user=u, role=Role.GRID_WORKER) for u in users)
    GridAssignment.objects.bulk_create(
        GridAssignment(worker=user, grid_code=code) for user, code in zip(users, codes)
    )
    return len(users)


# The demo register of components: (kind, share of the covers or None, code, owner). Owners are
# department codes; None is the street's 城管中队 (a cover nobody claims is the street's to
# make safe). Foshan has no district heating, so no 热力井盖.
COVER_KINDS = [("污水井盖", 30, "WS", "PSG"), ("雨水井盖", 25, "YS", "PSG"),
               ("供水井盖", 16, "GS", "GSG"), ("电力井盖", 10, "DL", "GDJ"),
               ("通信井盖", 10, "TX", "TXG"), ("燃气井盖", 6, "RQ", "RQG"),
               ("不明井盖", 3, "BM", None)]
COVER_SPACING_M, LAMP_SPACING_M, HYDRANT_SPACING_M = 150, 200, 400
LAMP_SETBACK_M, HYDRANT_SETBACK_M = 6, 4  # from the middle of the road


def component_register(grid_shapes, streets, seed: int) -> int:
    """Manhole covers, street lamps and hydrants along the demo roads (the grid boundaries),
    with mixed owners. `streets` is [(street code, polygon)]."""
    rng = random.Random(seed)
    roads = shapely.get_parts(shapely.union_all([shape.boundary for shape in grid_shapes]))
    kinds = dict(ComponentKind.objects.values_list("name", "pk"))
    departments = dict(Department.objects.values_list("code", "pk"))
    district = streets[0][0][:6]
    tree = shapely.STRtree([polygon for _code, polygon in streets])
    district_area = shapely.union_all([polygon for _code, polygon in streets])
    shapely.prepare(district_area)

    def along(spacing, setback):  # the district's edge is no road of its own
        points = _along(roads, spacing, setback, rng)
        inside = shapely.contains_xy(district_area, *zip(*points, strict=True))
        return [point for point, keep in zip(points, inside, strict=True) if keep]

    rows = []
    covers = along(COVER_SPACING_M, 0)
    picks = rng.choices(COVER_KINDS, weights=[k[1] for k in COVER_KINDS], k=len(covers))
    for i, ((lon, lat), (kind, _share, abbr, owner)) in enumerate(zip(covers, picks), 1):
        owner = owner or _street_squad(tree, streets, lon, lat)
        rows.append((f"{district}-{abbr}-{i:05d}", kinds[kind], departments[owner], lat, lon))
    for kind, abbr, owner, spacing, setback in (("路灯", "LD", "LDS", LAMP_SPACING_M,
                                                  LAMP_SETBACK_M),
                                                 ("消防栓", "XF", "GSG", HYDRANT_SPACING_M,
                                                  HYDRANT_SETBACK_M)):
        rows += [(f"{district}-{abbr}-{i:05d}", kinds[kind], departments[owner], lat, lon)
                 for i, (lon, lat) in enumerate(along(spacing, setback), 1)]
    existing = set(Component.objects.values_list("code", flat=True))
    insert_components([row for row in rows if row[0] not in existing])
    reference.changed()
    return len(rows)


def _street_squad(tree, streets, lon, lat) -> str:
    hits = tree.query(shapely.Point(lon, lat), predicate="intersects")
    return f"JD{streets[int(hits[0])][0][-3:]}CGZD" if len(hits) else "CGJ"


def _along(lines, spacing_m: float, setback_m: float, rng) -> list[tuple[float, float]]:
    """(lon, lat) every `spacing_m` along each road line, set back to one side by
    `setback_m`."""
    kx, ky = (1000 * k for k in km_per_degree(float(shapely.get_coordinates(lines[0])[0, 1])))
    metre = 1 / ky  # degrees per metre along a line, close enough for spacing
    starts, positions = [], []
    for index, length in enumerate(shapely.length(lines)):
        offset = rng.uniform(0, spacing_m * metre)
        spots = np.arange(offset, length, spacing_m * metre)
        starts += [index] * len(spots)
        positions.append(spots)
    parts = lines[np.array(starts, dtype=int)]
    at = np.concatenate(positions) if positions else np.array([])
    here = shapely.get_coordinates(shapely.line_interpolate_point(parts, at))
    ahead = shapely.get_coordinates(shapely.line_interpolate_point(parts, at + metre))
    dx, dy = (ahead[:, 0] - here[:, 0]) * kx, (ahead[:, 1] - here[:, 1]) * ky
    norm = np.hypot(dx, dy)
    norm[norm == 0] = 1
    lon = here[:, 0] - dy / norm * setback_m / kx
    lat = here[:, 1] + dx / norm * setback_m / ky
    return list(zip(lon.round(7).tolist(), lat.round(7).tolist(), strict=True))
