"""Helpers every app's services use to write records: validate, stamp who, keep order."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction

M = TypeVar("M", bound=models.Model)


def record_save(obj: M, *, by: Any, exclude: list[str] | None = None) -> M:
    """Validate and save ``obj``, so its history entry names who made the change."""
    obj.full_clean(exclude=exclude)
    _stamp(obj, by)
    obj.save()
    return obj


def record_delete(obj: models.Model, *, by: Any) -> None:
    _stamp(obj, by)
    obj.delete()


def _stamp(obj: models.Model, by: Any) -> None:
    # django-simple-history reads ``_history_user`` before it falls back to the current request,
    # which the command line does not have.
    if by is not None and getattr(by, "is_authenticated", False):
        obj._history_user = by  # type: ignore[attr-defined]


def ordered_siblings(obj: models.Model, parent_field: str) -> models.QuerySet[Any]:
    model = type(obj)
    return model._default_manager.filter(**{parent_field: getattr(obj, parent_field)}).order_by(
        "order", "pk"
    )


def next_order(model: type[models.Model], **parent: Any) -> int:
    last = model._default_manager.filter(**parent).aggregate(m=models.Max("order"))["m"]
    return (last or 0) + 1


@transaction.atomic
def record_move(obj: models.Model, *, parent_field: str, direction: str, by: Any) -> None:
    """Swap ``obj`` with its neighbour above ("up") or below ("down"); a no-op at either end."""
    if direction not in {"up", "down"}:
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    siblings = list(ordered_siblings(obj, parent_field).select_for_update())
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == obj.pk)
    other_index = index - 1 if direction == "up" else index + 1
    if not 0 <= other_index < len(siblings):
        return
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    renumber(siblings, by=by)


def renumber(siblings: list[Any], *, by: Any) -> None:
    """Give ``siblings`` the orders 1..n in list order, saving only those that change."""
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            sibling.order = position
            _stamp(sibling, by)
            sibling.save(update_fields=["order"])


@transaction.atomic
def glossary_term_save(
    *, partnership: Any, by: Any, term: str, meaning: str, existing: Any = None
) -> Any:
    """Create a glossary term, or change ``existing``."""
    from .models import GlossaryTerm

    item = existing or GlossaryTerm(partnership=partnership)
    item.term, item.meaning = term, meaning
    return record_save(item, by=by)
