"""Loads the 17-category, 133-subcategory catalogue of taxonomy/data.py, idempotently.

Time limits: the catalogue gives each subcategory's handling limit at normal urgency; the other
stages and urgencies follow the house rules below, which admin can then edit per row.
"""

from decimal import Decimal

from django.core.management import CommandError
from django.db import models, transaction

from common import reference
from taxonomy.data import CATEGORIES, NON_PUBLIC, REPLACED
from taxonomy.data_en import DESCRIPTIONS_EN
from taxonomy.models import Category, Stage, Subcategory, TimeLimit, Urgency

H, WH = TimeLimit.Unit.CALENDAR_HOURS, TimeLimit.Unit.WORKING_HOURS

# Accepting (立案), dispatching and on-site verification: the same for every subcategory,
# quicker as urgency rises; emergencies count calendar time.
FIXED_LIMITS = {
    Stage.ACCEPT: {Urgency.NORMAL: (2, WH), Urgency.URGENT: (1, WH), Urgency.EMERGENCY: (0.5, H)},
    Stage.DISPATCH: {Urgency.NORMAL: (1, WH), Urgency.URGENT: (0.5, WH),
                     Urgency.EMERGENCY: (0.25, H)},
    Stage.VERIFY: {Urgency.NORMAL: (4, WH), Urgency.URGENT: (2, WH), Urgency.EMERGENCY: (1, H)},
}
EMERGENCY_HANDLE_HOURS = 2  # the 12345 hotline rule for emergencies


def handle_limits(amount: float, unit: str) -> dict[str, tuple[float, str]]:
    """Handling limits per urgency from the catalogue's normal-urgency limit."""
    emergency = min(amount, EMERGENCY_HANDLE_HOURS) if unit == H else EMERGENCY_HANDLE_HOURS
    return {
        Urgency.NORMAL: (amount, unit),
        Urgency.URGENT: (amount / 2, unit),
        Urgency.EMERGENCY: (emergency, H),
    }


def _limit_rows(sub: Subcategory, spec: dict) -> list[TimeLimit]:
    per_stage = dict(FIXED_LIMITS)
    per_stage[Stage.HANDLE] = handle_limits(*spec["handle"])
    return [
        TimeLimit(subcategory=sub, stage=stage, urgency=urgency,
                  amount=Decimal(str(amount)), unit=unit)
        for stage, by_urgency in per_stage.items()
        for urgency, (amount, unit) in by_urgency.items()
    ]


def _subcategory_fields(spec: dict) -> dict:
    return {
        "name_zh": spec["name_zh"],
        "name_en": spec["name_en"],
        # The catalogue is the one source of national codes: a code dropped there is dropped
        # here too.
        "national_code": spec.get("national_code", ""),
        "description": spec["description"],
        "description_en": DESCRIPTIONS_EN.get(spec["code"], ""),
        "keywords": list(spec["keywords"]),
        "default_urgency": spec["urgency"],
        "photo_required": spec["photo_required"],
        "filing_standard": spec["filing_standard"],
        "closing_standard": spec["closing_standard"],
    }


class CatalogueConflict(CommandError):
    """A reused code still holds its old item in this database, and records depend on it."""


def _in_use(sub: Subcategory) -> bool:
    """Whether rows of the apps above (cases, duty-list matters) hold on to this subcategory:
    found through the protecting foreign keys, which this layer cannot import."""
    return any(
        rel.related_model._base_manager.filter(**{rel.field.name: sub}).exists()
        for rel in sub._meta.related_objects
        if rel.on_delete is models.PROTECT
    )


def check_replaced_codes() -> None:
    """Refuse to turn a used row of a replaced item into its successor: its cases would
    silently change meaning (see "Local fit" in taxonomy/data.py)."""
    for code, old_name in REPLACED.items():
        sub = Subcategory.objects.filter(code=code, name_zh=old_name).first()
        if sub is not None and _in_use(sub):
            raise CatalogueConflict(
                f"Subcategory {code} still holds {old_name}, which this catalogue replaces, "
                f"and cases or duty-list matters use it. Move them to another subcategory first; "
                f"nothing was loaded.")


@transaction.atomic
def load_taxonomy() -> dict[str, int]:
    """Create or update every category, subcategory and missing time limit.

    Time limits and publicity already present are kept: admin may have tuned them.
    """
    check_replaced_codes()
    counts = {"created": 0, "updated": 0}
    new_limits = []
    for cat_spec in CATEGORIES:
        category, _ = Category.objects.update_or_create(
            code=cat_spec["code"],
            defaults={"name_zh": cat_spec["name_zh"], "name_en": cat_spec["name_en"]},
        )
        for spec in cat_spec["subcategories"]:
            sub, created = Subcategory.objects.update_or_create(
                code=spec["code"],
                defaults={"category": category, **_subcategory_fields(spec)},
                # Publicity is set once: admin's later choice survives a reload.
                create_defaults={"category": category, **_subcategory_fields(spec),
                                 "is_public": spec["code"] not in NON_PUBLIC},
            )
            counts["created" if created else "updated"] += 1
            new_limits += _limit_rows(sub, spec)
    existing = set(TimeLimit.objects.values_list("subcategory_id", "stage", "urgency"))
    missing = [t for t in new_limits if (t.subcategory_id, t.stage, t.urgency) not in existing]
    TimeLimit.objects.bulk_create(missing)
    reference.changed()  # bulk_create sends no signals
    counts["time_limits_created"] = len(missing)
    return counts


def subcategory_by_code(code: str) -> Subcategory | None:
    """The subcategory with this code, its category loaded (kept in the process with the other
    reference data)."""
    return reference.cached("subcategories", lambda: {
        sub.code: sub for sub in Subcategory.objects.select_related("category")}).get(code)
