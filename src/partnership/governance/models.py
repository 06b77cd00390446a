"""Groups, their seats and how they relate. Meetings, people and memberships build on these."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from partnership.areas.models import Area
from partnership.web.models import Partnership


class Classification(models.TextChoices):
    BOARD = "board", "Board"
    PARTNERSHIP = "partnership", "Partnership"
    SUB_GROUP = "sub-group", "Sub-group"
    TASK_AND_FINISH = "task-and-finish-group", "Task and finish group"
    LOCAL_PARTNERSHIP = "local-partnership-group", "Local partnership group"
    FORUM = "forum", "Forum"
    TEAM = "team", "Team or service"
    OTHER = "other", "Other"


class Scope(models.TextChoices):
    # Kent's governance key tells countywide groups from local (district) ones.
    COUNTYWIDE = "countywide", "Countywide (the whole partnership area)"
    LOCAL = "local", "Local (part of the area, such as a district)"


class Focus(models.TextChoices):
    WHOLE_POPULATION = "whole-population", "Whole population"
    CHILDREN = "children", "Children and young people"


class RelationshipKind(models.TextChoices):
    REPORTS_TO = "reports-to", "Reports to"
    REPRESENTATIVES_ATTEND = "representatives-attend", "Representatives attend"
    INFORMATION_SHARING = "information-sharing", "Shares information with"


class GroupQuerySet(models.QuerySet["Group"]):
    def for_partnership(self, partnership: Partnership) -> GroupQuerySet:
        return self.filter(partnership=partnership)


class Group(models.Model):
    """A board, partnership, sub-group or team: who leads actions and who meets."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=200)
    classification = models.CharField(
        max_length=30, choices=Classification.choices, default=Classification.OTHER
    )
    description = models.TextField(blank=True)
    # Blank means "not recorded": older groups and plan files say nothing about scope or focus,
    # and guessing would put wrong facts on a public page.
    scope = models.CharField(max_length=20, choices=Scope.choices, blank=True)
    area = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For a local group, the part of the partnership's area it covers",
    )
    focus = models.CharField(max_length=20, choices=Focus.choices, blank=True)
    terms_of_reference = models.TextField(blank=True)

    objects = GroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "name"], name="unique_group_name")
        ]

    def __str__(self) -> str:
        return self.name


class Post(models.Model):
    """A seat on a group ("Director of Public Health"), optionally with who holds it."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="posts")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    organisation = models.CharField(max_length=300, blank=True)
    holder = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "order", "id"]

    def __str__(self) -> str:
        return self.title


class GroupRelationshipQuerySet(models.QuerySet["GroupRelationship"]):
    def for_partnership(self, partnership: Partnership) -> GroupRelationshipQuerySet:
        return self.filter(from_group__partnership=partnership).select_related(
            "from_group", "to_group"
        )


class GroupRelationship(models.Model):
    """A typed, directed link between two groups: "the CYP Partnership reports to the HWB"."""

    from_group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="relationships_from"
    )
    to_group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="relationships_to")
    kind = models.CharField(max_length=30, choices=RelationshipKind.choices)
    note = models.CharField(max_length=500, blank=True)

    objects = GroupRelationshipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["from_group__name", "kind", "to_group__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["from_group", "to_group", "kind"], name="unique_group_relationship"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_group=models.F("to_group")),
                name="group_relationship_not_to_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.sentence()

    def sentence(self) -> str:
        verb = RelationshipKind(self.kind).label.lower()
        if self.kind == RelationshipKind.REPRESENTATIVES_ATTEND:
            return f"Representatives of {self.from_group.name} attend {self.to_group.name}"
        return f"{self.from_group.name} {verb} {self.to_group.name}"

    def clean(self) -> None:
        if not (self.from_group_id and self.to_group_id):
            return
        if self.from_group_id == self.to_group_id:
            raise ValidationError({"to_group": "A group cannot be related to itself"})
        if self.from_group.partnership_id != self.to_group.partnership_id:
            raise ValidationError({"to_group": "Both groups must be in the same partnership"})


from .meeting_models import (  # noqa: E402, F401  (the app's models, registered from here)
    ActionArising,
    ActionArisingUpdate,
    AgendaItem,
    AgendaItemLink,
    Attendance,
    Declaration,
    ForwardPlanItem,
    GuideItem,
    ItemMinute,
    Meeting,
    Membership,
    Minutes,
    MinutesAmendment,
    MinutesVersion,
    OneMinuteGuide,
    Paper,
    Person,
    RegisteredInterest,
    SearchEntry,
)
