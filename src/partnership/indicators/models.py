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
    NEEDS_MAPPING = "mapping", "Waiting for its columns to be mapped"
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


# Assessments ---------------------------------------------------------------------------------
# Written only by ``assessments.assessments_recompute``; see docs/statistics.md, "Assessments".


class IntervalSource(models.TextChoices):
    PUBLISHED = "published", "Published with the value"
    COMPUTED = "computed", "Computed from the count and denominator"
    NONE = "none", "None"


class Comparison(models.TextChoices):
    """How a value compares with a benchmark. The labels keep a tested difference (with the
    confidence level that found it) apart from an untested one, so a page cannot pass off
    "higher" as "significantly higher"."""

    BETTER_998 = "better_998", "Better (99.8%)"
    BETTER = "better", "Better (95%)"
    SIMILAR = "similar", "Similar"
    WORSE = "worse", "Worse (95%)"
    WORSE_998 = "worse_998", "Worse (99.8%)"
    HIGHER_998 = "higher_998", "Higher (99.8%)"
    HIGHER = "higher", "Higher (95%)"
    LOWER = "lower", "Lower (95%)"
    LOWER_998 = "lower_998", "Lower (99.8%)"
    HIGHER_NOT_TESTED = "higher_untested", "Higher (not tested)"
    SAME_NOT_TESTED = "same_untested", "Same value (not tested)"
    LOWER_NOT_TESTED = "lower_untested", "Lower (not tested)"
    NOT_COMPARED = "not_compared", "Not compared"


class Direction(models.TextChoices):
    IMPROVED = "improved", "Improved"
    NO_CHANGE = "no_change", "No change"
    WORSENED = "worsened", "Worsened"
    INCREASED = "increased", "Increased"
    DECREASED = "decreased", "Decreased"
    NOT_COMPARABLE = "not_comparable", "Not comparable"


class Trend(models.TextChoices):
    """Fingertips' recent-trend labels."""

    INCREASING_BETTER = "increasing_better", "Increasing and getting better"
    INCREASING_WORSE = "increasing_worse", "Increasing and getting worse"
    DECREASING_BETTER = "decreasing_better", "Decreasing and getting better"
    DECREASING_WORSE = "decreasing_worse", "Decreasing and getting worse"
    INCREASING = "increasing", "Increasing"
    DECREASING = "decreasing", "Decreasing"
    NO_CHANGE = "no_change", "No significant change"
    CANNOT = "cannot", "Cannot be calculated"


class QuartileBand(models.TextChoices):
    NONE = "", "Not banded"
    A = "A", "A (best quarter)"
    B = "B", "B"
    C = "C", "C"
    D = "D", "D (worst quarter)"


class Rating(models.TextChoices):
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"
    NOT_RATED = "none", "Not rated"


class TargetStatus(models.TextChoices):
    MET = "met", "Met"
    WITHIN_RANGE = "within_range", "Within the range"
    NOT_MET = "not_met", "Not met"
    NOT_ASSESSED = "not_assessed", "Not assessed"
    NO_TARGET = "no_target", "No target"


