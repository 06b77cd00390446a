"""Every write to a plan goes through here: validated, recorded in the history, kept in order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from partnership.areas.models import Area
from partnership.governance.models import Group
from partnership.indicators.models import Indicator
from partnership.web.models import Partnership
from partnership.web.services import (
    next_order,
    ordered_siblings,
    record_delete,
    record_move,
    record_save,
    renumber,
)

from .models import (
    PLAN_STATUS_TRANSITIONS,
    KeyAction,
    Plan,
    PlanSection,
    PlanStatus,
    Priority,
    PriorityIndicator,
    Strategy,
    SuccessCriterion,
)

PLAN_FIELDS = (
    "slug",
    "title",
    "area",
    "period_start",
    "period_end",
    "priority_term",
    "vision",
    "aims",
)


# Plans ---------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    partnership: Partnership,
    by: Any,
    slug: str,
    title: str,
    status: str = PlanStatus.DRAFT,
    area: Area | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    priority_term: str = "priority",
    vision: str = "",
    aims: Sequence[str] = (),
) -> Plan:
    plan = Plan(
        partnership=partnership,
        slug=slug,
        title=title,
        status=status,
        area=area or partnership.area,
        period_start=period_start,
        period_end=period_end,
        priority_term=priority_term,
        vision=vision,
        aims=list(aims),
    )
    _check_period(period_start, period_end)
    return record_save(plan, by=by)


@transaction.atomic
def plan_update(*, plan: Plan, by: Any, **fields: Any) -> Plan:
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"plan_update() cannot change {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(plan, name, list(value) if name == "aims" else value)
    _check_period(plan.period_start, plan.period_end)
    return record_save(plan, by=by)


def plan_status_choices(plan: Plan) -> list[tuple[str, str]]:
    """The statuses this plan may move to next, for the status form."""
    allowed = PLAN_STATUS_TRANSITIONS[plan.status]
    return [(value, label) for value, label in PlanStatus.choices if value in allowed]


@transaction.atomic
def plan_change_status(*, plan: Plan, status: str, by: Any) -> Plan:
    if status == plan.status:
        return plan
    if status not in PLAN_STATUS_TRANSITIONS.get(plan.status, frozenset()):
        current = PlanStatus(plan.status).label.lower()
        wanted = PlanStatus(status).label.lower() if status in PlanStatus.values else status
        allowed = " or ".join(label.lower() for _, label in plan_status_choices(plan))
        raise ValidationError(
            {"status": f"A plan that is {current} cannot become {wanted}. It can become {allowed}."}
        )
    plan.status = status
    return record_save(plan, by=by)


@transaction.atomic
def plan_delete(*, plan: Plan, by: Any) -> None:
    # Delete children first so each deletion is recorded in its own history.
    for priority in plan.priorities.all():
        priority_delete(priority=priority, by=by, renumber_siblings=False)
    for section in plan.sections.all():
        record_delete(section, by=by)
    record_delete(plan, by=by)


def _check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end <= start:
        raise ValidationError({"period_end": "The end of the plan period must be after its start."})


# Sections ------------------------------------------------------------------------------------


@transaction.atomic
def section_create(*, plan: Plan, by: Any, key: str, title: str, body: str) -> PlanSection:
    section = PlanSection(
        plan=plan, key=key, title=title, body=body, order=next_order(PlanSection, plan=plan)
    )
    return record_save(section, by=by)


@transaction.atomic
def section_update(
    *, section: PlanSection, by: Any, key: str, title: str, body: str
) -> PlanSection:
    section.key, section.title, section.body = key, title, body
    return record_save(section, by=by)


@transaction.atomic
def section_delete(*, section: PlanSection, by: Any) -> None:
    siblings = [s for s in ordered_siblings(section, "plan") if s.pk != section.pk]
    record_delete(section, by=by)
    renumber(siblings, by=by)


def section_move(*, section: PlanSection, direction: str, by: Any) -> None:
    record_move(section, parent_field="plan", direction=direction, by=by)


# Priorities ----------------------------------------------------------------------------------


@transaction.atomic
def priority_create(*, plan: Plan, by: Any, title: str, description: str = "") -> Priority:
    priority = Priority(
        plan=plan, title=title, description=description, order=next_order(Priority, plan=plan)
    )
    return record_save(priority, by=by)


@transaction.atomic
def priority_update(*, priority: Priority, by: Any, title: str, description: str) -> Priority:
    priority.title, priority.description = title, description
    return record_save(priority, by=by)


@transaction.atomic
def priority_delete(*, priority: Priority, by: Any, renumber_siblings: bool = True) -> None:
    siblings = [p for p in ordered_siblings(priority, "plan") if p.pk != priority.pk]
    for criterion in priority.criteria.all():
        record_delete(criterion, by=by)
    for link in priority.indicator_links.all():
        record_delete(link, by=by)
    for action in priority.actions.all():
        record_delete(action, by=by)
    record_delete(priority, by=by)
    if renumber_siblings:
        renumber(siblings, by=by)


def priority_move(*, priority: Priority, direction: str, by: Any) -> None:
    record_move(priority, parent_field="plan", direction=direction, by=by)


# Success criteria ----------------------------------------------------------------------------


@transaction.atomic
def criterion_create(*, priority: Priority, by: Any, text: str) -> SuccessCriterion:
    criterion = SuccessCriterion(
        priority=priority, text=text, order=next_order(SuccessCriterion, priority=priority)
    )
    return record_save(criterion, by=by)


@transaction.atomic
def criterion_update(*, criterion: SuccessCriterion, by: Any, text: str) -> SuccessCriterion:
    criterion.text = text
    return record_save(criterion, by=by)


@transaction.atomic
def criterion_delete(*, criterion: SuccessCriterion, by: Any) -> None:
    siblings = [c for c in ordered_siblings(criterion, "priority") if c.pk != criterion.pk]
    record_delete(criterion, by=by)
    renumber(siblings, by=by)


def criterion_move(*, criterion: SuccessCriterion, direction: str, by: Any) -> None:
    record_move(criterion, parent_field="priority", direction=direction, by=by)


# Indicators linked to a priority -------------------------------------------------------------


@transaction.atomic
def priority_indicator_add(
    *, priority: Priority, indicator: Indicator, by: Any
) -> PriorityIndicator:
    partnership = priority.plan.partnership
    if indicator.partnership_id not in (None, partnership.pk):
        raise ValidationError(
            {"indicator": "Choose an indicator from this partnership's catalogue."}
        )
    if priority.indicator_links.filter(indicator=indicator).exists():
        raise ValidationError(
            {
                "indicator": f"“{indicator.name}” is already linked to this "
                f"{priority.plan.term.lower()}."
            }
        )
    link = PriorityIndicator(
        priority=priority,
        indicator=indicator,
        order=next_order(PriorityIndicator, priority=priority),
    )
    return record_save(link, by=by)


@transaction.atomic
def priority_indicator_remove(*, link: PriorityIndicator, by: Any) -> None:
    siblings = [x for x in ordered_siblings(link, "priority") if x.pk != link.pk]
    record_delete(link, by=by)
    renumber(siblings, by=by)


def priority_indicator_move(*, link: PriorityIndicator, direction: str, by: Any) -> None:
    record_move(link, parent_field="priority", direction=direction, by=by)


# Key actions ---------------------------------------------------------------------------------


@transaction.atomic
def action_create(
    *,
    priority: Priority,
    by: Any,
    text: str,
    lead_groups: Sequence[Group] = (),
    linked_strategies: Sequence[Strategy] = (),
    start_date: dt.date | None = None,
    due_date: dt.date | None = None,
) -> KeyAction:
    action = KeyAction(
        priority=priority,
        text=text,
        start_date=start_date,
        due_date=due_date,
        order=next_order(KeyAction, priority=priority),
    )
    _check_action_dates(start_date, due_date)
    record_save(action, by=by)
    action_set_links(action, lead_groups=lead_groups, linked_strategies=linked_strategies, by=by)
    return action


@transaction.atomic
def action_update(
    *,
    action: KeyAction,
    by: Any,
    text: str,
    lead_groups: Sequence[Group],
    linked_strategies: Sequence[Strategy],
    start_date: dt.date | None,
    due_date: dt.date | None,
) -> KeyAction:
    action.text, action.start_date, action.due_date = text, start_date, due_date
    _check_action_dates(start_date, due_date)
    record_save(action, by=by)
    action_set_links(action, lead_groups=lead_groups, linked_strategies=linked_strategies, by=by)
    return action


@transaction.atomic
def action_delete(*, action: KeyAction, by: Any) -> None:
    siblings = [a for a in ordered_siblings(action, "priority") if a.pk != action.pk]
    record_delete(action, by=by)
    renumber(siblings, by=by)


def action_move(*, action: KeyAction, direction: str, by: Any) -> None:
    record_move(action, parent_field="priority", direction=direction, by=by)


def _check_action_dates(start: dt.date | None, due: dt.date | None) -> None:
    if start and due and due < start:
        raise ValidationError(
            {"due_date": "The due date must be the same as or after the start date."}
        )


def action_set_links(
    action: KeyAction,
    *,
    lead_groups: Sequence[Group],
    linked_strategies: Sequence[Strategy],
    by: Any,
) -> None:
    partnership_id = action.priority.plan.partnership_id
    for group in lead_groups:
        if group.partnership_id != partnership_id:
            raise ValidationError(
                {"lead_groups": f"“{group}” is not one of this partnership's groups."}
            )
    for strategy in linked_strategies:
        if strategy.partnership_id != partnership_id:
            raise ValidationError(
                {"linked_strategies": f"“{strategy}” is not one of this partnership's strategies."}
            )
    if by is not None and getattr(by, "is_authenticated", False):
        action._history_user = by  # type: ignore[attr-defined]
    _set_ordered(action.lead_groups, list(lead_groups), action.ordered_lead_groups())
    _set_ordered(action.linked_strategies, list(linked_strategies), action.ordered_strategies())


def _set_ordered(manager: Any, wanted: list[Any], current: list[Any]) -> None:
    """Many-to-many rows keep insertion order; rewrite them only when the order must change."""
    if [x.pk for x in wanted] == [x.pk for x in current]:
        return
    manager.clear()
    for item in wanted:
        manager.add(item)


# Strategies ----------------------------------------------------------------------------------


@transaction.atomic
def strategy_create(*, partnership: Partnership, by: Any, title: str, url: str = "") -> Strategy:
    return record_save(Strategy(partnership=partnership, title=title, url=url), by=by)


@transaction.atomic
def strategy_update(*, strategy: Strategy, by: Any, title: str, url: str) -> Strategy:
    strategy.title, strategy.url = title, url
    return record_save(strategy, by=by)
