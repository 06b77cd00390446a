"""Writing a plan back out as a plan file, in the canonical form: the key order of
docs/plan-file.md, block style, literal blocks for multi-line text, empty fields left out.
Importing the result and exporting again gives the same bytes."""

from __future__ import annotations

from typing import Any

import yaml

from partnership.web.models import GlossaryTerm

from ..models import Plan
from ..selectors import action_links, plan_with_contents


class _Dumper(yaml.SafeDumper):
    """Block style everywhere; multi-line text as literal blocks so paragraphs stay readable."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write YAML by hand.
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        # Literal blocks cannot carry trailing spaces on a line; strip them so the block is legal.
        value = "\n".join(line.rstrip() for line in value.split("\n"))
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def plan_file_data(plan: Plan) -> dict[str, Any]:
    """The plan as plain data in the plan-file shape."""
    plan = plan_with_contents(plan)
    partnership = plan.partnership
    priorities = list(plan.priorities.all())
    links = action_links([a for p in priorities for a in p.actions.all()])

    # Groups and strategies the plan uses, plus the partnership's others: the file is the whole
    # picture an officer edits, and importing never deletes them.
    # Sorted in Python, not by the database, so SQLite and PostgreSQL collations agree.
    groups = sorted(
        partnership.groups.select_related("area").prefetch_related(
            "posts", "relationships_from__to_group"
        ),
        key=lambda g: g.name,
    )
    strategies = sorted(partnership.strategies.all(), key=lambda s: s.title)
    indicator_links = [link for p in priorities for link in p.indicator_links.all()]
    own_indicators: dict[str, Any] = {}
    for link in indicator_links:
        if link.indicator.partnership_id == partnership.pk:
            own_indicators.setdefault(link.indicator.code, link.indicator)

    p_out: dict[str, Any] = {"slug": partnership.slug, "name": partnership.name}
    _put(p_out, "area", partnership.area.code if partnership.area else "")
    glossary = sorted(GlossaryTerm.objects.filter(partnership=partnership), key=lambda t: t.term)
    _put(p_out, "glossary", [{"term": t.term, "meaning": t.meaning} for t in glossary])
    _put(p_out, "groups", [_group(g) for g in groups])
    _put(p_out, "strategies", [_drop_empty({"title": s.title, "url": s.url}) for s in strategies])

    out: dict[str, Any] = {"format": 1, "partnership": p_out}
    _put(
        out,
        "indicators",
        [
            _drop_empty(
                {
                    "code": i.code,
                    "name": i.name,
                    "description": i.description,
                    "unit": i.unit,
                    "polarity": i.polarity,
                }
            )
            for i in own_indicators.values()
        ],
    )

    plan_out: dict[str, Any] = {"slug": plan.slug, "title": plan.title}
    if plan.area and plan.area != partnership.area:
        plan_out["area"] = plan.area.code
    if plan.period_start and plan.period_end:
        plan_out["period"] = {
            "start": plan.period_start.isoformat(),
            "end": plan.period_end.isoformat(),
        }
    plan_out["status"] = plan.status
    plan_out["priority_term"] = plan.priority_term
    _put(plan_out, "vision", plan.vision)
    _put(plan_out, "aims", list(plan.aims))
    _put(
        plan_out,
        "sections",
        [{"key": s.key, "title": s.title, "body": s.body} for s in plan.sections.all()],
    )
    plan_out["priorities"] = [_priority(p, links) for p in priorities]
    out["plan"] = plan_out
    return out


def plan_file_text(plan: Plan) -> str:
    header = (
        "# Plan file (format 1): see docs/plan-file.md. Import with\n"
        "#   partnership plan import FILE\n"
    )
    body = yaml.dump(
        plan_file_data(plan),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return header + body


def _group(group: Any) -> dict[str, Any]:
    out = _drop_empty(
        {
            "name": group.name,
            "classification": group.classification,
            "scope": group.scope,
            "area": group.area.code if group.area else "",
            "focus": group.focus,
            "description": group.description,
            "terms_of_reference": group.terms_of_reference,
        }
    )
    posts = list(group.posts.all())
    if posts:
        out["members"] = [
            _drop_empty({"post": p.title, "organisation": p.organisation, "holder": p.holder})
            for p in posts
        ]
    # In the other group's name order, then by kind, so the export does not depend on ids.
    relationships = sorted(group.relationships_from.all(), key=lambda r: (r.to_group.name, r.kind))
    if relationships:
        out["relationships"] = [
            _drop_empty({"to": r.to_group.name, "kind": r.kind, "note": r.note})
            for r in relationships
        ]
    return out


def _priority(priority: Any, links: dict[int, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"title": priority.title}
    _put(out, "description", priority.description)
    _put(out, "success_criteria", [c.text for c in priority.criteria.all()])
    _put(out, "indicators", [link.indicator.code for link in priority.indicator_links.all()])
    _put(out, "actions", [_action(a, *links[a.pk]) for a in priority.actions.all()])
    return out


def _action(action: Any, groups: list[Any], strategies: list[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"text": action.text}
    _put(out, "lead_groups", [g.name for g in groups])
    _put(out, "linked_plans", [s.title for s in strategies])
    if action.start_date:
        out["start"] = action.start_date.isoformat()
    if action.due_date:
        out["due"] = action.due_date.isoformat()
    return out


def _put(target: dict[str, Any], key: str, value: Any) -> None:
    if value:
        target[key] = value


def _drop_empty(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v not in ("", None, [])}
