from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.crypto import EncryptedCharField
from taxonomy.models import Category, Stage, Subcategory, Urgency


class Status(models.TextChoices):
    REPORTED = "reported", _("reported")
    ACCEPTED = "accepted", _("accepted")
    DISPATCHED = "dispatched", _("dispatched")
    RETURN_REQUESTED = "return_requested", _("return requested")
    RETURNED = "returned", _("returned")
    CHECKING = "checking", _("being checked on site")
    PROCESSING = "processing", _("processing")
    EXTENSION_REQUESTED = "extension_requested", _("extension requested")
    SHELVED = "shelved", _("shelved")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")
    RATED = "rated", _("rated")
    VOIDED = "voided", _("voided")


# Status sets, each defined here only: closed (结案, rated or not), finished (closed or voided:
# nothing more happens to the case), open (everything else).
CLOSED = (Status.CLOSED, Status.RATED)
FINISHED = (*CLOSED, Status.VOIDED)
OPEN = tuple(status for status in Status if status not in FINISHED)
# The on-site check (核实) and its two outcomes: the dispatch queue reads each report's last.
CHECK_ACTIONS = ("request_check", "check_ok", "check_reject")

# Looser than common.security.MOBILE (no boundaries: the databases' regular expressions
# differ there), so it finds every description MOBILE would change, and a few it would not.
MOBILE_IN_DB = r"1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}"
# A finished case that still holds something of its reporter: what anonymising looks for
# (events.privacy.services), and the condition of the index it finds them by.
KEEPS_REPORTER = models.Q(
    ~models.Q(contact_phone="") | ~models.Q(contact_email="") | models.Q(reporter__isnull=False)
    | ~models.Q(address="") | models.Q(description__regex=MOBILE_IN_DB), status__in=FINISHED)


class RequestType(models.TextChoices):
    """What the caller asks for (诉求类型), as hotlines classify it. A tip-off (举报) is never
    public, whatever its subcategory."""

    CONSULT = "consult", _("consultation (咨询)")
    HELP = "help", _("request for help (求助)")
    COMPLAINT = "complaint", _("complaint (投诉)")
    SUGGESTION = "suggestion", _("suggestion (建议)")
    TIP_OFF = "tip_off", _("tip-off (举报)")
    PRAISE = "praise", _("praise (表扬)")


class Source(models.TextChoices):
    CITIZEN = "citizen", _("citizen")
    GRID_WORKER = "grid_worker", _("grid worker")
    HOTLINE = "hotline", _("hotline")
    API = "api", _("API")


class Supervision(models.TextChoices):
    NONE = "none", _("none")
    NORMAL = "normal", _("normal")
    YELLOW = "yellow", _("yellow")
    RED = "red", _("red")


