"""Writes to groups."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from partnership.web.models import Partnership
from partnership.web.services import record_save

from .models import Group


@transaction.atomic
def group_create(
    *, partnership: Partnership, by: Any, name: str, classification: str, description: str = ""
) -> Group:
    return record_save(
        Group(
            partnership=partnership,
            name=name,
            classification=classification,
            description=description,
        ),
        by=by,
    )


@transaction.atomic
def group_update(
    *, group: Group, by: Any, name: str, classification: str, description: str
) -> Group:
    group.name, group.classification, group.description = name, classification, description
    return record_save(group, by=by)