class Note(models.TextChoices):
    """Why an assessment field is empty, untested or not rated, as a page says it. Stored as a
    short code: a sentence on each of 600,000 rows would be most of the table."""

    NONE = "", ""
    # The interval.
    NO_METHOD = "no_method", "No published limits, and the indicator has no interval method."
    NO_COUNTS = "no_counts", "No published limits, and no count and denominator to compute them."
    NEEDS_SD = (
        "needs_sd",
        (
            "No published limits; Student's t limits need the standard deviation, "
            "which is not stored."
        ),
    )
    NEEDS_AGE_BANDS = (
        "needs_age_bands",
        "No published limits; Dobson's limits need the counts by age band, which are not stored.",
    )
    COUNT_ABOVE = (
        "count_above",
        "The count is larger than the denominator, so Wilson limits cannot be computed.",
    )
    BAD_LIMITS = (
        "bad_limits",
        "The published limits are out of order (lower above upper), so none are used.",
    )
    BAD_998 = (
        "bad_998",
        (
            "The published 99.8% limits do not contain the 95% limits, so only the "
            "95% ones are used."
        ),
    )
    # Benchmarks.
    IS_ENGLAND = "is_england", "This is England."
    ENGLAND_NO_VALUE = "england_none", "There is no value for England for this period."
    ENGLAND_MISSING = (
        "england_missing",
        "England's value for this period is missing (suppressed or not available).",
    )
    ENGLAND_NO_REGION = "england_no_region", "England is not in a region."
    IS_REGION = "is_region", "This is a region."
    NO_REGION = "no_region", "The area is in no region."
    REGION_NO_VALUE = "region_none", "There is no value for the region for this period."
    REGION_MISSING = (
        "region_missing",
        "The region's value for this period is missing (suppressed or not available).",
    )
    NOT_LA = "not_la", "Only local authorities have statistical neighbours, ranks and bands."
    NO_SET = "no_set", "No statistical-neighbour set is loaded."
    NOT_IN_SET = "not_in_set", "The authority is not in the statistical-neighbour set used."
    NO_NEIGHBOUR_VALUES = (
        "neighbours_none",
        "None of its statistical neighbours has a value for this period.",
    )
    # Ranks and bands.
    NO_POLARITY = "no_polarity", "The indicator has no polarity, so no value is better or worse."
    NOT_MEANINGFUL = (
        "no_quartiles",
        "Ranks and quartiles are not meaningful for this indicator (LAIT's No_Quartile).",
    )
    # Direction of travel.
    FIRST_PERIOD = "first_period", "There is no earlier period of this indicator to compare with."
    PREVIOUS_NO_VALUE = "previous_none", "There is no value for the previous period."
    PREVIOUS_MISSING = (
        "previous_missing",
        "The previous period's value is missing (suppressed or not available).",
    )
    # Recent trend.
    TREND_TYPE = (
        "trend_type",
        "Fingertips tests recent trends only for proportions and crude rates.",
    )
    TREND_POINTS = (
        "trend_points",
        (
            "Needs the five most recent periods, unbroken and not overlapping, each with 95% "
            "confidence limits."
        ),
    )
    TREND_UNTESTABLE = (
        "trend_untestable",
        (
            "The five values cannot be tested: a count of zero, every event, or an "
            "interval of no width."
        ),
    )
    # The overall rating.
    NOT_RATED = "not_rated", "The indicator is not rated."
    BY_TARGET = "by_target", "Rated against each partnership's own target: see its status."
    UNTESTED = (
        "untested",
        "The value has no confidence limits, so its difference from the benchmark is not tested.",
    )
    NO_BENCHMARK = "no_benchmark", "There is nothing to compare with: see the comparison."
    NOT_BANDED = "not_banded", "The value is not in a quartile band: see the rank."


class AssessmentQuerySet(models.QuerySet["Assessment"]):
    def for_area(self, area: Area) -> AssessmentQuerySet:
        return self.filter(area=area)

    def for_indicator(self, indicator: Indicator) -> AssessmentQuerySet:
        return self.filter(indicator=indicator)

    def for_period(self, period: Period) -> AssessmentQuerySet:
        return self.filter(period=period)

    def local_authorities(self) -> AssessmentQuerySet:
        return self.filter(area__level="la")

    def most_recent(self) -> AssessmentQuerySet:
        """Each indicator's most recent assessed period in each area (Django's own ``latest()``
        returns one object, so this has another name)."""
        return self.filter(is_latest=True)

    def chronological(self) -> AssessmentQuerySet:
        return self.order_by("period__start_date", "period__end_date")

    def by_rank(self) -> AssessmentQuerySet:
        """Best first; unranked rows last."""
        return self.order_by(F("rank").asc(nulls_last=True), "area__name")

    def with_target(self, partnership: Partnership | None) -> AssessmentQuerySet:
        """Annotate ``partnership``'s target for each row (``target_value``, ``target_upper``),
        its ``target_status`` ("no_target" where it set none), ``target_rating`` and the
        ``overall_rating``: the stored ``rating``, or for an indicator rated by target, the
        rating of this partnership's target. ``None`` reads the targets that belong to no
        partnership."""
        # Imported here: this module's imports are shared with the rest of the store.
        from django.db.models.functions import Coalesce

        targets = TargetAssessment.objects.filter(
            target__indicator=models.OuterRef("indicator"),
            target__area=models.OuterRef("area"),
            target__period=models.OuterRef("period"),
        )
        if partnership is None:
            targets = targets.filter(target__partnership__isnull=True)
        else:
            targets = targets.filter(target__partnership=partnership)
        annotated = self.annotate(
            target_value=models.Subquery(targets.values("target__value")[:1]),
            target_upper=models.Subquery(targets.values("target__value_upper")[:1]),
            target_status=Coalesce(
                models.Subquery(targets.values("status")[:1]),
                models.Value(TargetStatus.NO_TARGET.value),
            ),
            target_rating=Coalesce(
                models.Subquery(targets.values("rating")[:1]),
                models.Value(Rating.NOT_RATED.value),
            ),
        )
        return annotated.annotate(
            overall_rating=models.Case(
                models.When(rating_rule=RatingRule.TARGET, then=F("target_rating")),
                default=F("rating"),
                output_field=models.CharField(),
            )
        )


