"""Groups and their seats. Meetings, people and memberships build on these."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

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
