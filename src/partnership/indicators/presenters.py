"""The performance framework pages: which indicators the partnership's plans use, and where."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from partnership.plans.models import PriorityIndicator
from partnership.plans.selectors import plans_visible_to
from partnership.web.models import Partnership
from partnership.web.permissions import Perm

from .models import Indicator


@dataclass
class Use:
    label: str
    url: str


@dataclass
class IndicatorRow:
    name: str
    url: str
    unit: str
    polarity: str
    uses: list[Use]


def _uses(partnership: Partnership, perms: frozenset[Perm]) -> dict[int, list[Use]]:
    plans = list(plans_visible_to(partnership, perms))
    links = (
        PriorityIndicator.objects.filter(priority__plan__in=plans)
        .select_related("priority__plan")
        .order_by("priority__plan__title", "priority__order")
    )
    uses: dict[int, list[Use]] = {}
    for link in links:
        priority = link.priority
        plan = priority.plan
        uses.setdefault(link.indicator_id, []).append(
            Use(
                label=f"{plan.title}: {plan.term} {priority.order}",
                url=reverse(
                    "plans:priority_detail",
                    kwargs={
                        "partnership": partnership.slug,
                        "plan": plan.slug,
                        "priority": priority.pk,
                    },
                ),
            )
        )
    return uses


def framework_rows(partnership: Partnership, perms: frozenset[Perm]) -> list[IndicatorRow]:
    uses = _uses(partnership, perms)
    indicators = Indicator.objects.filter(partnership=partnership) | Indicator.objects.filter(
        pk__in=list(uses)
    )
    return [
        IndicatorRow(
            name=indicator.name,
            url=reverse(
                "indicators:indicator_detail",
                kwargs={"partnership": partnership.slug, "code": indicator.code},
            ),
            unit=indicator.unit,
            polarity=indicator.get_polarity_display(),
            uses=uses.get(indicator.pk, []),
        )
        for indicator in indicators.distinct().order_by("name")
    ]


def indicator_uses(
    partnership: Partnership, perms: frozenset[Perm], indicator: Indicator
) -> list[Use]:
    return _uses(partnership, perms).get(indicator.pk, [])
