"""What the delivery pages show: status tags with their words, dates in words, completion
figures, links, and which controls each person gets. Templates only lay these out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from partnership.governance.models import Group
from partnership.web.models import Partnership
from partnership.web.permissions import Perm, contributor_group_ids

from .delivery import (
    can_comment,
    can_update_action,
    file_size,
    status_label,
)
from .delivery_models import (
    EXCEPTION_STATUSES,
    ActionStatus,
    Milestone,
    NoticeKind,
    PriorityCompilation,
    ProgressUpdate,
    RoundStatus,
    UpdateRound,
)
from .delivery_selectors import (
    RoundCompletion,
    action_lead_groups,
    actions_led_by,
    current_plans,
    exception_actions,
    group_todo,
    latest_update,
    open_round_for,
    round_completion,
    rounds_for,
)
from .models import KeyAction, Priority

STATUS_TAG = {
    ActionStatus.NOT_STARTED: "govuk-tag--grey",
    ActionStatus.ON_TRACK: "govuk-tag--green",
    ActionStatus.AT_RISK: "govuk-tag--yellow",
    ActionStatus.OFF_TRACK: "govuk-tag--red",
    ActionStatus.COMPLETED: "govuk-tag--blue",
    ActionStatus.DEFERRED: "govuk-tag--purple",
    ActionStatus.CANCELLED: "govuk-tag--grey",
}


@dataclass(frozen=True)
class Tag:
    text: str
    css: str


def status_tag(status: str) -> Tag:
    return Tag(status_label(status), STATUS_TAG.get(ActionStatus(status), "govuk-tag--grey"))


def day(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def moment(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return f"{timezone.localtime(value):%-d %B %Y at %H:%M}"


def _akw(action: KeyAction) -> dict[str, Any]:
    plan = action.priority.plan
    return {
        "partnership": plan.partnership.slug,
        "plan": plan.slug,
        "priority": action.priority_id,
        "action": action.pk,
    }


def action_url(action: KeyAction) -> str:
    return reverse("plans:action_detail", kwargs=_akw(action))


def update_url(action: KeyAction) -> str:
    return reverse("delivery:action_update", kwargs=_akw(action))


def priority_label(priority: Priority) -> str:
    return f"{priority.plan.term} {priority.number}: {priority.title}"


# One action's delivery, on its page -----------------------------------------------------------


@dataclass
class MilestoneRow:
    title: str
    due: str
    state: Tag
    edit_url: str = ""
    delete_url: str = ""


@dataclass
class EvidenceRow:
    title: str
    url: str
    note: str = ""


@dataclass
class UpdateRow:
    when: str
    by: str
    status: Tag
    status_change: str
    progress: str
    narrative: str
    reason: str
    remedial_action: str
    remedial_owner: str
    evidence: list[EvidenceRow]
    round: str
    late_note: str
    is_demo: bool


def milestone_rows(
    milestones: list[Milestone], *, can_update: bool, kw: dict[str, Any]
) -> list[MilestoneRow]:
    today = timezone.localdate()
    rows = []
    for m in milestones:
        if m.completed_on:
            state = Tag(f"Reached {day(m.completed_on)}", "govuk-tag--green")
        elif m.is_overdue(today):
            state = Tag("Overdue", "govuk-tag--red")
        else:
            state = Tag("Not reached yet", "govuk-tag--grey")
        rows.append(
            MilestoneRow(
                title=m.title,
                due=day(m.due_date),
                state=state,
                edit_url=reverse("delivery:milestone_edit", kwargs={**kw, "milestone": m.pk})
                if can_update
                else "",
                delete_url=reverse("delivery:milestone_delete", kwargs={**kw, "milestone": m.pk})
                if can_update
                else "",
            )
        )
    return rows


def evidence_rows(update: ProgressUpdate, partnership: Partnership) -> list[EvidenceRow]:
    rows = []
    for item in update.evidence.all():
        if item.url:
            rows.append(EvidenceRow(item.title, item.url))
        else:
            rows.append(
                EvidenceRow(
                    item.title,
                    reverse(
                        "delivery:evidence",
                        kwargs={"partnership": partnership.slug, "evidence": item.pk},
                    ),
                    note=f"file, {file_size(item.size)}",
                )
            )
    return rows


def update_rows(updates: list[ProgressUpdate], partnership: Partnership) -> list[UpdateRow]:
    rows = []
    for u in updates:
        change = (
            f"{status_label(u.status_before)} to {status_label(u.status)}"
            if u.status_before != u.status
            else f"Still {status_label(u.status).lower()}"
        )
        late = ""
        if u.late_for_id:
            late = (
                f"Sent after “{u.late_for.title}” closed, so kept for the next round"  # type: ignore[union-attr]
                + (f": “{u.round.title}”." if u.round else ".")
            )
        rows.append(
            UpdateRow(
                when=moment(u.created_at),
                by=u.by_name or "Not recorded",
                status=status_tag(u.status),
                status_change=change,
                progress=f"{u.progress}%"
                + (f" (was {u.progress_before}%)" if u.progress != u.progress_before else ""),
                narrative=u.narrative,
                reason=u.reason,
                remedial_action=u.remedial_action,
                remedial_owner=u.remedial_owner,
                evidence=evidence_rows(u, partnership),
                round=u.round.title if u.round else "Not yet in a round",
                late_note=late,
                is_demo=u.is_demo,
            )
        )
    return rows


@dataclass
class ActionDelivery:
    status: Tag
    progress: int
    status_reason: str
    status_since: str
    remedial_action: str
    remedial_owner: str
    remedial_due: str
    is_exception: bool
    milestones: list[MilestoneRow]
    updates: list[UpdateRow]
    can_update: bool
    can_agree_remedial: bool
    open_round: str
    open_round_deadline: str
    urls: dict[str, str]


def action_delivery(action: KeyAction, user: Any, perms: frozenset[Perm]) -> ActionDelivery:
    kw = _akw(action)
    can_update = can_update_action(user, action) and action.status != ActionStatus.CANCELLED
    partnership = action.priority.plan.partnership
    updates = list(
        action.updates.select_related("round", "late_for")
        .prefetch_related("evidence")
        .order_by("-created_at", "-id")
    )
    current = open_round_for(action.priority)
    return ActionDelivery(
        status=status_tag(action.status),
        progress=action.progress,
        status_reason=action.status_reason,
        status_since=day(timezone.localtime(action.status_changed_at).date())
        if action.status_changed_at
        else "",
        remedial_action=action.remedial_action,
        remedial_owner=action.remedial_owner,
        remedial_due=day(action.remedial_due),
        is_exception=action.status in EXCEPTION_STATUSES,
        milestones=milestone_rows(
            list(action.milestones.order_by("due_date", "order")), can_update=can_update, kw=kw
        ),
        updates=update_rows(updates, partnership),
        can_update=can_update,
        can_agree_remedial=Perm.MANAGE_DELIVERY in perms and action.status in EXCEPTION_STATUSES,
        open_round=current.title if current else "",
        open_round_deadline=day(current.deadline) if current else "",
        urls={
            "update": reverse("delivery:action_update", kwargs=kw),
            "add_milestone": reverse("delivery:milestone_create", kwargs=kw),
            "remedial": reverse("delivery:remedial", kwargs=kw),
        },
    )


# Lists of actions -----------------------------------------------------------------------------


@dataclass
class ActionStatusRow:
    text: str
    url: str
    priority: str
    plan: str
    lead_groups: list[str]
    status: Tag
    progress: int
    last_update: str
    update_url: str = ""
    remedial_action: str = ""
    remedial_owner: str = ""
    remedial_due: str = ""
    remedial_url: str = ""
    since: str = ""


def _last_updates(actions: list[KeyAction]) -> dict[int, ProgressUpdate]:
    newest: dict[int, ProgressUpdate] = {}
    for update in ProgressUpdate.objects.filter(action__in=actions).order_by("created_at", "id"):
        newest[update.action_id] = update
    return newest


def action_status_rows(
    actions: list[KeyAction], user: Any, perms: frozenset[Perm], *, officer_links: bool = False
) -> list[ActionStatusRow]:
    groups = action_lead_groups(actions)
    newest = _last_updates(actions)
    mine = set()
    if actions and Perm.MANAGE_DELIVERY not in perms:
        allowed = contributor_group_ids(user, actions[0].priority.plan.partnership)
        mine = {a.pk for a in actions if {g.pk for g in groups.get(a.pk, [])} & allowed}
    rows = []
    for action in actions:
        last = newest.get(action.pk)
        may_update = (
            Perm.MANAGE_DELIVERY in perms or action.pk in mine
        ) and action.status != ActionStatus.CANCELLED
        rows.append(
            ActionStatusRow(
                text=action.text,
                url=action_url(action),
                priority=priority_label(action.priority),
                plan=action.priority.plan.title,
                lead_groups=[g.name for g in groups.get(action.pk, [])],
                status=status_tag(action.status),
                progress=action.progress,
                last_update=f"{moment(last.created_at)} by {last.by_name or 'not recorded'}"
                if last
                else "No update yet",
                update_url=update_url(action) if may_update else "",
                remedial_action=action.remedial_action,
                remedial_owner=action.remedial_owner,
                remedial_due=day(action.remedial_due),
                remedial_url=reverse("delivery:remedial", kwargs=_akw(action))
                if officer_links and Perm.MANAGE_DELIVERY in perms
                else "",
                since=day(timezone.localtime(action.status_changed_at).date())
                if action.status_changed_at
                else "",
            )
        )
    return rows


@dataclass
class MyActionsPage:
    groups: list[str]
    rows: list[ActionStatusRow]
    is_officer: bool
    open_rounds: list[tuple[str, str, str]]  # (title, deadline, to-do url) for the user's groups


def my_actions_page(partnership: Partnership, user: Any, perms: frozenset[Perm]) -> MyActionsPage:
    group_ids = contributor_group_ids(user, partnership)
    groups = list(Group.objects.filter(pk__in=group_ids).order_by("name"))
    is_officer = Perm.MANAGE_DELIVERY in perms
    if is_officer:
        actions = list(
            KeyAction.objects.filter(priority__plan__in=current_plans(partnership))
            .select_related("priority__plan__partnership")
            .order_by("priority__plan__title", "priority__order", "order")
        )
    else:
        actions = list(actions_led_by(partnership, group_ids))
    todo = []
    for update_round in rounds_for(partnership).filter(status=RoundStatus.OPEN):
        for group in groups:
            if any(True for _ in group_todo(update_round, group)):
                todo.append(
                    (
                        f"{update_round.title}: {group.name}",
                        day(update_round.deadline),
                        reverse(
                            "delivery:round_group",
                            kwargs={
                                "partnership": partnership.slug,
                                "round": update_round.pk,
                                "group": group.pk,
                            },
                        ),
                    )
                )
    return MyActionsPage(
        groups=[g.name for g in groups],
        rows=action_status_rows(actions, user, perms),
        is_officer=is_officer,
        open_rounds=todo,
    )


@dataclass
class ExceptionsPage:
    rows: list[ActionStatusRow]
    off_track: int
    at_risk: int


def exceptions_page(partnership: Partnership, user: Any, perms: frozenset[Perm]) -> ExceptionsPage:
    actions = list(exception_actions(partnership))
    return ExceptionsPage(
        rows=action_status_rows(actions, user, perms, officer_links=True),
        off_track=sum(1 for a in actions if a.status == ActionStatus.OFF_TRACK),
        at_risk=sum(1 for a in actions if a.status == ActionStatus.AT_RISK),
    )


# Rounds ---------------------------------------------------------------------------------------


@dataclass
class RoundSummary:
    title: str
    url: str
    plan: str
    status: Tag
    deadline: str
    scope: str
    completion: str
    percent: int


def _round_status(update_round: UpdateRound) -> Tag:
    if update_round.is_open:
        if update_round.deadline < timezone.localdate():
            return Tag("Open, past its deadline", "govuk-tag--yellow")
        return Tag("Open", "govuk-tag--green")
    return Tag("Closed", "govuk-tag--grey")


def round_summary(
    update_round: UpdateRound, completion: RoundCompletion | None = None
) -> RoundSummary:
    if update_round.is_open and completion is None:
        completion = round_completion(update_round)
    priorities = list(update_round.priorities.order_by("order"))
    plan = update_round.plan
    if update_round.is_open:
        assert completion is not None
        counted = f"{completion.updated} of {completion.total} key actions updated"
        percent = round(100 * completion.updated / completion.total) if completion.total else 100
    else:
        compiled = list(update_round.compilations.all())
        total = sum(len(c.content.get("items", [])) for c in compiled)
        updated = sum(c.content.get("updated", 0) for c in compiled)
        counted = f"{updated} of {total} key actions updated"
        percent = round(100 * updated / total) if total else 100
    return RoundSummary(
        title=update_round.title,
        url=reverse(
            "delivery:round_detail",
            kwargs={"partnership": plan.partnership.slug, "round": update_round.pk},
        ),
        plan=plan.title,
        status=_round_status(update_round),
        deadline=day(update_round.deadline),
        scope=", ".join(f"{plan.term} {p.number}" for p in priorities),
        completion=counted,
        percent=percent,
    )


@dataclass
class HomePage:
    open_rounds: list[RoundSummary]
    closed_rounds: list[RoundSummary]
    status_counts: list[tuple[Tag, int]]
    exceptions: int
    can_manage: bool
    new_round_urls: list[tuple[str, str]]  # (plan title, url)
    has_groups: bool


def home_page(partnership: Partnership, user: Any, perms: frozenset[Perm]) -> HomePage:
    rounds = list(rounds_for(partnership))
    actions = KeyAction.objects.filter(priority__plan__in=current_plans(partnership))
    counts = {s: 0 for s in ActionStatus.values}
    for status in actions.values_list("status", flat=True):
        counts[status] += 1
    can_manage = Perm.MANAGE_DELIVERY in perms
    return HomePage(
        open_rounds=[round_summary(r) for r in rounds if r.is_open],
        closed_rounds=[round_summary(r) for r in rounds if not r.is_open],
        status_counts=[(status_tag(s), n) for s, n in counts.items()],
        exceptions=counts[ActionStatus.AT_RISK] + counts[ActionStatus.OFF_TRACK],
        can_manage=can_manage,
        new_round_urls=[
            (
                plan.title,
                reverse(
                    "delivery:round_create",
                    kwargs={"partnership": partnership.slug, "plan": plan.slug},
                ),
            )
            for plan in current_plans(partnership)
        ]
        if can_manage
        else [],
        has_groups=bool(contributor_group_ids(user, partnership)),
    )


@dataclass
class GroupRow:
    name: str
    url: str
    total: int
    updated: int
    percent: int
    state: Tag
    contacts: str


@dataclass
class PriorityRow:
    label: str
    total: int
    updated: int
    percent: int
    compilation_url: str = ""
    champion: str = ""


def _champion_name(user: Any) -> str:
    return str(user) if user is not None else "Nobody yet"


@dataclass
class NoticeRow:
    when: str
    kind: str
    to: str
    recipients: str
    problem: str


@dataclass
class RoundPage:
    round: UpdateRound
    summary: RoundSummary
    groups: list[GroupRow]
    priorities: list[PriorityRow]
    unled: list[tuple[str, str]]
    notices: list[NoticeRow]
    can_close: bool
    closed: str
    message: str
    urls: dict[str, str] = field(default_factory=dict)


def round_page(update_round: UpdateRound, perms: frozenset[Perm]) -> RoundPage:
    from .notifications import recipients_by_group

    plan = update_round.plan
    slug = plan.partnership.slug
    completion = round_completion(update_round)
    past_deadline = update_round.deadline < timezone.localdate()
    contacts_of = recipients_by_group([group for group, _ in completion.by_group])
    groups = []
    for group, tally in completion.by_group:
        if tally.complete:
            state = Tag("Done", "govuk-tag--green")
        elif past_deadline and update_round.is_open:
            state = Tag("Late", "govuk-tag--red")
        elif tally.updated:
            state = Tag("In progress", "govuk-tag--blue")
        else:
            state = Tag("Not started", "govuk-tag--grey")
        contacts = contacts_of.get(group.pk, [])
        groups.append(
            GroupRow(
                name=group.name,
                url=reverse(
                    "delivery:round_group",
                    kwargs={"partnership": slug, "round": update_round.pk, "group": group.pk},
                ),
                total=tally.total,
                updated=tally.updated,
                percent=tally.percent,
                state=state,
                contacts=", ".join(contacts) if contacts else "Nobody to email",
            )
        )
    compilations = {c.priority_id: c for c in update_round.compilations.select_related("champion")}
    priorities = []
    for priority, tally in completion.by_priority:
        compiled = compilations.get(priority.pk)
        if compiled is not None:
            total = len(compiled.content.get("items", []))
            updated = compiled.content.get("updated", 0)
        else:
            total, updated = tally.total, tally.updated
        priorities.append(
            PriorityRow(
                label=priority_label(priority),
                total=total,
                updated=updated,
                percent=round(100 * updated / total) if total else 100,
                compilation_url=reverse(
                    "delivery:compilation",
                    kwargs={"partnership": slug, "round": update_round.pk, "priority": priority.pk},
                )
                if compiled
                else "",
                champion=_champion_name(compiled.champion if compiled else priority.champion),
            )
        )
    notices = [
        NoticeRow(
            when=moment(n.sent_at),
            kind=NoticeKind(n.kind).label,
            to=n.group.name
            if n.group
            else (f"{plan.term} {n.priority.number} champion" if n.priority else ""),
            recipients=", ".join(n.recipients.split("\n")) if n.recipients else "Nobody to email",
            problem=f"Not sent: {n.error}" if n.error else "",
        )
        for n in update_round.notices.select_related("group", "priority").order_by(
            "-sent_at", "-id"
        )
    ]
    return RoundPage(
        round=update_round,
        summary=round_summary(update_round, completion),
        groups=groups,
        priorities=priorities,
        unled=[(a.text, action_url(a)) for a in completion.unled],
        notices=notices,
        can_close=update_round.is_open and Perm.MANAGE_DELIVERY in perms,
        closed=moment(update_round.closed_at),
        message=update_round.message,
        urls={
            "close": reverse(
                "delivery:round_close", kwargs={"partnership": slug, "round": update_round.pk}
            ),
            "home": reverse("delivery:home", kwargs={"partnership": slug}),
        },
    )


@dataclass
class TodoRow:
    text: str
    url: str
    priority: str
    status: Tag
    done: bool
    update_url: str


@dataclass
class TodoPage:
    round: UpdateRound
    summary: RoundSummary
    group: Group
    rows: list[TodoRow]
    remaining: int
    can_update: bool
    round_url: str


def todo_page(
    update_round: UpdateRound, group: Group, user: Any, perms: frozenset[Perm]
) -> TodoPage:
    items = group_todo(update_round, group)
    partnership = update_round.plan.partnership
    may = Perm.MANAGE_DELIVERY in perms or group.pk in contributor_group_ids(user, partnership)
    rows = [
        TodoRow(
            text=action.text,
            url=action_url(action),
            priority=priority_label(action.priority),
            status=status_tag(action.status),
            done=done,
            update_url=update_url(action)
            if may and update_round.is_open and action.status != ActionStatus.CANCELLED
            else "",
        )
        for action, done in items
    ]
    return TodoPage(
        round=update_round,
        summary=round_summary(update_round),
        group=group,
        rows=rows,
        remaining=sum(1 for r in rows if not r.done),
        can_update=may,
        round_url=reverse(
            "delivery:round_detail",
            kwargs={"partnership": partnership.slug, "round": update_round.pk},
        ),
    )


@dataclass
class CompiledItem:
    letter: str
    action: str
    action_url: str
    lead_groups: str
    status: Tag
    progress: str
    narrative: str
    reason: str
    remedial: str
    by: str
    evidence: list[EvidenceRow]
    milestones: list[str]
    is_demo: bool
    updated: bool


@dataclass
class CompilationPage:
    compilation: PriorityCompilation
    heading: str
    round_title: str
    compiled_at: str
    champion: str
    items: list[CompiledItem]
    counts: list[tuple[Tag, int]]
    updated: str
    comments: list[tuple[str, str, str]]  # (who, when, text)
    can_comment: bool
    any_demo: bool
    round_url: str


def compilation_page(compilation: PriorityCompilation, user: Any) -> CompilationPage:
    content = compilation.content
    update_round = compilation.round
    plan = update_round.plan
    slug = plan.partnership.slug
    items = []
    # Actions deleted since the round closed keep their words here, without a link.
    existing = set(
        KeyAction.objects.filter(
            pk__in=[item["action_id"] for item in content.get("items", [])]
        ).values_list("pk", flat=True)
    )
    for item in content.get("items", []):
        milestones = []
        for m in item.get("milestones", []):
            due = day(dt.date.fromisoformat(m["due_date"]))
            reached = (
                f"reached {day(dt.date.fromisoformat(m['completed_on']))}"
                if m.get("completed_on")
                else "not reached"
            )
            milestones.append(f"{m['title']} (due {due}, {reached})")
        remedial = ""
        if item.get("remedial_action"):
            remedial = item["remedial_action"] + (
                f" Owner: {item['remedial_owner']}." if item.get("remedial_owner") else ""
            )
        evidence = [
            EvidenceRow(e["title"], e["url"])
            if e.get("url")
            else EvidenceRow(
                e["title"],
                reverse(
                    "delivery:evidence", kwargs={"partnership": slug, "evidence": e["file_id"]}
                ),
                note="file",
            )
            for e in item.get("evidence", [])
        ]
        sent = item.get("sent_at")
        items.append(
            CompiledItem(
                letter=item["letter"],
                action=item["action"],
                action_url=reverse(
                    "plans:action_detail",
                    kwargs={
                        "partnership": slug,
                        "plan": plan.slug,
                        "priority": compilation.priority_id,
                        "action": item["action_id"],
                    },
                )
                if item["action_id"] in existing
                else "",
                lead_groups=", ".join(item.get("lead_groups", [])) or "No lead group",
                status=status_tag(item["status"]),
                progress=f"{item['progress']}%",
                narrative=item.get("narrative", ""),
                reason=item.get("reason", ""),
                remedial=remedial,
                by=(
                    f"{item['by'] or 'Not recorded'}, {moment(dt.datetime.fromisoformat(sent))}"
                    if sent
                    else ""
                ),
                evidence=evidence,
                milestones=milestones,
                is_demo=item.get("is_demo", False),
                updated=item.get("updated", False),
            )
        )
    counts = content.get("status_counts", {})
    return CompilationPage(
        compilation=compilation,
        heading=f"{content['term']} {content['number']}: {content['title']}",
        round_title=update_round.title,
        compiled_at=moment(compilation.compiled_at),
        champion=str(compilation.champion) if compilation.champion else "",
        items=items,
        counts=[(status_tag(s), n) for s, n in counts.items()],
        updated=f"{content.get('updated', 0)} of {len(items)} key actions were updated in the "
        "round.",
        comments=[
            (c.by_name or "Not recorded", moment(c.created_at), c.text)
            for c in compilation.comments.order_by("created_at", "id")
        ],
        can_comment=can_comment(user, compilation),
        any_demo=any(i.is_demo for i in items),
        round_url=reverse(
            "delivery:round_detail", kwargs={"partnership": slug, "round": update_round.pk}
        ),
    )


def update_form_context(action: KeyAction) -> dict[str, Any]:
    """What the update form says above itself: the action, where it stands, the open round."""
    current = open_round_for(action.priority)
    last = latest_update(action)
    return {
        "action_text": action.text,
        "status": status_tag(action.status),
        "progress": action.progress,
        "round": current.title if current else "",
        "deadline": day(current.deadline) if current else "",
        "last_update": f"{moment(last.created_at)} by {last.by_name or 'not recorded'}"
        if last
        else "",
    }
