"""Writes to the indicator catalogue, periods and targets. Values are written by importers/."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from partnership.areas.models import Area
from partnership.web.models import Partnership
from partnership.web.services import record_save

from .models import Indicator, Period, Target
from .periods import PeriodLabelError, parse_period


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
) -> Indicator:
    return record_save(
        Indicator(
            partnership=partnership,
            code=code,
            name=name,
            description=description,
            unit=unit,
            polarity=polarity,
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
) -> Indicator:
    indicator.code, indicator.name, indicator.description = code, name, description
    indicator.unit, indicator.polarity = unit, polarity
    return record_save(indicator, by=by)


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
    return record_save(target, by=by)
