"""Applying a parsed plan file to the database: all of it or none of it, and a summary of what
changed. A dry run does the same work inside a transaction it then rolls back, so the preview an
officer approves is exactly what the import will do."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from partnership.areas.models import Area
from partnership.governance.models import Group, GroupRelationship, Post
from partnership.indicators.models import Indicator, Polarity, RatingRule
from partnership.web.models import GlossaryTerm, Partnership
from partnership.web.services import record_delete, record_save

from .. import services
from ..models import (
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
from .parse import ParsedPlanFile, PlanFileError, Problem, parse_plan_file

KINDS = [
    ("partnership", "Partnership"),
    ("glossary", "Glossary terms"),
    ("group", "Groups"),
    ("post", "Group members"),
    ("relationship", "Relationships between groups"),
    ("strategy", "Linked plans and strategies"),
    ("indicator", "Indicators"),
    ("plan", "Plan"),
    ("section", "Sections"),
    ("priority", "Priorities"),
    ("criterion", "Success criteria"),
    ("indicator_link", "Indicators linked to priorities"),
    ("action", "Key actions"),
]


@dataclass
class ImportSummary:
    """What an import did (or, for a dry run, would do), counted by kind of record."""

    partnership_slug: str = ""
    plan_slug: str = ""
    plan_title: str = ""
    dry_run: bool = False
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str, label: str = "") -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1
        if outcome != "unchanged" and label:
            self.changes.append(f"{outcome.capitalize()}: {label}")

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "label": label,
                **{
                    o: self.counts.get(kind, Counter())[o]
                    for o in ("created", "updated", "deleted", "unchanged")
                },
            }
            for kind, label in KINDS
            if kind in self.counts
        ]

    @property
    def changed(self) -> bool:
        return any(c["created"] or c["updated"] or c["deleted"] for c in self.counts.values())


def plan_file_import(
    *, raw: bytes | str, by: Any, dry_run: bool = False, max_bytes: int | None = None
) -> ImportSummary:
    """Parse, check and apply a plan file. Raises PlanFileError; writes nothing on any problem."""
    parsed = parse_plan_file(raw, max_bytes=max_bytes)
    summary = ImportSummary(dry_run=dry_run)
    with transaction.atomic():
        try:
            _apply(parsed, summary, by)
        except ValidationError as error:
            # A database-level rule the parser could not see; report it like the others.
            raise PlanFileError([Problem((), message) for message in error.messages]) from None
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _apply(parsed: ParsedPlanFile, summary: ImportSummary, by: Any) -> None:
    data = parsed.data
    p_data = data["partnership"]
    plan_data = data["plan"]
    problems: list[Problem] = []

    areas = _areas(parsed, problems)
    partnership = Partnership.objects.filter(slug=p_data["slug"]).first()
    indicators_here = {i["code"] for i in data.get("indicators", [])}
    national = {
        ind.code: ind
        for ind in Indicator.objects.filter(
            partnership__isnull=True, code__in=[c for _, c in parsed.external_indicators]
        )
    }
    for path, code in parsed.external_indicators:
        if code not in indicators_here and code not in national:
            problems.append(
                parsed.problem(
                    path,
                    f"The indicator “{code}” is not defined under "
                    "indicators, nor in the national catalogue.",
                )
            )
    existing_plan = (
        Plan.objects.filter(partnership=partnership, slug=plan_data["slug"]).first()
        if partnership
        else None
    )
    if existing_plan and existing_plan.status != plan_data["status"]:
        allowed = PLAN_STATUS_TRANSITIONS[existing_plan.status]
        if plan_data["status"] not in allowed:
            problems.append(
                parsed.problem(
                    ("plan", "status"),
                    f"The plan is already "
                    f"{PlanStatus(existing_plan.status).label.lower()} and cannot "
                    f"become {PlanStatus(plan_data['status']).label.lower()}. Allowed: "
                    f"{', '.join(sorted(allowed))}.",
                )
            )
    if problems:
        raise PlanFileError(problems)

    summary.partnership_slug = p_data["slug"]
    summary.plan_slug = plan_data["slug"]
    summary.plan_title = plan_data["title"]

    # The partnership and what it owns -------------------------------------------------------
    if partnership is None:
        partnership = record_save(
            Partnership(
                slug=p_data["slug"], name=p_data["name"], area=areas.get(p_data.get("area"))
            ),
            by=by,
        )
        summary.count("partnership", "created", partnership.name)
    else:
        _update(
            partnership,
            {"name": p_data["name"], "area": areas.get(p_data.get("area"))},
            summary,
            "partnership",
            by,
        )

    for item in p_data.get("glossary", []):
        term = GlossaryTerm.objects.filter(partnership=partnership, term=item["term"]).first()
        if term is None:
            record_save(
                GlossaryTerm(partnership=partnership, term=item["term"], meaning=item["meaning"]),
                by=by,
            )
            summary.count("glossary", "created", item["term"])
        else:
            _update(term, {"meaning": item["meaning"]}, summary, "glossary", by)

    groups: dict[str, Group] = {}
    for item in p_data.get("groups", []):
        fields = {
            "classification": item.get("classification", "other"),
            "description": item.get("description", ""),
            "scope": item.get("scope", ""),
            "area": areas.get(item.get("area")),
            "focus": item.get("focus", ""),
            "terms_of_reference": item.get("terms_of_reference", ""),
        }
        group = Group.objects.filter(partnership=partnership, name=item["name"]).first()
        if group is None:
            group = record_save(Group(partnership=partnership, name=item["name"], **fields), by=by)
            summary.count("group", "created", group.name)
        else:
            _update(group, fields, summary, "group", by)
        groups[group.name] = group
        if "members" in item:
            _sync_posts(group, item["members"], summary, by)
    # After every group exists, so a relationship may name a group listed after it.
    for item in p_data.get("groups", []):
        if "relationships" in item:
            _sync_relationships(groups[item["name"]], item["relationships"], groups, summary, by)

    strategies: dict[str, Strategy] = {}
    for item in p_data.get("strategies", []):
        strategy = Strategy.objects.filter(partnership=partnership, title=item["title"]).first()
        if strategy is None:
            strategy = record_save(
                Strategy(partnership=partnership, title=item["title"], url=item.get("url", "")),
                by=by,
            )
            summary.count("strategy", "created", strategy.title)
        else:
            _update(strategy, {"url": item.get("url", "")}, summary, "strategy", by)
        strategies[strategy.title] = strategy

    indicators: dict[str, Indicator] = dict(national)
    for item in data.get("indicators", []):
        fields = {
            "name": item["name"],
            "description": item.get("description", ""),
            "unit": item.get("unit", ""),
            "polarity": item["polarity"],
        }
        indicator = Indicator.objects.filter(partnership=partnership, code=item["code"]).first()
        if indicator is None:
            polar = fields["polarity"] in (Polarity.HIGH, Polarity.LOW)
            indicator = record_save(
                Indicator(
                    partnership=partnership,
                    code=item["code"],
                    # Rated against England where "better" means something; else not rated.
                    rating_rule=RatingRule.ENGLAND if polar else RatingRule.NONE,
                    **fields,
                ),
                by=by,
            )
            summary.count("indicator", "created", indicator.name)
        else:
            _update(indicator, fields, summary, "indicator", by)
        indicators[indicator.code] = indicator

    # The plan --------------------------------------------------------------------------------
    period = plan_data.get("period") or {}
    plan_fields = {
        "title": plan_data["title"],
        "area": areas.get(plan_data.get("area")) or partnership.area,
        "period_start": _date(period.get("start")),
        "period_end": _date(period.get("end")),
        "priority_term": plan_data.get("priority_term", "priority"),
        "vision": plan_data.get("vision", ""),
        "aims": plan_data.get("aims", []),
    }
    if existing_plan is None:
        plan = services.plan_create(
            partnership=partnership,
            by=by,
            slug=plan_data["slug"],
            status=plan_data["status"],
            **plan_fields,
        )
        summary.count("plan", "created", plan.title)
    else:
        plan = existing_plan
        _update(plan, plan_fields, summary, "plan", by)
        if plan.status != plan_data["status"]:
            services.plan_change_status(plan=plan, status=plan_data["status"], by=by)
            summary.count("plan", "updated", f"{plan.title} (status)")

    _sync_sections(plan, plan_data.get("sections", []), summary, by)

    priorities = list(plan.priorities.order_by("order"))
    for index, item in enumerate(plan_data["priorities"]):
        fields = {"title": item["title"], "description": item.get("description", "")}
        if index < len(priorities):
            priority = priorities[index]
            _update(priority, {**fields, "order": index + 1}, summary, "priority", by)
        else:
            priority = record_save(Priority(plan=plan, order=index + 1, **fields), by=by)
            summary.count("priority", "created", priority.title)
        _sync_criteria(priority, item.get("success_criteria", []), summary, by)
        _sync_indicator_links(
            priority, [indicators[c] for c in item.get("indicators", [])], summary, by
        )
        _sync_actions(priority, item.get("actions", []), groups, strategies, summary, by)
    for priority in priorities[len(plan_data["priorities"]) :]:
        summary.count("priority", "deleted", priority.title)
        services.priority_delete(priority=priority, by=by, renumber_siblings=False)


def _areas(parsed: ParsedPlanFile, problems: list[Problem]) -> dict[str | None, Area | None]:
    wanted: dict[tuple[str | int, ...], str | None] = {
        ("partnership", "area"): parsed.data["partnership"].get("area"),
        ("plan", "area"): parsed.data["plan"].get("area"),
    }
    for index, group in enumerate(parsed.data["partnership"].get("groups", [])):
        wanted[("partnership", "groups", index, "area")] = group.get("area")
    codes = {code for code in wanted.values() if code}
    found: dict[str | None, Area | None] = {a.code: a for a in Area.objects.filter(code__in=codes)}
    for path, code in wanted.items():
        if code and code not in found:
            problems.append(
                parsed.problem(
                    path,
                    f"No area has the code {code}. Load the areas "
                    "first (make run does) or check the code.",
                )
            )
    found[None] = None
    return found


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _update(obj: Any, fields: dict[str, Any], summary: ImportSummary, kind: str, by: Any) -> bool:
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    if not changed:
        summary.count(kind, "unchanged")
        return False
    for name in changed:
        setattr(obj, name, fields[name])
    record_save(obj, by=by)
    summary.count(kind, "updated", f"{obj} ({', '.join(changed)})")
    return True


def _sync_relationships(
    group: Group,
    items: list[dict[str, Any]],
    groups: dict[str, Group],
    summary: ImportSummary,
    by: Any,
) -> None:
    """Make the group's relationships those the file lists: matched by other group and kind."""
    existing = {
        (r.to_group_id, r.kind): r
        for r in GroupRelationship.objects.filter(from_group=group).select_related("to_group")
    }
    for item in items:
        to_group = groups[item["to"]]
        found = existing.pop((to_group.pk, item["kind"]), None)
        if found is None:
            created = record_save(
                GroupRelationship(
                    from_group=group,
                    to_group=to_group,
                    kind=item["kind"],
                    note=item.get("note", ""),
                ),
                by=by,
            )
            summary.count("relationship", "created", created.sentence())
        else:
            _update(found, {"note": item.get("note", "")}, summary, "relationship", by)
    for relationship in existing.values():
        summary.count("relationship", "deleted", relationship.sentence())
        record_delete(relationship, by=by)