class Assessment(models.Model):
    """Everything the platform judges about one current overall value (indicator, area, period)
    of England, a region, Inner or Outer London, a local authority, a district or a ward.
    Derived data: ``assessments_recompute`` replaces an indicator's rows wholesale after each
    import, so nothing here is edited by hand and nothing keeps history.

    Each ``*_note`` is a ``Note``: why the fields beside it are empty, untested or not rated.

    The foreign keys have no database constraints. PostgreSQL checks each constrained key with
    a trigger per row at commit: 17 seconds for LAIT's 547,000 assessments, more than all the
    rest of the recomputation. The rows are written by one service from ids it reads in the same
    transaction, with the indicators locked, and Django's ORM still cascades the deletion of an
    indicator, area or period to them.
    """

    # The unique index leads with the indicator; reads by area use the (area, indicator) index.
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="assessments",
        db_index=False,
        db_constraint=False,
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="assessments",
        db_index=False,
        db_constraint=False,
    )
    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="+", db_index=False, db_constraint=False
    )
    value = models.FloatField()
    # Worked out with the rest, so "the latest figure of every indicator for an area" is an
    # indexed filter rather than a subquery per row.
    is_latest = models.BooleanField(
        help_text="This is the area's most recent period with a value for the indicator."
    )

    # The interval used, and where it came from.
    lower95 = models.FloatField("lower 95% limit", null=True, blank=True)
    upper95 = models.FloatField("upper 95% limit", null=True, blank=True)
    lower998 = models.FloatField("lower 99.8% limit", null=True, blank=True)
    upper998 = models.FloatField("upper 99.8% limit", null=True, blank=True)
    interval_source = models.CharField(max_length=9, choices=IntervalSource.choices)
    interval_method = models.CharField(
        max_length=14,
        choices=IntervalMethod.choices,
        blank=True,
        help_text="For computed limits: the method used for this value (Byar's or exact for a "
        "rate, by its count).",
    )
    interval_note = models.CharField(max_length=20, choices=Note.choices, blank=True)

    # Benchmarks.
    england_value = models.FloatField(null=True, blank=True)
    england_comparison = models.CharField(max_length=15, choices=Comparison.choices)
    england_note = models.CharField(max_length=20, choices=Note.choices, blank=True)
    region = models.ForeignKey(
        Area,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    region_value = models.FloatField(null=True, blank=True)
    region_comparison = models.CharField(max_length=15, choices=Comparison.choices)
    region_note = models.CharField(max_length=20, choices=Note.choices, blank=True)
    neighbour_set = models.ForeignKey(
        "areas.NeighbourSet",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    neighbour_average = models.FloatField(null=True, blank=True)
    neighbour_count = models.PositiveSmallIntegerField(
        default=0, help_text="How many neighbours had a value: the average is over these."
    )
    neighbour_comparison = models.CharField(max_length=15, choices=Comparison.choices)
    neighbour_note = models.CharField(max_length=20, choices=Note.choices, blank=True)

    # Among local authorities.
    rank = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 is the best.")
    ranked = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many authorities with a value were ranked."
    )
    quartile_band = models.CharField(max_length=1, choices=QuartileBand.choices, blank=True)
    rank_note = models.CharField(max_length=20, choices=Note.choices, blank=True)

    # Over time.
    previous_period = models.ForeignKey(
        Period,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    previous_value = models.FloatField(null=True, blank=True)
    direction = models.CharField(max_length=14, choices=Direction.choices)
    direction_note = models.CharField(max_length=20, choices=Note.choices, blank=True)
    trend = models.CharField(max_length=17, choices=Trend.choices)
    trend_note = models.CharField(max_length=20, choices=Note.choices, blank=True)

    # The overall rating, by the rule the indicator had when it was computed.
    rating_rule = models.CharField(max_length=12, choices=RatingRule.choices)
    rating = models.CharField(max_length=5, choices=Rating.choices)
    rating_note = models.CharField(max_length=20, choices=Note.choices, blank=True)

    computed_at = models.DateTimeField()

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "area"], name="unique_assessment"
            ),
        ]
        indexes = [models.Index(fields=["area", "indicator"], name="assessment_area_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_id} {self.period_id}: {self.rating}"


class TargetAssessment(models.Model):
    """Whether a target is met by the value it is for.

    Kept per target, not on ``Assessment``: targets belong to a partnership, and two
    partnerships may set different targets for the same indicator, area and period, so one
    assessment row cannot hold "the" target status. These rows are few (one per target with a
    value), are recomputed with their indicator's assessments, and are joined to assessments at
    read time by ``AssessmentQuerySet.with_target(partnership)``.
    """

    target = models.OneToOneField(Target, on_delete=models.CASCADE, related_name="assessment")
    value = models.FloatField(help_text="The value the target was judged against.")
    status = models.CharField(max_length=12, choices=TargetStatus.choices)
    rating = models.CharField(max_length=5, choices=Rating.choices)
    note = models.CharField(max_length=200, blank=True)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.target}: {self.get_status_display()}"
