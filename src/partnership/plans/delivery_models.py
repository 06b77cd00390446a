"""Delivery tracking: how each key action is going, its milestones, the progress updates lead
groups send (a full history, never edited), and the update rounds an officer runs twice a year.

Imported by ``plans.models``, so these are models of the ``plans`` app.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.web.models import Partnership


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not-started", "Not started"
    ON_TRACK = "on-track", "On track"
    AT_RISK = "at-risk", "At risk"
    OFF_TRACK = "off-track", "Off track"
    COMPLETED = "completed", "Completed"
    DEFERRED = "deferred", "Deferred"
    CANCELLED = "cancelled", "Cancelled"


# The moves an action's status may make. Staying put is always allowed (a progress update that
# says "still on track"), except for a cancelled action, which takes no more updates. A completed
# action may be reopened, with a reason, because "completed" is sometimes said too soon; a
# deferred one resumes where it was told to.
ACTION_STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionStatus.NOT_STARTED: frozenset(
        {
            ActionStatus.ON_TRACK,
            ActionStatus.AT_RISK,
            ActionStatus.OFF_TRACK,
            ActionStatus.COMPLETED,
            ActionStatus.DEFERRED,
            ActionStatus.CANCELLED,
        }
    ),
    ActionStatus.ON_TRACK: frozenset(
        {
            ActionStatus.AT_RISK,
            ActionStatus.OFF_TRACK,
            ActionStatus.COMPLETED,
            ActionStatus.DEFERRED,
            ActionStatus.CANCELLED,
        }
    ),
    ActionStatus.AT_RISK: frozenset(
        {
            ActionStatus.ON_TRACK,
            ActionStatus.OFF_TRACK,
            ActionStatus.COMPLETED,
            ActionStatus.DEFERRED,
            ActionStatus.CANCELLED,
        }
    ),
    ActionStatus.OFF_TRACK: frozenset(
        {
            ActionStatus.ON_TRACK,
            ActionStatus.AT_RISK,
            ActionStatus.COMPLETED,
            ActionStatus.DEFERRED,
            ActionStatus.CANCELLED,
        }
    ),
    ActionStatus.DEFERRED: frozenset(
        {
            ActionStatus.NOT_STARTED,
            ActionStatus.ON_TRACK,
            ActionStatus.AT_RISK,
            ActionStatus.OFF_TRACK,
            ActionStatus.CANCELLED,
        }
    ),
    ActionStatus.COMPLETED: frozenset(
        {ActionStatus.ON_TRACK, ActionStatus.AT_RISK, ActionStatus.OFF_TRACK}
    ),
    ActionStatus.CANCELLED: frozenset(),
}

# Statuses that put an action on the exception list, where the board asks what is being done.
EXCEPTION_STATUSES = frozenset({ActionStatus.AT_RISK, ActionStatus.OFF_TRACK})
# Statuses that need a reason: why it was put off or stopped, or why a finished action reopened.
REASON_STATUSES = frozenset({ActionStatus.DEFERRED, ActionStatus.CANCELLED})
# An action in one of these when a round opens has nothing left to report.
FINISHED_STATUSES = frozenset({ActionStatus.COMPLETED, ActionStatus.CANCELLED})


class Milestone(models.Model):
    """A dated step on the way to finishing a key action."""

    action = models.ForeignKey(
        "plans.KeyAction", on_delete=models.CASCADE, related_name="milestones"
    )
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["action", "due_date", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.completed_on is None and self.due_date < (today or timezone.localdate())


class RoundStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class UpdateRoundQuerySet(models.QuerySet["UpdateRound"]):
    def open(self) -> UpdateRoundQuerySet:
        return self.filter(status=RoundStatus.OPEN)

    def open_first(self) -> UpdateRoundQuerySet:
        return self.order_by(
            models.Case(models.When(status=RoundStatus.OPEN, then=0), default=1),
            "-opened_at",
            "-id",
        )

    def for_partnership(self, partnership: Partnership) -> UpdateRoundQuerySet:
        return self.filter(plan__partnership=partnership)


class UpdateRound(models.Model):
    """A call to lead groups for progress updates on the actions of some priorities, by a
    deadline ("Mid-year 2025/26"). Closing it freezes what it gathered and compiles it per
    priority for the board's champions."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="rounds")
    title = models.CharField(max_length=200)
    deadline = models.DateField()
    priorities = models.ManyToManyField("plans.Priority", related_name="rounds")
    message = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = UpdateRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="unique_round_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