class TrackingCounter(models.Model):
    """Per-day sequence behind readable tracking numbers (20261123-000042)."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.day}: {self.last}"


class Case(models.Model):
    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    subcategory = models.ForeignKey(
        Subcategory, on_delete=models.PROTECT, related_name="cases", verbose_name=_("subcategory")
    )
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    address = models.CharField(_("address"), max_length=200, blank=True)
    description = models.TextField(_("description"))
    grid = models.ForeignKey(  # indexed by (grid, created_at) below
        "grids.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="cases",
        verbose_name=_("grid"), help_text=_("The grid the case was filed in, in its generation."),
        db_index=False,
    )
    # Codes of the grid's community and street, copied at filing: scoping and statistics
    # filter on them without walking the region tree.
    community_code = models.CharField(_("community code"), max_length=32, blank=True,
                                      db_index=True)
    street_code = models.CharField(_("street code"), max_length=32, blank=True, db_index=True)
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="cases",
        verbose_name=_("department"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="assigned_cases", verbose_name=_("assignee"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reported_cases", verbose_name=_("reporter"),
    )
    contact_phone = EncryptedCharField(_("contact phone"), max_length=20, blank=True)
    # Where the reporter asked to hear about the case by email; encrypted like the phone and
    # forgotten with it (events/privacy/services.py).
    contact_email = EncryptedCharField(_("contact email"), max_length=254, blank=True,
                                       default="", db_default="")
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    urgency = models.CharField(_("urgency"), max_length=16, choices=Urgency.choices)
    supervision = models.CharField(
        _("supervision"), max_length=8, choices=Supervision.choices, default=Supervision.NONE
    )
    stage = models.CharField(_("SLA stage"), max_length=16, choices=Stage.choices, blank=True)
    stage_started_at = models.DateTimeField(_("stage started at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, db_index=True)
    # While an extension is pending or the case is shelved the clock stops: due_at is cleared
    # and the time that was left is kept here, to be resumed.
    # Sweep bookkeeping: when the yellow warning falls due, when it was given, when the stage
    # breached, and how far up the region tree it has been escalated.
    warn_at = models.DateTimeField(_("warn at"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    next_escalation_at = models.DateTimeField(_("next escalation at"), null=True, blank=True)
    paused_at = models.DateTimeField(_("clock paused at"), null=True, blank=True)
    time_left = models.DurationField(_("time left when paused"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("resolved by"),
    )
    me_too_count = models.PositiveIntegerField(_("me too"), default=0)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    tracking_secret = models.CharField(_("tracking secret"), max_length=32, blank=True)
    # Database defaults as well, so that rows written outside the ORM (bulk loads, restores of
    # older dumps) get the same values.
    request_type = models.CharField(_("request type"), max_length=16,
                                    choices=RequestType.choices, default=RequestType.COMPLAINT,
                                    db_default=RequestType.COMPLAINT)
    # Written by staff on purpose for the citizen and the public (resolve, close, void): the
    # only words of a case a public page shows.
    public_reply = models.TextField(_("public reply"), blank=True, default="", db_default="")
    # The duty-list matter the case was routed by (org.Matter), kept when the list changes.
    matter = models.ForeignKey("org.Matter", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="cases", verbose_name=_("matter"))
    # The level that handles the case now and the region of that level whose dispatchers own
    # it (分级处置): a community, a street or the district.
    level = models.CharField(_("level"), max_length=16, blank=True, default="", db_default="")
    owner_region = models.CharField(_("owner region"), max_length=32, blank=True, default="",
                                    db_default="", db_index=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    created_at = models.DateTimeField(_("reported at"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "department"]),
            models.Index(fields=["grid", "created_at"]),
            # The SLA sweep reads only the rows that are due for something: partial indexes
            # keep its cost proportional to those, not to all cases.
            models.Index(fields=["warn_at"], name="case_warn_due",
                         condition=models.Q(warned_at__isnull=True, warn_at__isnull=False)),
            models.Index(fields=["due_at"], name="case_breach_due",
                         condition=models.Q(breached_at__isnull=True, due_at__isnull=False)),
            models.Index(fields=["next_escalation_at"], name="case_escalation_due",
                         condition=models.Q(next_escalation_at__isnull=False)),
            # Anonymising reads the finished cases still holding their reporter, not the
            # archive: its cost follows the backlog and the retention period, not the years.
            models.Index(fields=["id"], name="case_keeps_reporter", condition=KEEPS_REPORTER),
        ]

    def __str__(self):
        return self.tracking_number


class StageRecord(models.Model):
    """One SLA stage of a case: when it started, its deadline, time paused, and whether it
    ended in time. Statistics (按期派遣率, 按期处置率 …) read these."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="stage_records",
                             db_index=False)  # indexed by (case, stage) below
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    paused = models.DurationField(_("time paused"), default=timedelta)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    met = models.BooleanField(_("met its deadline"), null=True)

    class Meta:
        verbose_name = _("SLA stage record")
        verbose_name_plural = _("SLA stage records")
        indexes = [models.Index(fields=["ended_at"]), models.Index(fields=["case", "stage"])]

    def __str__(self):
        return f"{self.case} {self.stage}"