def _sync_posts(
    group: Group, members: list[dict[str, Any]], summary: ImportSummary, by: Any
) -> None:
    posts = list(group.posts.order_by("order", "pk"))
    for index, item in enumerate(members):
        fields = {
            "title": item["post"],
            "organisation": item.get("organisation", ""),
            "holder": item.get("holder", ""),
            "order": index + 1,
        }
        if index < len(posts):
            _update(posts[index], fields, summary, "post", by)
        else:
            record_save(Post(group=group, **fields), by=by)
            summary.count("post", "created", f"{item['post']} ({group.name})")
    for post in posts[len(members) :]:
        summary.count("post", "deleted", f"{post.title} ({group.name})")
        record_delete(post, by=by)


def _sync_sections(
    plan: Plan, items: list[dict[str, Any]], summary: ImportSummary, by: Any
) -> None:
    existing = {s.key: s for s in plan.sections.all()}
    wanted = {item["key"] for item in items}
    for section in existing.values():
        if section.key not in wanted:
            summary.count("section", "deleted", section.title)
            record_delete(section, by=by)
    for index, item in enumerate(items):
        fields = {"title": item["title"], "body": item["body"], "order": index + 1}
        found = existing.get(item["key"])
        if found is None:
            record_save(PlanSection(plan=plan, key=item["key"], **fields), by=by)
            summary.count("section", "created", item["title"])
        else:
            _update(found, fields, summary, "section", by)


