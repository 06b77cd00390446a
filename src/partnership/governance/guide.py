"""One-minute guides: drafted from the minutes, edited by the officer, published.

A guide tells people who were not at the meeting what it did, in a numbered headline per
substantive item and one or two plain sentences each (the Newcastle partnership's guides are
the model). The draft is only a start: the officer rewrites it, and edits from an older copy
than the stored one are refused (``OneMinuteGuide.version``), as with minutes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .meeting_models import (
    AgendaItem,
    GuideItem,
    GuideStatus,
    ItemMinute,
    Meeting,
    MeetingStatus,
    OneMinuteGuide,
    StandingItem,
)

# Procedure, not news: nobody outside the room needs a headline for these.
SKIPPED_STANDING = frozenset(
    {
        StandingItem.APOLOGIES,
        StandingItem.DECLARATIONS,
        StandingItem.PREVIOUS_MINUTES,
        StandingItem.MATTERS_ARISING,
        StandingItem.FORWARD_PLAN,
    }
)
# "None at this time." and the like: an item that did nothing has no headline.
_NOTHING = re.compile(r"^\s*(none|nil|no (other )?business|n/?a)\b[^.]*\.?\s*$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘'\"(])")
MAX_WORDS = 60
DEFAULT_CLOSING = (
    "For more information, or to contact the partnership, please get in touch with its "
    "partnership officer."
)


class StaleGuide(ValidationError):
    """The guide changed since the editor opened it."""


@dataclass(frozen=True)
class GuideItemInput:
    heading: str
    text: str
    agenda_item_id: int | None = None


def sentences(text: str) -> list[str]:
    flat = " ".join(text.split())
    return [s.strip() for s in _SENTENCE_END.split(flat) if s.strip()]


def summarise(texts: list[str], *, max_words: int = MAX_WORDS) -> str:
    """The first sentence or two of ``texts``, never cut mid-sentence, at most ``max_words``
    words (a first sentence longer than that is cut at a word and ends with "…")."""
    chosen: list[str] = []
    words = 0
    for sentence in (s for text in texts for s in sentences(text)):
        count = len(sentence.split())
        if chosen and (words + count > max_words or len(chosen) == 2):
            break
        if not chosen and count > max_words:
            return " ".join(sentence.split()[:max_words]).rstrip(",;:") + "…"
        chosen.append(sentence)
        words += count
    return " ".join(chosen)


def _resolution_text(resolution: str) -> str:
    # "Resolved to note that: a) ..." reads as "The partnership noted that ..." in a guide
    # only with rewriting the officer does better; keep the resolution's own words, but not a
    # trailing list of lettered points.
    return re.split(r"\s[a-z]\)\s", " ".join(resolution.split()), maxsplit=1)[0].rstrip(" :;")


def draft_text(minute: ItemMinute | None) -> str:
    """One or two plain sentences for an item: its resolutions first, then its narrative."""
    if minute is None:
        return ""
    texts = [_resolution_text(r) for r in minute.resolutions if r.strip()]
    texts += [p for p in re.split(r"\n\s*\n|\r?\n", minute.narrative or "") if p.strip()]
    texts = [t for t in texts if not _NOTHING.match(t)]
    text = summarise(texts)
    if text and text[-1] not in ".!?…":
        text += "."
    return text


def substantive(item: AgendaItem, text: str) -> bool:
    """Worth a headline: not procedure, and something to say (any other business included,
    when it has content)."""
    return item.standing not in SKIPPED_STANDING and bool(text)


def draft_items(meeting: Meeting) -> list[GuideItemInput]:
    """A headline per substantive item of the meeting, exempt items left out."""
    items = AgendaItem.objects.filter(meeting=meeting, exempt=False).order_by("order")
    minutes = {m.item_id: m for m in ItemMinute.objects.filter(item__in=items)}
    drafted = []
    for item in items:
        text = draft_text(minutes.get(item.pk))
        if substantive(item, text):
            drafted.append(GuideItemInput(item.title, text, item.pk))
    return drafted


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


@transaction.atomic
def guide_draft_from_minutes(*, meeting: Meeting, by: Any, replace: bool = False) -> OneMinuteGuide:
    """Draft (or, with ``replace``, redraft) the meeting's guide from its minutes."""
    existing = OneMinuteGuide.objects.select_for_update().filter(meeting=meeting).first()
    if existing and existing.status == GuideStatus.PUBLISHED:
        raise ValidationError(
            "This guide is published, so it cannot be redrafted. Unpublish it first if you "
            "need to start again from the minutes."
        )
    if existing and not replace:
        raise ValidationError(
            "A draft guide already exists. Confirm that you want to replace it: the changes "
            "made to it will be lost."
        )
    drafted = draft_items(meeting)
    if not drafted:
        raise ValidationError(
            "There is nothing in the minutes to draft a guide from yet. Write the minutes of "
            "the meeting's items first, or add the guide's items yourself."
        )
    if existing:
        guide = existing
        guide.items.all().delete()
        guide.introduction = meeting.introduction
        guide.version += 1
    else:
        guide = OneMinuteGuide(
            meeting=meeting, introduction=meeting.introduction, closing=DEFAULT_CLOSING
        )
    guide.full_clean()
    guide._change_reason = "Drafted from the minutes"  # type: ignore[attr-defined]
    guide.save()
    _write_items(guide, drafted)
    return guide


