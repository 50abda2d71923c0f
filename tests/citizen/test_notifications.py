"""What the reporter hears: an SMS to a mobile number and an email to an address they gave,
at 受理, 派遣, 办结 and 重办, through the outbox, with the private link; the phone and address
kept encrypted and forgotten with the case."""

from datetime import timedelta

from django.core import mail
from django.db import connection
from django.utils import timezone

from events.citizen.tracking import tracking_path
from events.models import Case, Notification
from events.notify import outbox
from events.privacy.services import cases_anonymise
from events.workflow import services as workflow
from tests.helpers import PHONE, close, jpeg, staff

SITE = "https://grid.example.gov.cn"
SENT: list[tuple[str, str]] = []


class Gateway:
    """The SMS provider's side of the network edge: what it was asked to send."""

    def send(self, phone: str, text: str) -> None:
        SENT.append((phone, text))


def reporter_rows(case, channel=Notification.Channel.SMS):
    return list(Notification.objects.filter(case=case, channel=channel,
                                            payload__to="reporter").order_by("id"))


def test_a_reporter_with_a_mobile_gets_an_sms_at_each_milestone_with_the_link(file_case,
                                                                              settings):
    settings.SITE_URL = SITE
    case = file_case()
    assert reporter_rows(case) == []  # nothing at filing: 受理 is the first news
    case = close(case)  # accept (dispatched at once), start, resolve, close
    texts = [row.subject for row in reporter_rows(case)]
    link = SITE + tracking_path(case)
    assert len(texts) == 2, texts
    opening = f"您反映的问题（编号{case.tracking_number}）"
    assert texts[0].startswith(opening + "已受理，已交排水公司办理")
    assert texts[1].startswith(opening + "已办结")
    assert all(text.endswith(link) for text in texts)
    assert all(len(text) <= 200 for text in texts)
    for internal in ("内部备注", "王师傅", "网格员现场核查合格"):
        assert not any(internal in text for text in texts)

    workflow.perform(case=case, action="rate", token=case.tracking_secret,
                     params={"satisfied": False, "comment": "没修好"})
    assert "已重新交办" in reporter_rows(case)[-1].subject


def test_a_manual_dispatch_is_its_own_milestone(file_case, demo):
    case = file_case(subcategory=demo.neighbours, lat=0.5, lon=0.5)  # nowhere: no department
    case = workflow.perform(case=case, action="accept", actor=staff("dispatcher"))
    case = workflow.perform(case=case, action="dispatch", actor=staff("dispatcher"),
                            params={"department": "PSG"})
    assert [row.payload["event"] for row in reporter_rows(case)] == ["accept", "dispatch"]
    assert "将转交责任部门办理" in reporter_rows(case)[0].subject


def test_the_number_is_kept_encrypted_and_only_its_mask_is_readable(file_case):
    case = close(file_case())
    row = reporter_rows(case)[0]
    assert row.recipient == "138****5678" and row.private_recipient == PHONE
    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient, private_recipient FROM events_notification "
                       "WHERE id = %s", [row.pk])
        stored = " ".join(cursor.fetchone())
    assert PHONE not in stored


def test_the_gateway_gets_the_real_number_and_the_text(file_case, settings):
    settings.SMS_BACKEND = f"{__name__}.Gateway"
    SENT.clear()
    case = close(file_case())
    row = reporter_rows(case)[0]
    assert outbox.deliver(row.pk)
    assert [(PHONE, row.subject)] == SENT


def test_a_landline_gets_no_sms_and_no_contact_gets_nothing(file_case):
    landline = close(file_case(contact_phone="0757-83338888"))
    nobody = close(file_case(contact_phone=""))
    assert reporter_rows(landline) == [] and reporter_rows(nobody) == []


def test_an_email_address_gets_the_same_news_by_email_with_the_reply(file_case, settings):
    settings.SITE_URL = SITE
    case = file_case(contact_phone="", contact_email="li.lei@example.com")
    case = workflow.perform(case=case, action="accept", actor=staff("dispatcher"))
    case = workflow.perform(case=case, action="start", actor=staff("drainage"))
    case = workflow.perform(case=case, action="resolve", actor=staff("drainage"),
                            params={"note": "内部", "public_reply": "已更换井盖。"},
                            photos=[jpeg()])
    case = workflow.perform(case=case, action="close", actor=staff("worker"))
    rows = reporter_rows(case, Notification.Channel.EMAIL)
    assert [row.recipient for row in rows] == ["l***@example.com"] * 2
    mail.outbox.clear()
    for row in rows:
        assert outbox.deliver(row.pk)
    closing = mail.outbox[-1]
    assert closing.to == ["li.lei@example.com"]
    assert f"[{case.tracking_number}] 您反映的问题已办结" == closing.subject
    assert "已更换井盖。" in closing.body and SITE + tracking_path(case) in closing.body
    assert "内部" not in closing.body


def test_anonymising_forgets_the_email_and_the_reporters_recipients(file_case):
    case = close(file_case(contact_email="li.lei@example.com"))
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=400))
    assert cases_anonymise(older_than_days=365) == [case.tracking_number]
    case.refresh_from_db()
    assert case.contact_email == "" and case.contact_phone == ""
    rows = Notification.objects.filter(case=case, payload__anonymised=True)
    reporters = [row for row in rows if row.channel != Notification.Channel.WEBHOOK
                 and row.department_id is None]
    assert reporters and all((row.private_recipient, row.recipient, row.subject) == ("", "", "")
                             for row in reporters)
    # A row that was still waiting is never sent anywhere now.
    Notification.objects.filter(pk=reporters[0].pk).update(
        state=Notification.State.PENDING, attempts=0)
    assert not outbox.deliver(reporters[0].pk)
    assert "forgotten" in Notification.objects.get(pk=reporters[0].pk).last_error


def test_anonymising_finds_a_case_with_only_an_email_left(file_case):
    case = close(file_case(contact_phone="", address="", contact_email="li.lei@example.com"))
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=400))
    assert cases_anonymise(older_than_days=365) == [case.tracking_number]


def test_an_email_that_no_key_opens_is_named_by_the_integrity_check(file_case, settings):
    from common.crypto import new_key
    from events.privacy import integrity

    case = file_case(contact_phone="", contact_email="li.lei@example.com")
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_email FROM events_case WHERE id = %s", [case.pk])
        assert "li.lei" not in cursor.fetchone()[0]  # encrypted at rest
    right = settings.FIELD_ENCRYPTION_KEYS
    settings.FIELD_ENCRYPTION_KEYS = [new_key()]
    problems = list(integrity.undecryptable_phones())
    assert [(p.tracking_number, "email" in p.what) for p in problems] == [
        (case.tracking_number, True)]
    settings.FIELD_ENCRYPTION_KEYS = right
    assert list(integrity.undecryptable_phones()) == []
