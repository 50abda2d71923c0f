"""Collect once: the register attributes a form field maps to are prefilled from the register
and written back when a result is saved, each change kept with who made it and when; answers
not kept in the register are prefilled from the last inspection of the same target."""

from django.db.models import Q

from events.campaigns.models import REGISTER_ATTRIBUTES, FormField, RegisterChange, Task
from places.models import House, Unit

SMALL_MAX = 32767  # the register's counts are small integers


def _record(task: Task, attribute: str):
    """The house or unit an attribute of this task's target lives on, or None."""
    kind = attribute.split(".")[0]
    if kind == "unit":
        return task.unit
    if task.house_id:
        return task.house
    if task.address_id:  # a unit's task may still ask about the house at its address
        return House.objects.filter(address_id=task.address_id).first()
    return None


def register_values(task: Task, fields: list[FormField]) -> dict:
    """key → the register's current value, for the fields mapped to an attribute."""
    values = {}
    for field in fields:
        if field.register_attribute:
            record = _record(task, field.register_attribute)
            if record is not None:
                values[field.key] = getattr(record, field.register_attribute.split(".")[1])
    return values


def last_inspection(task: Task) -> Task | None:
    """The latest done task on the same target (house, unit, else grid), in any campaign."""
    if task.unit_id:
        same = Q(unit_id=task.unit_id)
    elif task.house_id:
        same = Q(house_id=task.house_id)
    elif task.address_id:
        same = Q(address_id=task.address_id)
    else:
        same = Q(grid_code=task.grid_code, house__isnull=True, unit__isnull=True,
                 address__isnull=True)
    return (Task.objects.filter(same, status=Task.Status.DONE).exclude(pk=task.pk)
            .select_related("campaign", "done_by").order_by("-done_at", "-id").first())


def prefill(task: Task, fields: list[FormField]) -> dict:
    """What the form shows before the worker touches it: the task's own answers once done,
    else the register's values, else the last inspection's answers to the same keys."""
    if task.status == Task.Status.DONE:
        return dict(task.answers)
    earlier = last_inspection(task)
    values = {key: value for key, value in (earlier.answers if earlier else {}).items()
              if any(f.key == key and f.kind != FormField.Kind.PHOTO for f in fields)}
    values.update({k: v for k, v in register_values(task, fields).items() if v not in ("", None)})
    return values


def _stored(attribute: str, value):
    kind = REGISTER_ATTRIBUTES[attribute]
    if kind == "number":
        return max(0, min(SMALL_MAX, int(value)))
    if kind == "yes_no":
        return bool(value)
    return str(value)[:50 if attribute.endswith("name") else 20]


def register_write(*, task: Task, fields: list[FormField], answers: dict, actor, now) -> int:
    """Write the answers of mapped fields into the register, once, with their history; an
    unchanged value writes nothing. Returns the number of attributes changed."""
    changes, updates = [], {}
    for field in fields:
        attribute = field.register_attribute
        if not attribute or field.key not in answers:
            continue
        record = _record(task, attribute)
        if record is None:
            continue
        name, new = attribute.split(".")[1], _stored(attribute, answers[field.key])
        old = getattr(record, name)
        if old == new:
            continue
        updates.setdefault((type(record), record.pk), {})[name] = new
        changes.append(RegisterChange(
            attribute=attribute, house=record if isinstance(record, House) else None,
            unit=record if isinstance(record, Unit) else None, grid_code=task.grid_code,
            old_value=str(old), new_value=str(new), changed_by=actor, changed_at=now,
            task=task))
    for (model, pk), values in updates.items():
        record = model.objects.get(pk=pk)  # save() encrypts the contact fields
        for name, value in values.items():
            setattr(record, name, value)
        record.save(update_fields=[*values, "updated_at"])
    RegisterChange.objects.bulk_create(changes)
    return len(changes)


def units_at(task: Task) -> list[Unit]:
    """The units already recorded at the task's address (an address's units, collected once)."""
    if not task.address_id:
        return []
    return list(Unit.objects.filter(address_id=task.address_id).order_by("name"))
