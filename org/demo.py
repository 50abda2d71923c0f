"""Demo organisation for the demo district: street offices, committees, a duty list, one
user per role and a worker for every grid. Everything is generated; no real person's data."""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from org.catalogue import COMMAND_CENTRE, ensure_district_departments
from org.models import (
    Department,
    DutyList,
    GridAssignment,
    Level,
    Matter,
    Role,
    StaffProfile,
)
from org.routing import activate
from taxonomy.models import Category, Subcategory

SURNAMES = "陈李黄梁何罗麦冯邓潘吴张刘林郑谭杨叶区卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华嘉欣锦荣志"

# (username, display name, role, department code, scope)
DEMO_USERS = [
    ("admin", "系统管理员", Role.ADMIN, COMMAND_CENTRE, ""),
    ("dispatcher", "区指挥中心派遣员", Role.DISPATCHER, COMMAND_CENTRE, ""),
    ("leader", "区指挥中心值班长", Role.SHIFT_LEADER, COMMAND_CENTRE, ""),
    ("zumiao", "祖庙街道指挥分中心派遣员", Role.DISPATCHER, COMMAND_CENTRE, "440604001"),
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
    committee (居委会 / 村委会), serving its region."""
    rows = []
    for street in streets:
        office = street.name + ("办事处" if street.name.endswith("街道") else "人民政府")
        rows.append((f"JD{street.code[-3:]}", office, Department.Kind.STREET, Level.STREET,
                     street.code, ""))
        rows += [(f"JD{street.code[-3:]}{code}", f"{street.name}{function}",
                  Department.Kind.STREET, Level.STREET, street.code, function)
                 for code, function in STREET_FUNCTIONS]
    for community in communities:
        rows.append((f"SQ{community.code[-6:]}", community.name + (
            "村委会" if community.name.endswith("村") else "居委会"),
            Department.Kind.COMMUNITY, Level.COMMUNITY, community.code, ""))
    existing = set(Department.objects.values_list("code", flat=True))
    Department.objects.bulk_create(
        Department(code=code, name=name, kind=kind, level=level, region_code=region,
                   function=function)
        for code, name, kind, level, region, function in rows if code not in existing)
    return len(rows)


def duty_list(streets, communities) -> int:
    """The demo district's active duty list (see org/duties.py for the workbook format)."""
    local_departments(streets, communities)
    listed = DutyList.objects.create(name="禅城区权责清单（示范）", source="org.demo",
                                     region_code=streets[0].parent.code)
    disputes = Category.objects.get(code="10")
    matters = [Matter(duty_list=listed, code=f"10-{sub.code}", name=f"{sub.name_zh}调处",
                      subcategory=sub, level=Level.STREET, lead="属地街道",
                      assisting=["属地街道:司法所"], legal_basis="《人民调解法》")
               for sub in disputes.subcategories.exclude(name_zh="邻里纠纷")]
    matters.append(Matter(duty_list=listed, code="10-NEIGHBOUR", name="邻里纠纷调解",
                          subcategory=Subcategory.objects.get(name_zh="邻里纠纷"),
                          level=Level.COMMUNITY, lead="属地村居", assisting=["属地街道:司法所"],
                          legal_basis="《人民调解法》第二十二条", time_limit=5,
                          time_unit=Matter.Unit.WORKING_DAYS))
    matters.append(Matter(duty_list=listed, code="STREET-VENDING", name="占道经营查处",
                          subcategory=Subcategory.objects.get(name_zh="占道经营"),
                          level=Level.STREET, lead="属地街道:城管中队",
                          legal_basis="《城市市容和环境卫生管理条例》第十四条"))
    town = next(street for street in streets if not street.name.endswith("街道"))
    matters += [Matter(duty_list=listed, code=f"05-{sub.code}-{town.code}",
                       name=f"{sub.name_zh}（镇域）", subcategory=sub, level=Level.STREET,
                       lead="属地街道", region_code=town.code)
                for sub in Category.objects.get(code="05").subcategories.all()]
    Matter.objects.bulk_create(matters)
    activate(listed)
    return len(matters)


def demo_users(password: str, worker_grids: list[str]) -> None:
    ensure_district_departments()
    User = get_user_model()
    for username, name, role, department_code, scope in DEMO_USERS:
        user = User.objects.create_user(
            username, password=password, first_name=name,
            is_staff=role in (Role.ADMIN, Role.DISPATCHER, Role.SHIFT_LEADER),
            is_superuser=role == Role.ADMIN,
        )
        department = Department.objects.get(code=department_code) if department_code else None
        StaffProfile.objects.create(user=user, role=role, department=department,
                                    scope_code=scope)
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
