"""Writes to the indicator catalogue."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from partnership.web.models import Partnership
from partnership.web.services import record_save

from .models import Indicator


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
