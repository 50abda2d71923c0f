"""Reporters' phone numbers are encrypted at rest (common.crypto): the database holds no
number, the application reads them back, keys rotate, and a wrong key loses nothing."""

import importlib
import logging
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from common.crypto import Undecryptable, new_key
from events.models import Case
from tests.helpers import interior_point

PHONE = "13812345678"
pytestmark = pytest.mark.django_db


@pytest.fixture
def case(api, demo):
    lat, lon = interior_point(demo.first_grid)
    response = api.post("/api/v1/cases/", {
        "subcategory": demo.manhole.code, "lat": lat, "lon": lon, "description": "井盖丢失",
        "contact_phone": PHONE}, format="json")
    assert response.status_code == 201, response.content
    return Case.objects.get(tracking_number=response.json()["tracking_number"])


def stored(case) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM events_case WHERE id = %s", [case.pk])
        return cursor.fetchone()[0]


def test_the_database_holds_no_phone_number_and_the_application_reads_it_back(case):
    raw = stored(case)
    assert raw and PHONE not in raw and "5678" not in raw
    assert Case.objects.get(pk=case.pk).contact_phone == PHONE
    assert not Case.objects.filter(pk=case.pk, contact_phone="").exists()


def test_each_number_is_encrypted_afresh_so_equal_numbers_do_not_show(case, api, demo):
    again = Case.objects.get(pk=case.pk)
    again.pk, again.tracking_number = None, "20990101-000001"
    again.save()
    assert stored(again) != stored(case)


def test_keys_rotate_the_newest_encrypts_and_the_older_still_decrypt(case, settings):
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    settings.FIELD_ENCRYPTION_KEYS = [new_key(), old]
    reread = Case.objects.get(pk=case.pk)
    assert reread.contact_phone == PHONE
    reread.save(update_fields=["contact_phone"])  # re-encrypted under the new key
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]
    assert Case.objects.get(pk=case.pk).contact_phone == PHONE


def test_a_wrong_key_loses_nothing_and_check_integrity_names_the_case(case, settings,
                                                                       caplog):
    before = stored(case)
    right = settings.FIELD_ENCRYPTION_KEYS
    settings.FIELD_ENCRYPTION_KEYS = [new_key()]
    with caplog.at_level(logging.ERROR, logger="common.crypto"):
        wrong = Case.objects.get(pk=case.pk)
    assert isinstance(wrong.contact_phone, Undecryptable) and "FIELD_ENCRYPTION_KEY" in caplog.text
    wrong.save()  # saved back as it was, not encrypted a second time
    assert stored(case) == before
    with pytest.raises(CommandError, match=case.tracking_number):
        call_command("check_integrity", "--skip-photos")
    settings.FIELD_ENCRYPTION_KEYS = right
    assert Case.objects.get(pk=case.pk).contact_phone == PHONE
    call_command("check_integrity", "--skip-photos")


def test_the_migration_encrypts_numbers_stored_in_the_clear_once(case):
    migration = importlib.import_module("events.migrations.0006_encrypt_contact_phone")
    editor = SimpleNamespace(connection=connection)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE events_case SET contact_phone = %s WHERE id = %s", [PHONE, case.pk])
    migration.encrypt(None, editor)
    encrypted = stored(case)
    assert PHONE not in encrypted and Case.objects.get(pk=case.pk).contact_phone == PHONE
    migration.encrypt(None, editor)
    assert stored(case) == encrypted, "run twice, it leaves encrypted numbers alone"
    migration.decrypt(None, editor)
    assert stored(case) == PHONE
