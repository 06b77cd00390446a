"""Writes to the indicator catalogue, periods and targets. Values are written by importers/."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from partnership.areas.models import Area
from partnership.web.models import Partnership
from partnership.web.services import record_delete, record_save

from .catalogue import check_catalogue, target_problems
from .models import (
    Indicator,
    IntervalMethod,
    Multiplier,
    Period,
    PeriodType,
    Target,
    Value,
    ValueType,
)
from .periods import PeriodLabelError, parse_period
from .tasks import recompute_after_commit

# The catalogue fields an indicator's assessments (intervals, comparisons, bands, ratings) are
# worked out from: changing one means recomputing them.
JUDGEMENT_FIELDS = (
    "polarity",
    "rating_rule",
    "value_type",
    "multiplier",
    "interval_method",
    "quartiles_meaningful",
)


def indicator_code_taken(*, partnership: Partnership, code: str, exclude_pk: int | None) -> bool:
    """Whether another indicator the partnership can see already uses ``code``. National codes
    count too: pages find an indicator by its code among both."""
    others = Indicator.objects.available_to(partnership).exclude(pk=exclude_pk or 0)
    return others.filter(code=code).exists()


def _check_code(*, partnership: Partnership, code: str, exclude_pk: int | None) -> None:
    if indicator_code_taken(partnership=partnership, code=code, exclude_pk=exclude_pk):
        raise ValidationError(
            {"code": "Another indicator already uses this code; choose a different one"}
        )


def _check_period_type_change(indicator: Indicator, period_type: str) -> None:
    """An indicator's values and targets are for periods of its type; changing the type under
    them would leave them meaning something else."""
    if period_type == indicator.period_type:
        return
    values = Value.objects.filter(indicator=indicator).current().count()
    targets = Target.objects.filter(indicator=indicator).count()
    if values or targets:
        held = " and ".join(
            f"{count} {word}{'' if count == 1 else 's'}"
            for count, word in ((values, "value"), (targets, "target"))
            if count
        )
        current = PeriodType(indicator.period_type).label.split(" (")[0].lower()
        raise ValidationError(
            {
                "period_type": f"The period type cannot change: this indicator already has {held} "
                f"for {current} periods. Add a new indicator for the new period type instead."
            }
        )


@transaction.atomic
def indicator_create(
    *,
    partnership: Partnership,
    by: Any,
    code: str,
    name: str,
    description: str = "",
    unit: str = "",
    polarity: str,
    rating_rule: str,
    value_type: str = ValueType.OTHER,
    multiplier: int = Multiplier.ONE,
    period_type: str = PeriodType.FINANCIAL_YEAR,
    interval_method: str = IntervalMethod.NONE,
    decimal_places: int = 1,
    quartiles_meaningful: bool = True,
    source: str = "",
    methodology: str = "",
    owner: str = "",
) -> Indicator:
    """Add an indicator to ``partnership``'s own catalogue. Raises ValidationError, by field, when
    the entry is inconsistent (``catalogue.catalogue_problems``) or its code is taken."""
    fields = {
        "value_type": value_type,
        "multiplier": multiplier,
        "polarity": polarity,
        "interval_method": interval_method,
        "rating_rule": rating_rule,
        "quartiles_meaningful": quartiles_meaningful,
        "decimal_places": decimal_places,
    }
    check_catalogue(**fields)
    _check_code(partnership=partnership, code=code, exclude_pk=None)
    return record_save(
        Indicator(
            partnership=partnership,
            code=code,
            name=name,
            description=description,
            unit=unit,
            period_type=period_type,
            source=source,
            methodology=methodology,
            owner=owner,
            **fields,
        ),
        by=by,
    )


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    by: Any,
    code: str,
    name: str,
    description: str,
    unit: str,
    polarity: str,
    rating_rule: str,
    value_type: str,
    multiplier: int,
    period_type: str,
    interval_method: str,
    decimal_places: int,
    quartiles_meaningful: bool,
    source: str,
    methodology: str,
    owner: str,
) -> Indicator:
    """Change every catalogue field of ``indicator``, with the same checks as
    ``indicator_create``; the period type is fixed once the indicator has values or targets."""
    check_catalogue(
        value_type=value_type,
        multiplier=multiplier,
        polarity=polarity,
        interval_method=interval_method,
        rating_rule=rating_rule,
        quartiles_meaningful=quartiles_meaningful,
        decimal_places=decimal_places,
    )
    if indicator.partnership is not None:
        _check_code(partnership=indicator.partnership, code=code, exclude_pk=indicator.pk)
    _check_period_type_change(indicator, period_type)
    judged_before = [getattr(indicator, field) for field in JUDGEMENT_FIELDS]
    indicator.code, indicator.name, indicator.description = code, name, description
    indicator.unit, indicator.polarity, indicator.rating_rule = unit, polarity, rating_rule
    indicator.value_type, indicator.multiplier = value_type, multiplier
    indicator.period_type, indicator.interval_method = period_type, interval_method
    indicator.decimal_places, indicator.quartiles_meaningful = decimal_places, quartiles_meaningful
    indicator.source, indicator.methodology, indicator.owner = source, methodology, owner
    saved = record_save(indicator, by=by)
    if [getattr(indicator, field) for field in JUDGEMENT_FIELDS] != judged_before:
        recompute_after_commit([indicator.pk])
    return saved


@transaction.atomic
def period_for_label(*, period_type: str, label: str) -> Period:
    """The stored period a label names, created on first use. Raises ValidationError with the
    parser's plain-English message when the label cannot be read."""
    try:
        spec = parse_period(label, period_type)
    except PeriodLabelError as error:
        raise ValidationError({"label": str(error)}) from None
    period = Period.objects.filter(period_type=spec.period_type, label=spec.label).first()
    if period is None:
        period = Period(
            period_type=spec.period_type,
            label=spec.label,
            start_date=spec.start,
            end_date=spec.end,
        )
        period.full_clean()
        period.save()
    return period


