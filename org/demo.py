"""Demo organisation for the demo district: street offices, duty rules, one user per role and a
worker for every grid. Everything is generated; no real person's data."""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from org.catalogue import COMMAND_CENTRE, ensure_district_departments
from org.models import Department, DutyRule, GridAssignment, Role, StaffProfile
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
]


def street_departments(streets) -> dict[str, Department]:
    """One office per street or town, serving its region."""
    offices = {}
    for street in streets:
        office, _ = Department.objects.update_or_create(
            code=f"JD{street.code[-3:]}",
            defaults={"name": street.name
                      + ("办事处" if street.name.endswith("街道") else "人民政府"),
                      "kind": Department.Kind.STREET, "region_code": street.code},
        )
        offices[street.code] = office
    return offices


def duty_rules(streets, first_community) -> int:
    """A small 权责清单 that shows every level of specificity."""
    offices = street_departments(streets)
    disputes = Category.objects.get(code="10")
    vending = Subcategory.objects.get(name_zh="占道经营")
    rules = []
    for street_code, office in offices.items():
        rules.append(DutyRule(category=disputes, region_code=street_code, department=office,
                              note="矛盾纠纷属地调处"))
        rules.append(DutyRule(subcategory=vending, region_code=street_code, department=office,
                              note="街面秩序属地管理"))
    town = next(street.code for street in streets if not street.name.endswith("街道"))
    rules.append(DutyRule(category=Category.objects.get(code="05"), region_code=town,
                          department=offices[town], note="镇域环境卫生由镇政府负责"))
    committee, _ = Department.objects.update_or_create(
        code=f"SQ{first_community.code[-6:]}",
        defaults={"name": f"{first_community.name}居委会", "kind": Department.Kind.COMMUNITY,
                  "region_code": first_community.code},
    )
    rules.append(DutyRule(subcategory=Subcategory.objects.get(name_zh="邻里纠纷"),
                          region_code=first_community.code, department=committee,
                          note="邻里纠纷由社区先行调解"))
    DutyRule.objects.bulk_create(rules)
    return len(rules)


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