def _sync_criteria(priority: Priority, texts: list[str], summary: ImportSummary, by: Any) -> None:
    criteria = list(priority.criteria.order_by("order"))
    for index, text in enumerate(texts):
        if index < len(criteria):
            _update(criteria[index], {"text": text, "order": index + 1}, summary, "criterion", by)
        else:
            record_save(SuccessCriterion(priority=priority, order=index + 1, text=text), by=by)
            summary.count("criterion", "created", text)
    for criterion in criteria[len(texts) :]:
        summary.count("criterion", "deleted", criterion.text)
        record_delete(criterion, by=by)


def _sync_indicator_links(
    priority: Priority, wanted: list[Indicator], summary: ImportSummary, by: Any
) -> None:
    links = {link.indicator_id: link for link in priority.indicator_links.all()}
    wanted_ids = {indicator.pk for indicator in wanted}
    for indicator_id, link in links.items():
        if indicator_id not in wanted_ids:
            summary.count("indicator_link", "deleted", str(link.indicator))
            record_delete(link, by=by)
    for index, indicator in enumerate(wanted):
        current = links.get(indicator.pk)
        if current is None:
            record_save(
                PriorityIndicator(priority=priority, indicator=indicator, order=index + 1), by=by
            )
            summary.count("indicator_link", "created", f"{indicator} → {priority}")
        else:
            _update(current, {"order": index + 1}, summary, "indicator_link", by)


