"""Writes to groups and the relationships between them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from partnership.areas.models import Area
from partnership.web.models import Partnership
from partnership.web.services import record_delete, record_save

from .models import Group, GroupRelationship, RelationshipKind, Scope


def _check_scope(scope: str, area: Area | None) -> None:
    # An area only makes sense for a local group: a countywide group covers the whole area.
    if area is not None and scope != Scope.LOCAL:
        raise ValidationError(
            {"area": "Only a local group covers an area: choose local, or no area"}
        )


@transaction.atomic
def group_create(
    *,
    partnership: Partnership,
    by: Any,
    name: str,
    classification: str,
    description: str = "",
    scope: str = "",
    area: Area | None = None,
    focus: str = "",
    terms_of_reference: str = "",
) -> Group:
    _check_scope(scope, area)
    return record_save(
        Group(
            partnership=partnership,
            name=name,
            classification=classification,
            description=description,
            scope=scope,
            area=area,
            focus=focus,
            terms_of_reference=terms_of_reference,
        ),
        by=by,
    )


@transaction.atomic
def group_update(
    *,
    group: Group,
    by: Any,
    name: str,
    classification: str,
    description: str,
    scope: str = "",
    area: Area | None = None,
    focus: str = "",
    terms_of_reference: str = "",
) -> Group:
    _check_scope(scope, area)
    group.name, group.classification, group.description = name, classification, description
    group.scope, group.area, group.focus = scope, area, focus
    group.terms_of_reference = terms_of_reference
    return record_save(group, by=by)


@transaction.atomic
def relationship_add(
    *, from_group: Group, to_group: Group, kind: str, note: str = "", by: Any
) -> GroupRelationship:
    """Record that ``from_group`` reports to, sends representatives to or shares information
    with ``to_group``. The messages name the groups, so the command line and the web say the
    same thing."""
    if kind not in RelationshipKind.values:
        raise ValidationError({"kind": "Choose how the groups are related"})
    if from_group.pk == to_group.pk:
        raise ValidationError({"to_group": "A group cannot be related to itself"})
    if from_group.partnership_id != to_group.partnership_id:
        raise ValidationError({"to_group": "Both groups must be in the same partnership"})
    relationship = GroupRelationship(
        from_group=from_group, to_group=to_group, kind=kind, note=note.strip()
    )
    if GroupRelationship.objects.filter(
        from_group=from_group, to_group=to_group, kind=kind
    ).exists():
        raise ValidationError({"to_group": f"This is already recorded: {relationship.sentence()}"})
    # Checked above with a message that says which relationship; full_clean checks it again.
    return record_save(relationship, by=by)


@transaction.atomic
def relationship_remove(*, relationship: GroupRelationship, by: Any) -> None:
    record_delete(relationship, by=by)