class ProgressUpdateQuerySet(models.QuerySet["ProgressUpdate"]):
    def for_round(self, round: UpdateRound) -> ProgressUpdateQuerySet:
        return self.filter(round=round)

    def newest_first(self) -> ProgressUpdateQuerySet:
        return self.order_by("-created_at", "-id")


class ProgressUpdate(models.Model):
    """What a lead group said about an action at one moment: status, progress and narrative.

    Never edited after it is saved: a correction is a newer update, so the history is whole.
    """

    action = models.ForeignKey("plans.KeyAction", on_delete=models.CASCADE, related_name="updates")
    # The round it was gathered for. Empty when no round was open for the action's priority:
    # the next round to open for that priority takes it, so a late update is never lost.
    # RESTRICT rather than PROTECT: a round cannot be deleted while updates point at it, but a
    # plan (or partnership) deleted whole takes its rounds and their updates together.
    round = models.ForeignKey(
        UpdateRound, null=True, blank=True, on_delete=models.RESTRICT, related_name="updates"
    )
    # The round the sender was answering when that round had already closed.
    late_for = models.ForeignKey(
        UpdateRound, null=True, blank=True, on_delete=models.RESTRICT, related_name="late_updates"
    )
    status_before = models.CharField(max_length=20, choices=ActionStatus.choices)
    status = models.CharField(max_length=20, choices=ActionStatus.choices)
    progress_before = models.PositiveSmallIntegerField()
    progress = models.PositiveSmallIntegerField()
    narrative = models.TextField()
    reason = models.TextField(blank=True)
    remedial_action = models.TextField(blank=True)
    remedial_owner = models.CharField(max_length=200, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written, so the record still says who if the account is later removed.
    by_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Narratives written for the demo installation, not by a real partnership.
    is_demo = models.BooleanField(default=False)

    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100) & models.Q(progress_before__lte=100),
                name="progress_update_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()}, {self.progress}%: {self.narrative[:60]}"


class Evidence(models.Model):
    """A link or a file that backs up a progress update."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    url = models.URLField(blank=True, max_length=500)
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["update", "id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(~models.Q(url="") & models.Q(file=""))
                | (models.Q(url="") & ~models.Q(file="")),
                name="evidence_is_link_or_file",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PriorityCompilation(models.Model):
    """One priority's updates in a closed round, as they stood when it closed (a snapshot, so
    what the champion and the board read does not shift when the plan is edited later)."""

    round = models.ForeignKey(UpdateRound, on_delete=models.CASCADE, related_name="compilations")
    priority = models.ForeignKey(
        "plans.Priority", on_delete=models.CASCADE, related_name="compilations"
    )
    compiled_at = models.DateTimeField(default=timezone.now)
    champion = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    content = models.JSONField(default=dict)

    class Meta:
        ordering = ["round", "priority__order"]
        constraints = [
            models.UniqueConstraint(fields=["round", "priority"], name="unique_compilation"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.priority}"


class ChampionComment(models.Model):
    """The priority champion's comment on a compiled update, for the board."""

    compilation = models.ForeignKey(
        PriorityCompilation, on_delete=models.CASCADE, related_name="comments"
    )
    text = models.TextField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["compilation", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class NoticeKind(models.TextChoices):
    OPENED = "opened", "Round opened"
    BEFORE = "before", "Reminder before the deadline"
    AFTER = "after", "Reminder after the deadline"
    COMPILED = "compiled", "Compiled update for the champion"


class RoundNotice(models.Model):
    """An email the product sent about a round, so a reminder is never sent twice by mistake and
    the officer can see who was told what, and when."""

    round = models.ForeignKey(UpdateRound, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    group = models.ForeignKey(
        "governance.Group", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    priority = models.ForeignKey(
        "plans.Priority", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recipients = models.TextField(blank=True)  # one address a line; empty: nobody to tell
    sent_at = models.DateTimeField(default=timezone.now)
    # Why the mail server refused it, if it did; a reminder that failed is tried again.
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["round", "sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.sent_at:%d %b %Y})"