@transaction.atomic
def target_set(
    *,
    partnership: Partnership,
    indicator: Indicator,
    area: Area,
    period: Period,
    value: float,
    value_upper: float | None = None,
    reason: str = "",
    by: Any,
) -> Target:
    """Set (or change) ``partnership``'s target for ``indicator`` in ``area`` for ``period``: one
    value, or a range from ``value`` to ``value_upper``. The previous target stays in the
    history."""
    target = Target.objects.filter(
        partnership=partnership, indicator=indicator, area=area, period=period
    ).first()
    if target is None:
        target = Target(partnership=partnership, indicator=indicator, area=area, period=period)
    target.value, target.value_upper, target.reason = value, value_upper, reason
    target.set_by = by if getattr(by, "is_authenticated", False) else None
    if value_upper is not None and value_upper < value:
        raise ValidationError({"value_upper": "The top of the range must not be below its bottom."})
    saved = record_save(target, by=by)
    # The target's status is part of the indicator's assessments, recomputed in the background.
    recompute_after_commit([indicator.pk])
    return saved


def _check_target(
    *, indicator: Indicator, value: float, value_upper: float | None, reason: str
) -> None:
    problems = target_problems(
        value_type=indicator.value_type,
        multiplier=indicator.multiplier,
        value=value,
        value_upper=value_upper,
    )
    if not reason.strip():
        problems["reason"] = ["Say why this is the target: the evidence or the agreement behind it"]
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def target_add(
    *,
    partnership: Partnership,
    indicator: Indicator,
    area: Area,
    period_label: str,
    value: float,
    value_upper: float | None = None,
    reason: str,
    by: Any,
) -> Target:
    """Add ``partnership``'s target for ``indicator`` in ``area`` for the period ``period_label``
    names (read with the indicator's period type). Refuses, rather than overwrites, a target that
    already exists: that one is changed with ``target_change``. A reason is required."""
    _check_target(indicator=indicator, value=value, value_upper=value_upper, reason=reason)
    try:
        period = period_for_label(period_type=indicator.period_type, label=period_label)
    except ValidationError as error:
        raise ValidationError({"period": error.message_dict["label"]}) from None
    if Target.objects.filter(
        partnership=partnership, indicator=indicator, area=area, period=period
    ).exists():
        raise ValidationError(
            {
                "period": f"There is already a target for {area.name} in {period.label}: change "
                "that one instead"
            }
        )
    return target_set(
        partnership=partnership,
        indicator=indicator,
        area=area,
        period=period,
        value=value,
        value_upper=value_upper,
        reason=reason,
        by=by,
    )


@transaction.atomic
def target_change(
    *, target: Target, value: float, value_upper: float | None, reason: str, by: Any
) -> Target:
    """Change a target's value or range and its reason; the area and period name the target, so
    a target for another area or period is added instead. The old figures stay in the history."""
    partnership = target.partnership
    if partnership is None:
        raise ValueError("Only a partnership's own target can be changed.")
    _check_target(indicator=target.indicator, value=value, value_upper=value_upper, reason=reason)
    return target_set(
        partnership=partnership,
        indicator=target.indicator,
        area=target.area,
        period=target.period,
        value=value,
        value_upper=value_upper,
        reason=reason,
        by=by,
    )


@transaction.atomic
def target_delete(*, target: Target, by: Any) -> None:
    """Remove a target; its history keeps what it was and who removed it."""
    indicator_id = target.indicator_id
    record_delete(target, by=by)
    # A rating against the target changes when the target goes.
    recompute_after_commit([indicator_id])
