"""A partnership's plan: vision, aims, narrative sections and ordered priorities (or outcomes),
each with success criteria, indicators and key actions led by the partnership's groups."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.governance.models import Group
from partnership.indicators.models import Indicator
from partnership.web.models import Partnership, not_reserved, slug_validator

from .delivery_models import (  # noqa: F401  (the app's models, registered from here)
    ActionStatus,
    ChampionComment,
    Evidence,
    Milestone,
    PriorityCompilation,
    ProgressUpdate,
    RoundNotice,
    UpdateRound,
)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    CONSULTATION = "consultation", "Out for consultation"
    ADOPTED = "adopted", "Adopted"
    ARCHIVED = "archived", "Archived"


# The only status moves a plan may make. An adopted plan is refreshed in place (the history keeps
# every change) rather than sent back to draft, so what the public saw stays on record.
PLAN_STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.CONSULTATION, PlanStatus.ADOPTED}),
    PlanStatus.CONSULTATION: frozenset({PlanStatus.DRAFT, PlanStatus.ADOPTED}),
    PlanStatus.ADOPTED: frozenset({PlanStatus.ARCHIVED}),
    PlanStatus.ARCHIVED: frozenset({PlanStatus.ADOPTED}),
}


class PriorityTerm(models.TextChoices):
    PRIORITY = "priority", "Priority"
    OUTCOME = "outcome", "Outcome"


class PlanQuerySet(models.QuerySet["Plan"]):
    def for_partnership(self, partnership: Partnership) -> PlanQuerySet:
        return self.filter(partnership=partnership)

    def published(self) -> PlanQuerySet:
        return self.filter(status=PlanStatus.ADOPTED)


class Plan(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="plans")
    slug = models.SlugField(max_length=80, validators=[slug_validator, not_reserved])
    title = models.CharField(max_length=300)
    area = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    priority_term = models.CharField(
        max_length=10, choices=PriorityTerm.choices, default=PriorityTerm.PRIORITY
    )
    vision = models.TextField(blank=True)
    aims = models.JSONField(default=list, blank=True)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "-period_start", "title"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "slug"], name="unique_plan_slug"),
            models.CheckConstraint(
                condition=models.Q(period_end__isnull=True)
                | models.Q(period_start__isnull=True)
                | models.Q(period_end__gt=models.F("period_start")),
                name="plan_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def term(self) -> str:
        """What this plan calls a priority, for headings: "Priority" or "Outcome"."""
        return self.get_priority_term_display()

    @property
    def term_plural(self) -> str:
        return "Priorities" if self.priority_term == PriorityTerm.PRIORITY else "Outcomes"

    @property
    def is_public(self) -> bool:
        return self.status == PlanStatus.ADOPTED


class PlanSection(models.Model):
    """A narrative section of the plan document: foreword, profile, needs assessment..."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    key = models.SlugField(max_length=80, validators=[slug_validator])
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="unique_section_key"),
        ]

    def __str__(self) -> str:
        return self.title


class Priority(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    # The board member who receives this priority's compiled update after each round and
    # comments on it for the board.
    champion = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="championed_priorities",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title

    @property
    def number(self) -> int:
        return self.order


class SuccessCriterion(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveIntegerField()
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "order"]
        verbose_name_plural = "success criteria"

    def __str__(self) -> str:
        return self.text


class PriorityIndicator(models.Model):
    """An indicator the plan uses to evaluate a priority, in the plan's order."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="indicator_links")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="priority_links"
    )
    order = models.PositiveIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "indicator"], name="unique_indicator_per_priority"
            ),
        ]

    def __str__(self) -> str:
        return str(self.indicator)


class Strategy(models.Model):
    """A plan or strategy that key actions link to ("Early Help Strategy")."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="strategies"
    )
    title = models.CharField(max_length=300)
    url = models.URLField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "strategies"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "title"], name="unique_strategy_title")
        ]

    def __str__(self) -> str:
        return self.title


class KeyAction(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveIntegerField()
    text = models.TextField()
    # Order matters when an action has several lead groups or linked plans (the first is the
    # lead); plain many-to-many rows keep insertion order, which the services preserve.
    lead_groups = models.ManyToManyField(Group, blank=True, related_name="led_actions")
    linked_strategies = models.ManyToManyField(Strategy, blank=True, related_name="actions")
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    # Where the action stands, as its latest progress update left it (the updates keep the
    # history). Changed only by plans.delivery, which enforces the status machine.
    status = models.CharField(
        max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    status_reason = models.TextField(blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    # For an action at risk or off track: what will bring it back, agreed with whom, by when.
    remedial_action = models.TextField(blank=True)
    remedial_owner = models.CharField(max_length=200, blank=True)
    remedial_due = models.DateField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[lead_groups, linked_strategies])

    class Meta:
        ordering = ["priority", "order"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(due_date__gte=models.F("start_date")),
                name="action_due_on_or_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="action_progress_percentage"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def ordered_lead_groups(self) -> list[Group]:
        through = KeyAction.lead_groups.through
        return [
            link.group
            for link in through.objects.filter(keyaction=self)
            .select_related("group")
            .order_by("id")
        ]

    def ordered_strategies(self) -> list[Strategy]:
        through = KeyAction.linked_strategies.through
        return [
            link.strategy
            for link in through.objects.filter(keyaction=self)
            .select_related("strategy")
            .order_by("id")
        ]
