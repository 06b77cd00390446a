"""Reads of plans for pages, exports and other apps."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from partnership.governance.models import Group
from partnership.web.models import Partnership
from partnership.web.permissions import Perm

from .models import KeyAction, Plan, PlanStatus, Priority, PriorityIndicator, Strategy


def plans_visible_to(partnership: Partnership, perms: frozenset[Perm]) -> QuerySet[Plan]:
    """Every plan for the partnership's own people; only adopted plans for everyone else."""
    plans = Plan.objects.for_partnership(partnership)
    if Perm.VIEW_UNPUBLISHED not in perms:
        plans = plans.filter(status=PlanStatus.ADOPTED)
    return plans.order_by("-period_start", "title")


def plan_with_contents(plan: Plan) -> Plan:
    """The plan with its priorities, criteria, indicators and actions fetched in a few queries."""
    return (
        Plan.objects.filter(pk=plan.pk)
        .select_related("area", "partnership")
        .prefetch_related(
            "sections",
            Prefetch(
                "priorities",
                queryset=Priority.objects.order_by("order").prefetch_related(
                    "criteria",
                    Prefetch(
                        "indicator_links",
                        queryset=PriorityIndicator.objects.select_related("indicator"),
                    ),
                    "actions",
                ),
            ),
        )
        .get()
    )


def action_links(actions: list[KeyAction]) -> dict[int, tuple[list[Group], list[Strategy]]]:
    """Each action's lead groups and linked strategies in the order they were set, in two queries.

    Prefetching the many-to-many fields would order them by name; the first lead group named is
    the lead, so the order they were entered in matters.
    """
    ids = [action.pk for action in actions]
    links: dict[int, tuple[list[Group], list[Strategy]]] = {pk: ([], []) for pk in ids}
    group_rows = (
        KeyAction.lead_groups.through.objects.filter(keyaction_id__in=ids)
        .select_related("group")
        .order_by("id")
    )
    for row in group_rows:
        links[row.keyaction_id][0].append(row.group)
    strategy_rows = (
        KeyAction.linked_strategies.through.objects.filter(keyaction_id__in=ids)
        .select_related("strategy")
        .order_by("id")
    )
    for link in strategy_rows:
        links[link.keyaction_id][1].append(link.strategy)
    return links