def _sync_actions(
    priority: Priority,
    items: list[dict[str, Any]],
    groups: dict[str, Group],
    strategies: dict[str, Strategy],
    summary: ImportSummary,
    by: Any,
) -> None:
    actions = list(priority.actions.order_by("order"))
    for index, item in enumerate(items):
        lead = [groups[name] for name in item.get("lead_groups", [])]
        linked = [strategies[title] for title in item.get("linked_plans", [])]
        fields = {
            "text": item["text"],
            "start_date": _date(item.get("start")),
            "due_date": _date(item.get("due")),
        }
        if index < len(actions):
            action = actions[index]
            links_same = [g.pk for g in action.ordered_lead_groups()] == [g.pk for g in lead] and [
                s.pk for s in action.ordered_strategies()
            ] == [s.pk for s in linked]
            fields_same = all(getattr(action, k) == v for k, v in fields.items())
            if fields_same and links_same and action.order == index + 1:
                summary.count("action", "unchanged")
                continue
            action.order = index + 1
            services.action_update(
                action=action, by=by, lead_groups=lead, linked_strategies=linked, **fields
            )
            summary.count("action", "updated", action.text)
        else:
            action = KeyAction(priority=priority, order=index + 1, **fields)
            record_save(action, by=by)
            services.action_set_links(action, lead_groups=lead, linked_strategies=linked, by=by)
            summary.count("action", "created", action.text)
    for action in actions[len(items) :]:
        summary.count("action", "deleted", action.text)
        record_delete(action, by=by)


__all__ = ["ImportSummary", "PlanFileError", "plan_file_import"]