def _write_items(guide: OneMinuteGuide, items: list[GuideItemInput]) -> None:
    for order, entry in enumerate(items, start=1):
        row = GuideItem(
            guide=guide,
            order=order,
            heading=entry.heading,
            text=entry.text,
            agenda_item_id=entry.agenda_item_id,
        )
        row.full_clean()
        row.save()


def _locked(guide: OneMinuteGuide, *, seen_version: int) -> OneMinuteGuide:
    locked = OneMinuteGuide.objects.select_for_update().get(pk=guide.pk)
    if seen_version != locked.version:
        when = timezone.localtime(locked.updated_at).strftime("%-d %B %Y at %H:%M")
        raise StaleGuide(
            f"This guide was changed on {when}, after you opened it. Your text is below: "
            "compare it with the latest version (open the guide again in another tab), then "
            "save again."
        )
    return locked


@transaction.atomic
def guide_save(
    *,
    guide: OneMinuteGuide,
    seen_version: int,
    introduction: str,
    closing: str,
    items: list[GuideItemInput],
    by: Any,
) -> OneMinuteGuide:
    """Replace the guide's text and items with the editor's, unless saved since they opened it."""
    locked = _locked(guide, seen_version=seen_version)
    if locked.status == GuideStatus.PUBLISHED:
        raise ValidationError(
            "This guide is published, so it cannot be edited as it stands. Unpublish it "
            "(it goes back to draft and off the public pages), edit it, then publish it again."
        )
    errors: dict[str, list[str]] = {}
    for n, entry in enumerate(items, start=1):
        if not entry.heading.strip():
            errors.setdefault("items", []).append(f"Enter a heading for item {n}")
        if not entry.text.strip():
            errors.setdefault("items", []).append(f"Enter the text of item {n}")
    if not items:
        errors["items"] = ["A guide needs at least one item: add one, or draft from the minutes"]
    if errors:
        raise ValidationError(errors)
    locked.introduction = introduction.strip()
    locked.closing = closing.strip()
    locked.version += 1
    locked.full_clean()
    locked._change_reason = "Edited"  # type: ignore[attr-defined]
    locked.save()
    locked.items.all().delete()
    _write_items(
        locked,
        [GuideItemInput(i.heading.strip(), i.text.strip(), i.agenda_item_id) for i in items],
    )
    return locked


@transaction.atomic
def guide_publish(*, guide: OneMinuteGuide, seen_version: int, by: Any) -> OneMinuteGuide:
    locked = _locked(guide, seen_version=seen_version)
    if locked.status == GuideStatus.PUBLISHED:
        raise ValidationError("This guide is already published.")
    if locked.meeting.status != MeetingStatus.HELD:
        raise ValidationError(
            "A guide can be published only once its meeting has been held. Mark the meeting "
            "as held first."
        )
    if not locked.items.exists():
        raise ValidationError("This guide has no items. Add at least one before publishing it.")
    locked.status = GuideStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.version += 1
    locked._change_reason = "Published"  # type: ignore[attr-defined]
    locked.save()
    return locked


@transaction.atomic
def guide_unpublish(
    *, guide: OneMinuteGuide, seen_version: int, reason: str, by: Any
) -> OneMinuteGuide:
    """Take a published guide back to draft, with the reason kept in its history."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the guide is being unpublished"})
    locked = _locked(guide, seen_version=seen_version)
    if locked.status != GuideStatus.PUBLISHED:
        raise ValidationError("This guide is not published.")
    locked.status = GuideStatus.DRAFT
    locked.published_at = None
    locked.version += 1
    locked._change_reason = f"Unpublished: {reason}"[:100]  # type: ignore[attr-defined]
    locked.save()
    return locked
