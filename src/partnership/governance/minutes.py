"""Writes to minutes: every change bumps the version and keeps a frozen copy.

Minutes change only here. A change made from an older version than the stored one is refused
(``StaleMinutes``), so two people editing the same draft never overwrite each other silently;
approved or published minutes are never edited, only amended by a recorded correction.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .meeting_models import (
    AgendaItem,
    ItemMinute,
    Meeting,
    Minutes,
    MinutesStatus,
    MinutesVersion,
)

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def point_label(index: int) -> str:
    """ "a)", "b)", ... "z)", then "aa)": the seeds' lettering of discussion points."""
    if index < len(LETTERS):
        return f"{LETTERS[index]})"
    return f"{LETTERS[index // len(LETTERS) - 1]}{LETTERS[index % len(LETTERS)]})"


class StaleMinutes(ValidationError):
    """The minutes changed since the editor opened them."""


class MinutesLocked(ValidationError):
    """Approved or published minutes: only a recorded amendment may change them."""


def minutes_content(minutes: Minutes) -> dict[str, Any]:
    """The whole text of ``minutes`` as stored in a version: item by item, in agenda order."""
    items = (
        AgendaItem.objects.filter(meeting_id=minutes.meeting_id)
        .select_related("minute")
        .order_by("order")
    )
    entries = []
    for item in items:
        minute = getattr(item, "minute", None)
        entries.append(
            {
                "item": item.pk,
                "number": item.number,
                "title": item.title,
                "narrative": minute.narrative if minute else "",
                "points": list(minute.points) if minute else [],
                "resolutions": list(minute.resolutions) if minute else [],
            }
        )
    return {"items": entries}


@transaction.atomic
def minutes_for(meeting: Meeting, *, by: Any) -> Minutes:
    """The meeting's minutes, started as a kept draft (version 1) when first asked for."""
    minutes, created = Minutes.objects.get_or_create(
        meeting=meeting, defaults={"updated_by": _user(by)}
    )
    if created:
        _keep_version(minutes, by=by, reason="Draft started")
    return minutes


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _keep_version(minutes: Minutes, *, by: Any, reason: str) -> MinutesVersion:
    return MinutesVersion.objects.create(
        minutes=minutes,
        number=minutes.version,
        status=minutes.status,
        content=minutes_content(minutes),
        reason=reason,
        created_by=_user(by),
    )


def lock_for_edit(minutes: Minutes, *, seen_version: int | None) -> Minutes:
    """Lock the minutes' row and check the editor's copy is the latest and still editable.

    ``seen_version`` is the version the editor's form was made from; ``None`` (a change made by
    the product itself, such as minuting a membership change) skips the staleness check.
    """
    locked = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if locked.status in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
        raise MinutesLocked(
            "These minutes have been approved, so they cannot be edited. To correct them, "
            "record an amendment, which is kept with the minutes and shown with them."
        )
    if seen_version is not None and seen_version != locked.version:
        by = locked.updated_by
        who = f" by {by.get_full_name() or by.get_username()}" if by else ""
        when = timezone.localtime(locked.updated_at).strftime("%-d %B %Y at %H:%M")
        raise StaleMinutes(
            f"These minutes were changed{who} on {when}, after you opened them. Your text is "
            "below: compare it with the latest version, then save again."
        )
    return locked


def commit_change(minutes: Minutes, *, by: Any, reason: str) -> Minutes:
    """Bump the version of locked ``minutes`` and keep a frozen copy of the new text."""
    minutes.version += 1
    minutes.updated_by = _user(by)
    minutes.save(update_fields=["version", "updated_by", "updated_at"])
    _keep_version(minutes, by=by, reason=reason)
    return minutes


@transaction.atomic
def minute_add_resolution(*, item: AgendaItem, text: str, by: Any, reason: str = "") -> ItemMinute:
    """Add a resolution to ``item``'s minute (used by one-step changes such as a replacement)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Enter the resolution"})
    minutes = lock_for_edit(minutes_for(item.meeting, by=by), seen_version=None)
    minute, _ = ItemMinute.objects.get_or_create(item=item)
    minute.resolutions = [*minute.resolutions, text]
    minute.save(update_fields=["resolutions"])
    commit_change(minutes, by=by, reason=reason or f"Resolution added to item {item}")
    return minute
