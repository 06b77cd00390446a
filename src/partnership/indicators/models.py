"""The indicator catalogue and the indicator store: periods, values (with their history by
supersession), import batches and targets. See docs/adr/0004-indicator-store.md."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from partnership.areas.models import Area
from partnership.web.models import Partnership, not_reserved, slug_validator

from . import periods


class Polarity(models.TextChoices):
    HIGH = "high", "Higher is better"
    LOW = "low", "Lower is better"
    NONE = "none", "No judgement"


class ValueType(models.TextChoices):
    COUNT = "count", "Count"
    PERCENTAGE = "percentage", "Percentage"
    PROPORTION = "proportion", "Proportion"
    RATE = "rate", "Crude rate"
    DSR = "dsr", "Directly standardised rate"
    MEAN = "mean", "Mean"
    SCORE = "score", "Score"
    OTHER = "other", "Other"


class Multiplier(models.IntegerChoices):
    ONE = 1, "1 (as it is)"
    HUNDRED = 100, "100 (per cent)"
    THOUSAND = 1000, "per 1,000"
    TEN_THOUSAND = 10000, "per 10,000"
    HUNDRED_THOUSAND = 100000, "per 100,000"


class PeriodType(models.TextChoices):
    FINANCIAL_YEAR = periods.FINANCIAL_YEAR, periods.PERIOD_TYPES[periods.FINANCIAL_YEAR]
    ACADEMIC_YEAR = periods.ACADEMIC_YEAR, periods.PERIOD_TYPES[periods.ACADEMIC_YEAR]
    CALENDAR_YEAR = periods.CALENDAR_YEAR, periods.PERIOD_TYPES[periods.CALENDAR_YEAR]
    QUARTER = periods.QUARTER, periods.PERIOD_TYPES[periods.QUARTER]
    MONTH = periods.MONTH, periods.PERIOD_TYPES[periods.MONTH]
    ROLLING_YEARS = periods.ROLLING_YEARS, periods.PERIOD_TYPES[periods.ROLLING_YEARS]
    SNAPSHOT = periods.SNAPSHOT, periods.PERIOD_TYPES[periods.SNAPSHOT]


class IntervalMethod(models.TextChoices):
    WILSON = "wilson", "Wilson score (proportions)"
    BYAR = "byar", "Byar's (rates, 10 or more events)"
    EXACT_POISSON = "exact_poisson", "Exact Poisson (rates, fewer than 10 events)"
    T = "t", "Student's t (means)"
    DOBSON = "dobson", "Dobson (directly standardised rates)"
    NONE = "none", "None"


class RatingRule(models.TextChoices):
    """How an indicator's overall rating is decided (a "legend set"): each partnership chooses per
    indicator what "good" means."""

    ENGLAND = "england", "Compared with England"
    REGION = "region", "Compared with the region"
    NEIGHBOURS = "neighbours", "Compared with the statistical-neighbour average"
    QUARTILE = "quartile", "Quartile band among local authorities"
    TARGET = "target", "Against the target"
    NONE = "none", "Not rated"


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
    value_type = models.CharField(max_length=12, choices=ValueType.choices, default=ValueType.OTHER)
    multiplier = models.PositiveIntegerField(
        choices=Multiplier.choices,
        default=Multiplier.ONE,
        help_text="What a proportion or rate is multiplied by: 100 for a percentage, 10,000 for "
        "a rate per 10,000.",
    )
    # Partnerships plan and report by financial year, so that is what an indicator without a
    # stated period type is read as.
    period_type = models.CharField(
        max_length=20, choices=PeriodType.choices, default=periods.FINANCIAL_YEAR
    )
    interval_method = models.CharField(
        max_length=14,
        choices=IntervalMethod.choices,
        default=IntervalMethod.NONE,
        help_text="How confidence intervals are worked out from a value's count and denominator.",
    )
    decimal_places = models.PositiveSmallIntegerField(default=1, validators=[MaxValueValidator(6)])
    quartiles_meaningful = models.BooleanField(
        default=True,
        help_text="False where ranking local authorities into quartiles would mislead (LAIT's "
        "No_Quartile).",
    )
    source = models.CharField(max_length=300, blank=True, help_text="Who publishes the data.")
    methodology = models.TextField(blank=True)
    owner = models.CharField(max_length=300, blank=True, help_text="The data owner or supplier.")
    rating_rule = models.CharField(
        max_length=12,
        choices=RatingRule.choices,
        default=RatingRule.ENGLAND,
        help_text="What decides the indicator's overall rating.",
    )
    lait_code = models.CharField(
        "LAIT code",
        max_length=60,
        blank=True,
        help_text="The measure's short name in DfE's Local Authority Interactive Tool "
        "(“Short Desc”, e.g. LAC).",
    )

    fingertips_id = models.PositiveIntegerField(
        "Fingertips indicator ID",
        null=True,
        blank=True,
        help_text="The indicator's ID in OHID's Fingertips (e.g. 90284), linking its exports.",
    )

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
            models.UniqueConstraint(
                fields=["lait_code"],
                condition=Q(partnership__isnull=True) & ~Q(lait_code=""),
                name="unique_national_lait_code",
            ),
            models.UniqueConstraint(
                fields=["fingertips_id"],
                condition=Q(partnership__isnull=True) & Q(fingertips_id__isnull=False),
                name="unique_national_fingertips_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PeriodQuerySet(models.QuerySet["Period"]):
    def chronological(self) -> PeriodQuerySet:
        return self.order_by("start_date", "end_date", "period_type")


class Period(models.Model):
    """A time a value is for, with its label as published ("2023/24", "2025", "Q1 2024/25").

    Labels are canonical per type (``periods.parse_period``), so "2016-17" and "201617" from two
    sources are one period.
    """

    period_type = models.CharField(max_length=20, choices=PeriodType.choices)
    label = models.CharField(max_length=40)
    start_date = models.DateField()
    end_date = models.DateField()

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "end_date", "period_type"]
        constraints = [
            models.UniqueConstraint(fields=["period_type", "label"], name="unique_period_label"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class MissingReason(models.TextChoices):
    """Why a value is missing, in the codes DfE (EES) and LAIT publish. Kept: it is information."""

    NONE = "", "Not missing"
    CONFIDENTIAL = "c", "Confidential (suppressed to protect individuals)"
    NOT_AVAILABLE = "x", "Not available"
    NOT_APPLICABLE = "z", "Not applicable"
    LOW = "low", "Rounds to zero, but is not zero"
    LOW_RELIABILITY = "u", "Low reliability"
    NO_DATA = "-", "No data (LAIT)"


MISSING_CODES = [choice.value for choice in MissingReason if choice.value]


class ImportStatus(models.TextChoices):
    RUNNING = "running", "Running"
    COMPLETED = "completed", "Completed"
    REJECTED = "rejected", "Rejected: the file has errors, nothing was imported"
    FAILED = "failed", "Failed: nothing was imported"


class ImportBatch(models.Model):
    """One import of one file: every value records the batch that brought it (provenance)."""

    format = models.CharField(max_length=20)
    source_name = models.CharField(max_length=300, help_text="The file's name.")
    sha256 = models.CharField(max_length=64)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started = models.DateTimeField()
    finished = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    counts = models.JSONField(default=dict, blank=True)
    dry_run = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.source_name} ({self.get_status_display()}, {self.started:%Y-%m-%d %H:%M})"


class ValueQuerySet(models.QuerySet["Value"]):
    def current(self) -> ValueQuerySet:
        """The values in force: not superseded by a correction."""
        return self.filter(is_current=True)

    def for_area(self, area: Area) -> ValueQuerySet:
        return self.filter(area=area)

    def for_indicator(self, indicator: Indicator) -> ValueQuerySet:
        return self.filter(indicator=indicator)

    def for_period(self, period: Period) -> ValueQuerySet:
        return self.filter(period=period)

    def overall(self) -> ValueQuerySet:
        """Values for the whole population, not a breakdown such as sex=female."""
        return self.filter(breakdown="")

    def chronological(self) -> ValueQuerySet:
        return self.order_by("period__start_date", "period__end_date")


class Value(models.Model):
    """An indicator's aggregate value for one area, period and breakdown.

    A correction never overwrites: the new row is current and the old one keeps its numbers with
    ``is_current`` False and ``superseded_by`` pointing at its replacement, so every figure a
    board once saw can be found again.
    """

    indicator = models.ForeignKey(
        # The (indicator, period) index and the unique index both lead with the indicator.
        Indicator,
        on_delete=models.CASCADE,
        related_name="values",
        db_index=False,
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="values")
    # Reads by period go through the (indicator, period) index; a period-only index would be
    # paid for on every row of a large import and serve no query.
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="values", db_index=False
    )
    breakdown = models.CharField(
        max_length=100,
        blank=True,
        help_text="Empty for the whole population; otherwise e.g. sex=female.",
    )
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    lower95 = models.FloatField("lower 95% limit", null=True, blank=True)
    upper95 = models.FloatField("upper 95% limit", null=True, blank=True)
    lower998 = models.FloatField("lower 99.8% limit", null=True, blank=True)
    upper998 = models.FloatField("upper 99.8% limit", null=True, blank=True)
    missing_reason = models.CharField(
        max_length=3, choices=MissingReason.choices, blank=True, default=MissingReason.NONE
    )
    # Fingertips' value notes run to a few hundred characters.
    note = models.CharField(max_length=500, blank=True)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="values"
    )
    is_current = models.BooleanField(default=True)
    superseded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="supersedes"
    )

    objects = ValueQuerySet.as_manager()

    class Meta:
        constraints = [
            # One current value per indicator, area, period and breakdown; superseded rows are
            # history and may repeat. A partial index: SQLite and PostgreSQL both support it.
            models.UniqueConstraint(
                fields=["indicator", "area", "period", "breakdown"],
                condition=Q(is_current=True),
                name="unique_current_value",
            ),
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(missing_reason=""))
                | (Q(value__isnull=True) & ~Q(missing_reason="")),
                name="value_or_missing_reason",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="value_indicator_period")]

    def __str__(self) -> str:
        shown = self.missing_reason if self.value is None else f"{self.value:g}"
        return f"{self.indicator_id} {self.area_id} {self.period_id}: {shown}"


class Target(models.Model):
    """What a partnership aims for: one value, or a range from ``value`` to ``value_upper``."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="targets", null=True, blank=True
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="targets")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="targets")
    value = models.FloatField()
    value_upper = models.FloatField(
        null=True, blank=True, help_text="For a range: the upper end; ``value`` is the lower."
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True, help_text="Why this target: the evidence or agreement.")
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "area", "period__start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "indicator", "area", "period"],
                name="unique_target_per_period",
            ),
            models.CheckConstraint(
                condition=Q(value_upper__isnull=True) | Q(value_upper__gte=F("value")),
                name="target_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        if self.value_upper is None:
            return f"{self.value:g}"
        return f"{self.value:g} to {self.value_upper:g}"


class ColumnMappingQuerySet(models.QuerySet["ColumnMapping"]):
    def usable_by(self, partnership: Partnership | None) -> ColumnMappingQuerySet:
        """The national mappings (shipped with the open-data pack) and the partnership's own."""
        if partnership is None:
            return self.filter(partnership__isnull=True)
        return self.filter(Q(partnership__isnull=True) | Q(partnership=partnership))


class ColumnMapping(models.Model):
    """How the columns of a DfE "explore education statistics" tidy file become values.

    Remembered by the file's shape (``signature``: a digest of its column names), so the next
    file of the same publication imports without being mapped again. ``spec`` holds the mapping
    itself; ``importers/ees.py`` defines and validates it.
    """

    partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.CASCADE, related_name="mappings"
    )
    name = models.CharField(max_length=200, help_text="For example “Children looked after”.")
    signature = models.CharField(max_length=64)
    columns = models.JSONField(default=list, help_text="The file's column names, as first seen.")
    spec = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = ColumnMappingQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "signature"], name="unique_mapping_per_shape"
            ),
            models.UniqueConstraint(
                fields=["signature"],
                condition=Q(partnership__isnull=True),
                name="unique_national_mapping_per_shape",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ImportJobStatus(models.TextChoices):
    CHECKING = "checking", "Checking the file"
    CHECKED = "checked", "Checked: waiting for you to confirm"
    REJECTED = "rejected", "The file has problems: nothing was imported"
    IMPORTING = "importing", "Importing"
    COMPLETED = "completed", "Imported"
    FAILED = "failed", "Failed: nothing was imported"
    CANCELLED = "cancelled", "Cancelled: nothing was imported"


class ImportJob(models.Model):
    """A file uploaded through the web: checked in the background (a dry run whose report is the
    preview), then imported when the officer confirms. Progress is written as the work goes so
    the page can show it."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="import_jobs"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.FileField(upload_to="imports/%Y/%m/")
    source_name = models.CharField(max_length=300)
    format = models.CharField(max_length=20, blank=True)
    mapping = models.ForeignKey(
        ColumnMapping, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    status = models.CharField(
        max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.CHECKING
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0, help_text="Estimated from the file size.")
    report = models.JSONField(default=dict, blank=True)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.get_status_display()})"
