"""Geographical areas. Part of the shared base: this app imports nothing else of ours."""

from __future__ import annotations

from django.db import models


class AreaLevel(models.TextChoices):
    ENGLAND = "england", "England"
    REGION = "region", "Region"
    LA = "la", "Local authority"
    DISTRICT = "district", "District"
    WARD = "ward", "Ward"
    LSOA = "lsoa", "Lower layer super output area"


class AreaQuerySet(models.QuerySet["Area"]):
    def local_authorities(self) -> AreaQuerySet:
        return self.filter(level=AreaLevel.LA)

    def current(self) -> AreaQuerySet:
        return self.filter(end_date__isnull=True)


class Area(models.Model):
    code = models.CharField("ONS code", max_length=9, unique=True)
    dfe_code = models.CharField("DfE code", max_length=3, blank=True, db_index=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=10, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Set when the area was abolished.")

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
