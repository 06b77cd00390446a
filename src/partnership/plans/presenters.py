"""What the plan pages show: text, links and which controls each person gets."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.urls import reverse

from partnership.governance.models import Group
from partnership.web.models import Partnership
from partnership.web.permissions import Perm
from partnership.web.presenters import plan_period_text

from .models import (
    KeyAction,
    Plan,
    PlanSection,
    PlanStatus,
    Priority,
    PriorityIndicator,
    Strategy,
    SuccessCriterion,
)
from .selectors import action_links, plan_with_contents, plans_visible_to

STATUS_TAG = {
    PlanStatus.DRAFT: "govuk-tag--grey",
    PlanStatus.CONSULTATION: "govuk-tag--yellow",
    PlanStatus.ADOPTED: "govuk-tag--green",
    PlanStatus.ARCHIVED: "govuk-tag--purple",
}


def _u(name: str, **kwargs: Any) -> str:
    return reverse(f"plans:{name}", kwargs=kwargs)


def _plan_kwargs(plan: Plan) -> dict[str, Any]:
    return {"partnership": plan.partnership.slug, "plan": plan.slug}


@dataclass(frozen=True)
class PlanSummary:
    title: str
    url: str
    status: str
    status_class: str
    period: str


def plan_summary(plan: Plan) -> PlanSummary:
    return PlanSummary(
        title=plan.title,
        url=_u("plan_detail", **_plan_kwargs(plan)),
        status=plan.get_status_display(),
        status_class=STATUS_TAG[PlanStatus(plan.status)],
        period=plan_period_text(plan.period_start, plan.period_end),
    )


@dataclass
class Item:
    """A row in an ordered list, with the controls this person may use on it."""

    text: str
    url: str = ""
    extra: str = ""
    edit_url: str = ""
    delete_url: str = ""
    move_url: str = ""
    first: bool = False
    last: bool = False
    number: int = 0
    details: dict[str, Any] = field(default_factory=dict)


def _items(rows: list[Any], can_edit: bool, *, text: Any, urls: Any) -> list[Item]:
    items = []
    for index, row in enumerate(rows):
        item_urls = urls(row)
        items.append(
            Item(
                text=text(row),
                url=item_urls.get("url", ""),
                extra=item_urls.get("extra", ""),
                edit_url=item_urls.get("edit", "") if can_edit else "",
                delete_url=item_urls.get("delete", "") if can_edit else "",
                move_url=item_urls.get("move", "") if can_edit else "",
                first=index == 0,
                last=index == len(rows) - 1,
                number=index + 1,
            )
        )
    return items


@dataclass
class PlanPage:
    summary: PlanSummary
    term: str
    area: str
    vision: str
    aims: list[str]
    sections: list[Item]
    priorities: list[Item]
    can_edit: bool
    can_see_history: bool
    urls: dict[str, str]


def plan_page(plan: Plan, perms: frozenset[Perm]) -> PlanPage:
    plan = plan_with_contents(plan)
    kw = _plan_kwargs(plan)
    can_edit = Perm.EDIT_PLAN in perms
    sections = list(plan.sections.all())
    priorities = list(plan.priorities.all())
    return PlanPage(
        summary=plan_summary(plan),
        term=plan.term,
        area=plan.area.name if plan.area else "",
        vision=plan.vision,
        aims=list(plan.aims),
        sections=_items(
            sections,
            can_edit,
            text=lambda s: s.title,
            urls=lambda s: {
                "url": _u("section_detail", **kw, section=s.pk),
                "edit": _u("section_edit", **kw, section=s.pk),
                "move": _u("section_move", **kw, section=s.pk),
            },
        ),
        priorities=_items(
            priorities,
            can_edit,
            text=lambda p: p.title,
            urls=lambda p: {
                "url": _u("priority_detail", **kw, priority=p.pk),
                "extra": _counts(p),
                "move": _u("priority_move", **kw, priority=p.pk),
            },
        ),
        can_edit=can_edit,
        can_see_history=Perm.VIEW_UNPUBLISHED in perms,
        urls={
            "edit": _u("plan_edit", **kw),
            "status": _u("plan_status", **kw),
            "delete": _u("plan_delete", **kw),
            "history": _u("plan_history", **kw),
            "export": _u("plan_export", **kw),
            "add_section": _u("section_create", **kw),
            "add_priority": _u("priority_create", **kw),
            "delivery_plan": reverse("reports:delivery_plan", kwargs=kw),
            "dashboard": reverse("performance:dashboard", kwargs=kw),
        },
    )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _counts(priority: Priority) -> str:
    return ", ".join(
        [
            _plural(len(priority.criteria.all()), "success criterion", "success criteria"),
            _plural(len(priority.indicator_links.all()), "indicator", "indicators"),
            _plural(len(priority.actions.all()), "key action", "key actions"),
        ]
    )


def section_urls(plan: Plan, section: PlanSection) -> dict[str, str]:
    kw = {**_plan_kwargs(plan), "section": section.pk}
    return {
        "plan": _u("plan_detail", **_plan_kwargs(plan)),
        "edit": _u("section_edit", **kw),
        "delete": _u("section_delete", **kw),
        "history": _u("section_history", **kw),
    }


@dataclass
class ActionRow:
    text: str
    url: str
    lead_groups: list[str]
    linked_plans: list[str]
    dates: str
    priority: str = ""
    priority_url: str = ""


def _dates(action: KeyAction) -> str:
    if action.start_date and action.due_date:
        return f"{action.start_date:%-d %B %Y} to {action.due_date:%-d %B %Y}"
    if action.due_date:
        return f"Due {action.due_date:%-d %B %Y}"
    if action.start_date:
        return f"From {action.start_date:%-d %B %Y}"
    return ""


def _action_rows(actions: list[KeyAction], kw: dict[str, Any]) -> list[ActionRow]:
    links = action_links(actions)
    return [
        ActionRow(
            text=action.text,
            url=_u("action_detail", **kw, priority=action.priority_id, action=action.pk),
            lead_groups=[g.name for g in links[action.pk][0]],
            linked_plans=[s.title for s in links[action.pk][1]],
            dates=_dates(action),
        )
        for action in actions
    ]


@dataclass
class PriorityPage:
    plan: Plan
    priority: Priority
    heading_caption: str
    criteria: list[Item]
    indicators: list[Item]
    actions: list[Item]
    action_rows: list[ActionRow]
    can_edit: bool
    can_see_history: bool
    urls: dict[str, str]
    previous: tuple[str, str] | None
    next: tuple[str, str] | None
    champion: str = ""
    champion_url: str = ""


def priority_page(priority: Priority, perms: frozenset[Perm]) -> PriorityPage:
    plan = priority.plan
    kw = _plan_kwargs(plan)
    pkw = {**kw, "priority": priority.pk}
    can_edit = Perm.EDIT_PLAN in perms
    criteria = list(priority.criteria.order_by("order"))
    links = list(priority.indicator_links.select_related("indicator").order_by("order"))
    actions = list(priority.actions.order_by("order"))
    siblings = list(plan.priorities.order_by("order").values_list("pk", "order", "title"))
    index = next(i for i, s in enumerate(siblings) if s[0] == priority.pk)

    def neighbour(i: int) -> tuple[str, str] | None:
        if 0 <= i < len(siblings):
            pk, order, title = siblings[i]
            return (f"{plan.term} {order}: {title}", _u("priority_detail", **kw, priority=pk))
        return None

    return PriorityPage(
        plan=plan,
        priority=priority,
        heading_caption=f"{plan.title} · {plan.term} {priority.number}",
        criteria=_items(
            criteria,
            can_edit,
            text=lambda c: c.text,
            urls=lambda c: {
                "edit": _u("criterion_edit", **pkw, criterion=c.pk),
                "delete": _u("criterion_delete", **pkw, criterion=c.pk),
                "move": _u("criterion_move", **pkw, criterion=c.pk),
            },
        ),
        indicators=_items(
            links,
            can_edit,
            text=lambda link: link.indicator.name,
            urls=lambda link: {
                "url": reverse(
                    "performance:indicator",
                    kwargs={"partnership": plan.partnership.slug, "code": link.indicator.code},
                ),
                "extra": link.indicator.get_polarity_display(),
                "delete": _u("indicator_link_delete", **pkw, link=link.pk),
                "move": _u("indicator_link_move", **pkw, link=link.pk),
            },
        ),
        actions=_items(
            actions,
            can_edit,
            text=lambda a: a.text,
            urls=lambda a: {
                "url": _u("action_detail", **pkw, action=a.pk),
                "edit": _u("action_edit", **pkw, action=a.pk),
                "delete": _u("action_delete", **pkw, action=a.pk),
                "move": _u("action_move", **pkw, action=a.pk),
            },
        ),
        action_rows=_action_rows(actions, kw),
        can_edit=can_edit,
        can_see_history=Perm.VIEW_UNPUBLISHED in perms,
        urls={
            "plan": _u("plan_detail", **kw),
            "edit": _u("priority_edit", **pkw),
            "delete": _u("priority_delete", **pkw),
            "history": _u("priority_history", **pkw),
            "add_criterion": _u("criterion_create", **pkw),
            "add_indicator": _u("indicator_link_create", **pkw),
            "add_action": _u("action_create", **pkw),
            "scorecard": reverse("performance:scorecard", kwargs=pkw),
        },
        previous=neighbour(index - 1),
        next=neighbour(index + 1),
        # Champions are named for the partnership's own people, not the public.
        champion=(str(priority.champion) if priority.champion else "Nobody yet")
        if Perm.VIEW_UNPUBLISHED in perms
        else "",
        champion_url=reverse("delivery:champion", kwargs=pkw)
        if Perm.MANAGE_DELIVERY in perms
        else "",
    )


@dataclass
class ActionPage:
    action: KeyAction
    plan: Plan
    priority: Priority
    row: ActionRow
    can_edit: bool
    can_see_history: bool
    urls: dict[str, str]


def action_page(action: KeyAction, perms: frozenset[Perm]) -> ActionPage:
    priority = action.priority
    plan = priority.plan
    kw = _plan_kwargs(plan)
    akw = {**kw, "priority": priority.pk, "action": action.pk}
    row = ActionRow(
        text=action.text,
        url="",
        lead_groups=[g.name for g in action.ordered_lead_groups()],
        linked_plans=[s.title for s in action.ordered_strategies()],
        dates=_dates(action),
    )
    return ActionPage(
        action=action,
        plan=plan,
        priority=priority,
        row=row,
        can_edit=Perm.EDIT_PLAN in perms,
        can_see_history=Perm.VIEW_UNPUBLISHED in perms,
        urls={
            "priority": _u("priority_detail", **kw, priority=priority.pk),
            "edit": _u("action_edit", **akw),
            "delete": _u("action_delete", **akw),
            "history": _u("action_history", **akw),
        },
    )


def action_delete_warning(action: KeyAction) -> str:
    """What deleting an action takes with it: its delivery history cannot be brought back."""
    updates, milestones = action.updates.count(), action.milestones.count()
    if not updates and not milestones:
        return ""
    lost = " and ".join(
        part
        for part in (
            _plural(updates, "progress update", "progress updates") if updates else "",
            _plural(milestones, "milestone", "milestones") if milestones else "",
        )
        if part
    )
    return f"Its {lost} will be deleted with it. To keep them, leave the action in the plan."


def priority_history_querysets(priority_ids: list[int]) -> list[Any]:
    """History of everything inside the given priorities, deleted items included."""
    return [
        SuccessCriterion.history.filter(priority_id__in=priority_ids),
        PriorityIndicator.history.filter(priority_id__in=priority_ids),
        KeyAction.history.filter(priority_id__in=priority_ids),
    ]


@dataclass
class ActionsPage:
    plans: list[tuple[str, str, bool]]  # (slug, title, selected)
    groups: list[tuple[str, str, bool]]  # (id, name, selected)
    rows: list[ActionRow]
    plan_title: str
    group_name: str
    delivery_url: str = ""  # for the partnership's own people: progress, rounds, exceptions


def actions_page(
    partnership: Partnership, perms: frozenset[Perm], group_id: str, plan_slug: str
) -> ActionsPage:
    plans = list(plans_visible_to(partnership, perms))
    chosen_plan = next((p for p in plans if p.slug == plan_slug), None)
    if chosen_plan is None:
        # Default to the current adopted plan, else the newest the person can see.
        chosen_plan = next((p for p in plans if p.status == PlanStatus.ADOPTED), None) or (
            plans[0] if plans else None
        )
    groups = (
        list(
            Group.objects.for_partnership(partnership)
            .filter(led_actions__priority__plan=chosen_plan)
            .distinct()
            .order_by("name")
        )
        if chosen_plan
        else []
    )
    chosen_group = next((g for g in groups if str(g.pk) == group_id), None)
    idle_group = (
        Group.objects.for_partnership(partnership).filter(pk=int(group_id)).first()
        if group_id.isdigit() and chosen_group is None
        else None
    )
    if idle_group is not None:
        # One of the partnership's groups that leads nothing in this plan: say so, rather than
        # fall back to every action. A filter naming no group at all is simply ignored.
        return ActionsPage(
            plans=[(p.slug, p.title, p == chosen_plan) for p in plans],
            groups=[(str(g.pk), g.name, False) for g in groups],
            rows=[],
            plan_title=chosen_plan.title if chosen_plan else "",
            group_name=idle_group.name,
            delivery_url=_delivery_url(partnership, perms),
        )
    rows: list[ActionRow] = []
    if chosen_plan is not None:
        queryset = (
            KeyAction.objects.filter(priority__plan=chosen_plan)
            .select_related("priority")
            .order_by("priority__order", "order")
        )
        if chosen_group is not None:
            queryset = queryset.filter(lead_groups=chosen_group)
        actions = list(queryset)
        kw = _plan_kwargs(chosen_plan)
        for action, row in zip(actions, _action_rows(actions, kw), strict=True):
            row.priority = f"{chosen_plan.term} {action.priority.order}: {action.priority.title}"
            row.priority_url = _u("priority_detail", **kw, priority=action.priority_id)
            rows.append(row)
    return ActionsPage(
        plans=[(p.slug, p.title, p == chosen_plan) for p in plans],
        groups=[(str(g.pk), g.name, g == chosen_group) for g in groups],
        rows=rows,
        plan_title=chosen_plan.title if chosen_plan else "",
        group_name=chosen_group.name if chosen_group else "",
        delivery_url=_delivery_url(partnership, perms),
    )


def _delivery_url(partnership: Partnership, perms: frozenset[Perm]) -> str:
    if Perm.VIEW_UNPUBLISHED not in perms:
        return ""
    return reverse("delivery:home", kwargs={"partnership": partnership.slug})


@dataclass
class StrategyRow:
    title: str
    url: str
    edit_url: str
    actions: int


def strategy_rows(partnership: Partnership) -> list[StrategyRow]:
    strategies = Strategy.objects.filter(partnership=partnership).annotate(
        action_count=Count("actions")
    )
    return [
        StrategyRow(
            title=s.title,
            url=s.url,
            edit_url=_u("strategy_edit", partnership=partnership.slug, strategy=s.pk),
            actions=s.action_count,
        )
        for s in sorted(strategies, key=lambda s: s.title.casefold())
    ]
