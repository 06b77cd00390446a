"""Turns django-simple-history records into what a history page shows: who, when, what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

HIDDEN_FIELDS = {"id", "order"}
KIND = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    what: str  # the kind of record and its name, e.g. "Success criterion: More children..."
    changes: list[Change]


def _label(record: Any) -> str:
    model = record.instance_type
    name = str(record.instance)
    if len(name) > 90:
        name = name[:87] + "..."
    return f"{model._meta.verbose_name.capitalize()}: {name}"


def _display(record: Any, field_name: str, value: Any) -> str:
    field = record.instance_type._meta.get_field(field_name)
    if value in (None, "", []):
        return "(none)" if field.many_to_many else "(empty)"
    if getattr(field, "choices", None):
        return str(dict(field.choices).get(value, value))
    if field.is_relation and field.many_to_one:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"(removed #{value})"
    if field.many_to_many:
        # simple-history snapshots many-to-many rows as dicts keyed by model name.
        key = field.related_model._meta.model_name
        pks = [row.get(key) for row in value]
        found = field.related_model._default_manager.in_bulk(pks)
        return "; ".join(str(found.get(pk, f"(removed #{pk})")) for pk in pks)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def history_entries(querysets: list[Any]) -> list[HistoryEntry]:
    """Every historical record in ``querysets``, newest first, each with its field changes."""
    records = []
    for queryset in querysets:
        records.extend(queryset.select_related("history_user"))
    # Each record's predecessor is in the same list (the querysets hold an object's whole
    # history), so find it here rather than with one query per record (``prev_record``).
    records.sort(key=lambda r: (r.history_date, r.history_id))
    previous: dict[int, Any] = {}
    last: dict[tuple[type, int], Any] = {}
    for record in records:
        key = (record.instance_type, record.id)
        if key in last:
            previous[id(record)] = last[key]
        last[key] = record
    records.reverse()
    entries = []
    for record in records:
        changes: list[Change] = []
        prev = previous.get(id(record))
        if record.history_type == "~" and prev is not None:
            delta = record.diff_against(prev)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                verbose = record.instance_type._meta.get_field(change.field).verbose_name
                changes.append(
                    Change(
                        field=str(verbose).capitalize(),
                        old=_display(record, change.field, change.old),
                        new=_display(record, change.field, change.new),
                    )
                )
            if not changes:
                moved = [c for c in delta.changes if c.field == "order"]
                if moved:
                    changes.append(
                        Change(field="Position", old=str(moved[0].old), new=str(moved[0].new))
                    )
                else:
                    continue  # a save that changed nothing a person would notice
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "Command line or system",
                kind=KIND.get(record.history_type, record.history_type),
                what=_label(record),
                changes=changes,
            )
        )
    return entries