class CaseTask(models.Model):
    """An assisting department's part of a case (协办): signed for, done with a note, or
    released by a dispatcher, on its own clock. The lead's part is the case's handling stage."""

    class State(models.TextChoices):
        DISPATCHED = "dispatched", _("dispatched")
        PROCESSING = "processing", _("processing")
        DONE = "done", _("done")
        RELEASED = "released", _("released")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    department = models.ForeignKey("org.Department", on_delete=models.PROTECT,
                                   related_name="tasks", verbose_name=_("department"))
    status = models.CharField(_("status"), max_length=16, choices=State.choices,
                              default=State.DISPATCHED)
    started_at = models.DateTimeField(_("dispatched at"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("assisting task")
        verbose_name_plural = _("assisting tasks")
        constraints = [models.UniqueConstraint(fields=["case", "department"],
                                               name="one_task_per_department")]

    def __str__(self):
        return f"{self.case} {self.department} {self.status}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.State.DISPATCHED, self.State.PROCESSING)


class CalendarDay(models.Model):
    """An announced holiday or adjusted working day (调休) that overrides the holiday library,
    for years the library does not know yet."""

    day = models.DateField(_("date"), unique=True)
    is_working_day = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["day"]

    def __str__(self):
        return f"{self.day} {'上班' if self.is_working_day else '放假'} {self.note}"


def photo_path(instance, filename):
    return f"cases/{instance.case.created_at:%Y/%m}/{instance.case.tracking_number}/{filename}"


class CaseStep(models.Model):
    """Append-only log: every action on a case, replayable to its current state."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("action"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("actor"),
    )
    role = models.CharField(_("role"), max_length=16)
    from_status = models.CharField(_("from status"), max_length=24, blank=True)
    to_status = models.CharField(_("to status"), max_length=24)
    from_department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["created_at", "id"]
        # The dispatch queue asks each waiting report for its last on-site check: a partial
        # index, as small as the checks made, instead of every step of the case read by key.
        indexes = [models.Index(fields=["case", "id"], name="casestep_checks",
                                condition=models.Q(action__in=CHECK_ACTIONS))]

    def __str__(self):
        return f"{self.action}: {self.from_status or '-'} → {self.to_status}"


class CasePhoto(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    step = models.ForeignKey(
        CaseStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=photo_path)
    # Staff publish the photos of a result (publish_photos on resolve); reporters' photos and
    # every other photo stay on staff pages and the reporter's own tracking page.
    is_public = models.BooleanField(_("public"), default=False, db_default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.image.name


class Notification(models.Model):
    """Outbox row: one side effect to perform after commit, retried by Celery until sent."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        WEBHOOK = "webhook", _("webhook")
        SMS = "sms", _("SMS")

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        DEAD = "dead", _("dead letter")

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    recipient = models.CharField(_("recipient"), max_length=300)
    # A reporter's phone or email, encrypted at rest: `recipient` then holds only its mask,
    # for the admin's list. Empty for departments' rows, whose addresses are not personal.
    private_recipient = EncryptedCharField(_("private recipient"), blank=True, default="",
                                           db_default="")
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))  # (state, next_attempt_at)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # When the row was handed to the broker for its first attempt: after commit by the code
    # that wrote it, or, for a report stored in one statement on PostgreSQL (NULL until then),
    # by the outbox relay (events/notify/relay.py) that the NOTIFY after it wakes.
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True, default=timezone.now)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["state", "next_attempt_at"]),
                   models.Index(fields=["id"], condition=models.Q(queued_at__isnull=True),
                                name="events_notification_unqueued")]

    def __str__(self):
        return f"{self.channel} → {self.recipient}: {self.subject}"


# --- Statistics: filled incrementally by Celery (events/stats/refresh.py), read by dashboards ---
# Derived tables, written set-based by the million at a rebuild: their references carry no
# foreign-key constraint (the rows they are computed from have theirs, and a constraint check
# per written row would cost about as much as computing the row; the ORM still cascades
# deletions), and no index the reads do not use (they select by day of report).


