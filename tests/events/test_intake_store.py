"""A report stored in one statement on PostgreSQL (events/intake/store.py) and its outbox rows
handed to Celery by the relay (events/notify/relay.py) instead of a publish on the request
path. The ORM path (SQLite, photos, grid workers' own reports) stores the same rows."""

import threading
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.intake import services, store
from events.models import Case, CaseStep, Notification, StageRecord, TrackingCounter
from events.notify import relay
from tests.helpers import wait_for

# What differs between two reports filed one after the other.
DRAWN = {"id", "case_id", "tracking_number", "tracking_secret", "created_at", "queued_at",
         "next_attempt_at", "stage_started_at", "started_at"}


def stored_rows(case: Case) -> dict:
    """The report's rows, as stored, without what each report draws anew."""
    def values(queryset):
        return [{k: v for k, v in row.items() if k not in DRAWN} for row in queryset.values()]

    def tracked(text: str) -> str:
        return text.replace(case.tracking_number, "<number>")

    notes = values(Notification.objects.filter(case=case).order_by("channel"))
    for note in notes:
        note["subject"], note["body"] = tracked(note["subject"]), tracked(note["body"])
        note["payload"] = {**note["payload"], "tracking_number": "<number>"}
    return {"case": values(Case.objects.filter(pk=case.pk)),
            "stage": values(StageRecord.objects.filter(case=case)),
            "steps": values(CaseStep.objects.filter(case=case)), "notes": notes}


def test_a_citizen_report_on_postgresql_is_one_statement(postgres, file_case):
    file_case()  # the process's reference data and the grid's row are read once
    with CaptureQueriesContext(connection) as queries:
        case = file_case()
    # (Reads are the process's periodic checks of its grid index and reference data.)
    writes = [q["sql"][:15] for q in queries.captured_queries
              if not q["sql"].startswith("SELECT")]
    assert writes == ["INSERT INTO eve", "WITH c AS (INSE"], \
        "the tracking number, then the rows in one statement: no BEGIN, no COMMIT"
    assert queries.captured_queries[-1]["sql"].startswith("SELECT pg_notify"), "then the wake-up"
    assert Case.objects.get(pk=case.pk).tracking_number == case.tracking_number
    assert CaseStep.objects.filter(case=case, action="report").count() == 1
    note = Notification.objects.get(case=case)
    assert note.queued_at is None, "handed over by the relay, not on the request path"
    assert case.tracking_number in note.subject and case.tracking_number in note.body
    assert note.payload["tracking_number"] == case.tracking_number


def test_the_one_statement_and_the_orm_path_store_the_same_rows(postgres, file_case):
    report = {"contact_email": "citizen@example.cn", "description": "路灯不亮 [x] 100% 'a'"}
    with mock.patch("django.utils.timezone.now", return_value=timezone.now()):
        one = file_case(**report)
        with mock.patch.object(store, "available", return_value=False):
            orm = file_case(**report)
    assert stored_rows(one) == stored_rows(orm)
    assert stored_rows(one)["notes"], "the report has its outbox row"
    first, second = one.tracking_number, orm.tracking_number
    assert second[:9] == first[:9] and int(second[9:]) == int(first[9:]) + 1, "one counter"


def test_a_report_stored_elsewhere_than_postgresql_is_queued_on_commit(file_case):
    with mock.patch.object(store, "available", return_value=False):
        case = file_case()
    assert Notification.objects.get(case=case).queued_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_relay_hands_reports_notifications_over_once_woken_by_their_notify(postgres, demo,
                                                                              file_case):
    stop, listening = threading.Event(), threading.Event()
    enqueued = []
    with mock.patch("events.notify.outbox.enqueue", side_effect=enqueued.append):
        # Its own periodic look is far off: only the NOTIFY can wake it in time.
        thread = threading.Thread(target=relay.listen, args=(stop, 300, listening))
        thread.start()
        try:
            assert listening.wait(30)
            with CaptureQueriesContext(connection) as queries:
                cases = [file_case() for _ in range(3)]
            notes = [Notification.objects.get(case=case).pk for case in cases]
            # Within QUIET_SECONDS of the first, the others wake nobody: the relay's second
            # look after its wake-up finds them.
            assert sum("pg_notify" in q["sql"] for q in queries.captured_queries) == 1
            wait_for(lambda: sorted(enqueued) == sorted(notes), timeout=10)
        finally:
            stop.set()
            thread.join(30)
    assert all(note.queued_at is not None and note.state == "pending"
               for note in Notification.objects.filter(pk__in=notes))


@pytest.mark.django_db(transaction=True)
def test_a_process_reserves_tracking_numbers_a_block_at_a_time(postgres, demo, file_case):
    with CaptureQueriesContext(connection) as queries:
        numbers = [file_case().tracking_number for _ in range(services.NUMBER_BLOCK + 2)]
    draws = [q for q in queries.captured_queries if "events_trackingcounter" in q["sql"]]
    assert len(draws) == 2, "one counter round trip per block"
    sequences = [int(number[9:]) for number in numbers]
    assert sequences == list(range(sequences[0], sequences[0] + len(numbers)))
    counter = TrackingCounter.objects.get(day=timezone.localdate())
    assert counter.last == sequences[0] - 1 + 2 * services.NUMBER_BLOCK, "never behind"


def test_the_relay_takes_each_row_once_and_only_rows_nobody_queued(postgres, file_case):
    reported = Notification.objects.get(case=file_case())
    with mock.patch.object(store, "available", return_value=False):
        queued_on_commit = Notification.objects.get(case=file_case())
    enqueued = []
    with mock.patch("events.notify.outbox.enqueue", side_effect=enqueued.append):
        assert relay.relay_pending() == 1
        assert relay.relay_pending() == 0
    assert enqueued == [reported.pk] and queued_on_commit.pk not in enqueued


def test_rows_the_relay_never_took_are_the_periodic_requeues_after_their_grace(postgres,
                                                                              file_case):
    from events.notify import outbox

    note = Notification.objects.get(case=file_case())
    assert outbox.requeue_due() == 0
    Notification.objects.filter(pk=note.pk).update(next_attempt_at=timezone.now())
    with mock.patch("events.notify.outbox.enqueue") as enqueue:
        assert outbox.requeue_due() == 1
    enqueue.assert_called_once_with(note.pk)


def test_the_relay_runs_only_on_postgresql(db):
    with mock.patch.object(relay.threading, "Thread") as thread:
        started = relay.start()
    assert (started is not None) == (connection.vendor == "postgresql") == thread.called
