"""Reads for delivery tracking: which actions a round covers, who still owes an update, each
group's to-do list, and the actions at risk or off track."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from partnership.governance.models import Group
from partnership.web.models import Partnership

from .delivery_models import (
    EXCEPTION_STATUSES,
    FINISHED_STATUSES,
    ProgressUpdate,
    RoundStatus,
    UpdateRound,
)
from .models import KeyAction, Plan, PlanStatus, Priority
from .selectors import action_links


def latest_update(action: KeyAction) -> ProgressUpdate | None:
    return action.updates.order_by("-created_at", "-id").first()


def open_round_for(priority: Priority) -> UpdateRound | None:
    """The open round that covers ``priority``, if any (there is never more than one)."""
    return UpdateRound.objects.filter(status=RoundStatus.OPEN, priorities=priority).first()


def round_scope_actions(update_round: UpdateRound) -> QuerySet[KeyAction]:
    """The actions a round asks about: those of its priorities that were not already finished
    (completed or cancelled) before it, and any that were updated in it."""
    return (
        KeyAction.objects.filter(priority__in=update_round.priorities.all())
        .filter(~Q(status__in=FINISHED_STATUSES) | Q(updates__round=update_round))
        .distinct()
        .select_related("priority__plan__partnership")
        .order_by("priority__order", "order")
    )


def updated_action_ids(update_round: UpdateRound) -> set[int]:
    return set(
        ProgressUpdate.objects.filter(round=update_round).values_list("action_id", flat=True)
    )


def action_lead_groups(actions: list[KeyAction]) -> dict[int, list[Group]]:
    return {pk: groups for pk, (groups, _) in action_links(actions).items()}


def outstanding_groups(update_round: UpdateRound) -> list[Group]:
    """The groups leading at least one action in scope that has no update in the round."""
    actions = list(round_scope_actions(update_round))
    done = updated_action_ids(update_round)
    groups = action_lead_groups([a for a in actions if a.pk not in done])
    found: dict[int, Group] = {}
    for lead in groups.values():
        for group in lead:
            found[group.pk] = group
    return sorted(found.values(), key=lambda g: g.name.casefold())


@dataclass
class Tally:
    """How many of a group's or a priority's actions in a round have an update."""

    total: int = 0
    updated: int = 0
    outstanding: list[KeyAction] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.updated == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.updated / self.total) if self.total else 100


@dataclass
class RoundCompletion:
    round: UpdateRound
    total: int
    updated: int
    by_group: list[tuple[Group, Tally]]
    by_priority: list[tuple[Priority, Tally]]
    unled: list[KeyAction]  # actions in scope with no lead group: the officer updates them


def round_completion(update_round: UpdateRound) -> RoundCompletion:
    """Live completion of a round, by lead group and by priority, in five queries."""
    actions = list(round_scope_actions(update_round))
    done = updated_action_ids(update_round)
    groups = action_lead_groups(actions)
    group_tallies: dict[int, tuple[Group, Tally]] = {}
    priority_tallies: dict[int, tuple[Priority, Tally]] = {
        p.pk: (p, Tally())
        for p in update_round.priorities.select_related("champion").order_by("order")
    }
    unled = []
    for action in actions:
        updated = action.pk in done
        for tally in [priority_tallies[action.priority_id][1]] + [
            group_tallies.setdefault(g.pk, (g, Tally()))[1] for g in groups.get(action.pk, [])
        ]:
            tally.total += 1
            if updated:
                tally.updated += 1
            else:
                tally.outstanding.append(action)
        if not groups.get(action.pk):
            unled.append(action)
    return RoundCompletion(
        round=update_round,
        total=len(actions),
        updated=sum(1 for a in actions if a.pk in done),
        by_group=sorted(group_tallies.values(), key=lambda item: item[0].name.casefold()),
        by_priority=list(priority_tallies.values()),
        unled=unled,
    )


def group_todo(update_round: UpdateRound, group: Group) -> list[tuple[KeyAction, bool]]:
    """A group's actions in the round, each with whether it has an update in it yet."""
    done = updated_action_ids(update_round)
    actions = round_scope_actions(update_round).filter(lead_groups=group)
    return [(action, action.pk in done) for action in actions]


def rounds_for(partnership: Partnership) -> QuerySet[UpdateRound]:
    return (
        UpdateRound.objects.for_partnership(partnership)
        .select_related("plan")
        .prefetch_related("priorities")
        .open_first()
    )


def current_plans(partnership: Partnership) -> QuerySet[Plan]:
    """Plans whose actions are being delivered: everything but the archive."""
    return (
        Plan.objects.for_partnership(partnership)
        .exclude(status=PlanStatus.ARCHIVED)
        .order_by("-period_start", "title")
    )


def actions_led_by(partnership: Partnership, group_ids: Iterable[int]) -> QuerySet[KeyAction]:
    return (
        KeyAction.objects.filter(
            priority__plan__in=current_plans(partnership), lead_groups__in=list(group_ids)
        )
        .distinct()
        .select_related("priority__plan__partnership")
        .order_by("priority__plan__title", "priority__order", "order")
    )


def exception_actions(partnership: Partnership) -> QuerySet[KeyAction]:
    """Actions at risk or off track in the current plans, worst first, longest-standing first."""
    return (
        KeyAction.objects.filter(
            priority__plan__in=current_plans(partnership), status__in=EXCEPTION_STATUSES
        )
        .select_related("priority__plan__partnership")
        .order_by("-status", "status_changed_at", "priority__order", "order")
    )