class HeatCell(models.Model):
    """Cases reported per grid × subcategory × day × hour of day."""

    day = models.DateField()
    hour = models.PositiveSmallIntegerField()
    grid_code = models.CharField(max_length=32)
    community_code = models.CharField(max_length=32)
    street_code = models.CharField(max_length=32)
    subcategory = models.ForeignKey(Subcategory, on_delete=models.CASCADE, related_name="+",
                                    db_constraint=False, db_index=False)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+",
                                 db_constraint=False, db_index=False)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["day", "hour", "grid_code", "subcategory"], name="one_heat_cell")]
        indexes = [models.Index(fields=["day", "category"])]

    def __str__(self):
        return f"{self.day} {self.hour}h {self.grid_code} {self.subcategory_id}: {self.count}"


class CaseFact(models.Model):
    """One row per case with what the evaluation KPIs count (see docs/statistics.md)."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, primary_key=True,
                                related_name="fact", db_constraint=False)
    reported_on = models.DateField(db_index=True)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+",
                                 db_constraint=False, db_index=False)
    department = models.ForeignKey("org.Department", null=True, on_delete=models.SET_NULL,
                                   related_name="+", db_constraint=False, db_index=False)
    street_code = models.CharField(max_length=32, blank=True)
    grid_code = models.CharField(max_length=32, blank=True)
    accepted = models.BooleanField(default=False)
    dispatches = models.PositiveIntegerField(default=0)
    dispatches_on_time = models.PositiveIntegerField(default=0)
    handled = models.BooleanField(default=False)
    handled_on_time = models.BooleanField(null=True)
    resolved = models.BooleanField(default=False)
    closed = models.BooleanField(default=False)
    reworks = models.PositiveIntegerField(default=0)
    citizen_reopens = models.PositiveIntegerField(default=0, db_default=0)
    extended = models.BooleanField(default=False)
    overdue = models.BooleanField(default=False)
    shelved = models.BooleanField(default=False)
    handling_hours = models.FloatField(null=True)
    rating = models.PositiveSmallIntegerField(null=True)

    def __str__(self):
        return f"fact {self.case_id}"


class HotSpot(models.Model):
    """A grid whose count in the last 7 days stands out against its trailing 8 weeks."""

    grid_code = models.CharField(max_length=32)
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    recent = models.PositiveIntegerField()
    baseline_weekly = models.FloatField()
    p_value = models.FloatField()
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["p_value"]

    def __str__(self):
        return f"{self.grid_code} {self.category_id} p={self.p_value:.4f}"


class Watermark(models.Model):
    """How far an incremental job has read an append-only table (by id)."""

    name = models.CharField(max_length=32, primary_key=True)
    last_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.name}: {self.last_id}"


class IdempotencyRecord(models.Model):
    """The answer given to one caller's request under an Idempotency-Key, so that a retry (an
    offline phone resending its queue, a client after a timeout) gets it again instead of filing
    twice. Written in the same transaction as what the request did: a record exists exactly
    when the effect does. Purged after IDEMPOTENCY_TTL_DAYS (events/idempotency/)."""

    # "user:<id>", or a salted hash of the anonymous client's address (and Open311 api_key).
    caller = models.CharField(_("key owner"), max_length=80)
    key = models.CharField(_("idempotency key"), max_length=255)
    # SHA-256 of the method, path and canonical parsed request, photos by their SHA-256.
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    # Null only inside the first request's own transaction: no one else ever sees it so.
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True)
    # Encrypted: an answer to staff may carry a reporter's phone number.
    response_body = EncryptedCharField(_("response body"), blank=True, default="")
    # {"kind": "data"} for an API answer (rendered again on replay, as DRF does), or
    # {"kind": "content", "Content-Type": ..., "Location": ...} for a finished page.
    response_headers = models.JSONField(_("response headers"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), db_index=True)

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [models.UniqueConstraint(fields=["caller", "key"],
                                               name="idempotency_one_answer_per_caller_key")]

    def __str__(self):
        return f"{self.caller} {self.key} → {self.status_code}"
