"""The indicator catalogue. Values, targets and assessments arrive with the data importers."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from partnership.web.models import Partnership, not_reserved, slug_validator


class Polarity(models.TextChoices):
    HIGH = "high", "Higher is better"
    LOW = "low", "Lower is better"
    NONE = "none", "No judgement"


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def available_to(self, partnership: Partnership) -> IndicatorQuerySet:
        """The national catalogue plus the partnership's own indicators."""
        return self.filter(Q(partnership__isnull=True) | Q(partnership=partnership))


class Indicator(models.Model):
    """A measure a plan watches. ``partnership`` is empty for the national catalogue."""

    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(max_length=80, validators=[slug_validator, not_reserved])
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    unit = models.CharField(max_length=60, blank=True)
    polarity = models.CharField(max_length=4, choices=Polarity.choices, default=Polarity.NONE)

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "code"], name="unique_indicator_code_per_partnership"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(partnership__isnull=True),
                name="unique_national_indicator_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name
