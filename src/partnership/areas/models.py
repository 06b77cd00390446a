"""Geographical areas and statistical-neighbour sets. Part of the shared base: this app imports
nothing else of ours."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q


class AreaLevel(models.TextChoices):
    ENGLAND = "england", "England"
    REGION = "region", "Region"
    LONDON_GROUP = "london_group", "Inner or Outer London"
    LA = "la", "Local authority"
    DISTRICT = "district", "District"
    WARD = "ward", "Ward"
    LSOA = "lsoa", "Lower layer super output area"


class AreaQuerySet(models.QuerySet["Area"]):
    def local_authorities(self) -> AreaQuerySet:
        """Upper-tier local authorities (counties, unitaries, metropolitan and London boroughs)."""
        return self.filter(level=AreaLevel.LA)

    def at_level(self, level: str) -> AreaQuerySet:
        return self.filter(level=level)

    def current(self) -> AreaQuerySet:
        """Areas that have not been abolished."""
        return self.filter(end_date__isnull=True)

    def children_of(self, area: Area) -> AreaQuerySet:
        """The areas directly inside ``area``, and the members of a grouping such as Inner London.

        A London borough's parent is the London region; DfE also reports it under Inner or Outer
        London, so it is a child of both. Chain ``.local_authorities()`` to keep one level.
        """
        return self.filter(Q(parent=area) | Q(grouping=area))


class Area(models.Model):
    code = models.CharField("ONS code", max_length=9, unique=True)
    dfe_code = models.CharField(
        "DfE code",
        max_length=3,
        blank=True,
        db_index=True,
        help_text="DfE's 3-digit LA number (358 = Trafford); LAIT's 970 for England and 980-990 "
        "for regions and Inner/Outer London. Not unique: DfE gives a successor authority the "
        "number of the one it replaced.",
    )
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=20, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    grouping = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text="A reporting grouping the area belongs to besides its parent: DfE's Inner or "
        "Outer London for a London borough.",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Set when the area was abolished.")

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["level", "name"], name="area_level_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_current(self) -> bool:
        return self.end_date is None


class NeighbourSetQuerySet(models.QuerySet["NeighbourSet"]):
    def latest_version(self) -> NeighbourSet | None:
        """The most recently published set (DfE revises its model every few years)."""
        return self.order_by(F("published").desc(nulls_last=True), "-version").first()


class NeighbourSet(models.Model):
    """One published statistical-neighbour model, e.g. DfE's 2021 or 2025 groupings."""

    version = models.CharField(max_length=20, unique=True)
    source = models.CharField(max_length=300)
    published = models.DateField(
        null=True, blank=True, help_text="The first day of the month the model was published."
    )

    objects = NeighbourSetQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Statistical neighbours {self.version}"


class Neighbour(models.Model):
    """``neighbour`` is the ``rank``-th closest local authority to ``area`` in ``set``."""

    set = models.ForeignKey(NeighbourSet, on_delete=models.CASCADE, related_name="neighbours")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="neighbour_links")
    neighbour = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    closeness = models.CharField(
        max_length=30,
        blank=True,
        help_text="As published (Extremely close ... Not close); empty when the model gives none.",
    )

    class Meta:
        ordering = ["set", "area", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["set", "area", "rank"], name="unique_neighbour_rank"),
            models.UniqueConstraint(
                fields=["set", "area", "neighbour"], name="unique_neighbour_pair"
            ),
            models.CheckConstraint(
                condition=Q(rank__gte=1) & Q(rank__lte=10), name="neighbour_rank_1_to_10"
            ),
            models.CheckConstraint(condition=~Q(area=F("neighbour")), name="neighbour_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.rank}: {self.neighbour} ({self.set.version})"
