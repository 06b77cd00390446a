"""A group's meetings as an iCalendar feed, and the partnership's published minutes and guides
as an Atom feed. Both are public: they hold only what governance.visibility lets anyone see.

Written by hand rather than with a library: each format needs a page of code, and this way
every byte is ours to test (golden files in tests/governance/golden/).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlparse
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from partnership.web.models import Partnership

from . import visibility
from .documents import long_date
from .meeting_models import (
    GuideStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    OneMinuteGuide,
)
from .models import Group

PUBLIC = AnonymousUser()

# -- Addresses -------------------------------------------------------------------------------


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    return urlparse(settings.SITE_URL).hostname or "localhost"


def meeting_url(meeting: Meeting) -> str:
    kwargs = {"partnership": meeting.group.partnership.slug, "meeting": meeting.pk}
    return reverse("meetings:meeting_detail", kwargs=kwargs)


def minutes_url(meeting: Meeting) -> str:
    kwargs = {"partnership": meeting.group.partnership.slug, "meeting": meeting.pk}
    return reverse("minutes:minutes_detail", kwargs=kwargs)


def guide_url(meeting: Meeting) -> str:
    return reverse(
        "documents:guide_detail",
        kwargs={"partnership": meeting.group.partnership.slug, "meeting": meeting.pk},
    )


# -- iCalendar (RFC 5545) --------------------------------------------------------------------

ICS_STATUS: dict[str, str] = {
    MeetingStatus.TENTATIVE: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.CANCELLED: "CANCELLED",
}


def ics_escape(text: str) -> str:
    """TEXT values: backslash, semicolon and comma escaped, line breaks as \\n (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    out: list[str] = []
    current = b""
    limit = 75
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b" "  # the continuation line's leading space counts towards its 75
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n".join(out)


def ics_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def group_calendar(group: Group, *, now: dt.datetime) -> str:
    """The group's meetings the public may see, as an iCalendar file (CRLF line endings)."""
    meetings = (
        visibility.meetings_visible(PUBLIC, group.partnership)
        .filter(group=group)
        .select_related("group__partnership")
        .order_by("start", "pk")
    )
    host = site_host()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Children's Partnership//Governance meetings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_escape(f'{group.name} meetings')}",
        "X-WR-TIMEZONE:Europe/London",
    ]
    for meeting in meetings:
        location = meeting.venue or ("Online" if meeting.online else "")
        if meeting.venue and meeting.online:
            location = f"{meeting.venue} and online"
        lines += [
            "BEGIN:VEVENT",
            # Stable for the meeting's life, so a calendar updates the event instead of adding one.
            f"UID:meeting-{meeting.pk}@{host}",
            f"DTSTAMP:{ics_time(now)}",
            f"DTSTART:{ics_time(meeting.start)}",
        ]
        if meeting.end:
            lines.append(f"DTEND:{ics_time(meeting.end)}")
        lines.append(f"SUMMARY:{ics_escape(group.name)}")
        if location:
            lines.append(f"LOCATION:{ics_escape(location)}")
        lines.append(f"STATUS:{ICS_STATUS[meeting.status]}")
        if meeting.status == MeetingStatus.CANCELLED and meeting.status_reason:
            lines.append(f"DESCRIPTION:{ics_escape('Cancelled: ' + meeting.status_reason)}")
        lines += [f"URL:{absolute(meeting_url(meeting))}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


# -- Atom (RFC 4287) -------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    url: str
    published: dt.datetime
    updated: dt.datetime
    summary: str


def atom_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _tag(meeting: Meeting, what: str) -> str:
    # tag: URIs (RFC 4151) never change when the site moves or a guide is republished: the
    # date in them is the meeting's, and the rest is the partnership and the meeting's id.
    day = timezone.localtime(meeting.start).date()
    return f"tag:{site_host()},{day:%Y-%m-%d}:{meeting.group.partnership.slug}/{what}/{meeting.pk}"


def feed_entries(partnership: Partnership) -> list[FeedEntry]:
    """The partnership's published minutes and guides, newest first."""
    minutes = (
        Minutes.objects.filter(
            meeting__group__partnership=partnership,
            status=MinutesStatus.PUBLISHED,
            published_at__isnull=False,
        )
        .select_related("meeting__group__partnership")
        .prefetch_related("amendments")
    )
    guides = OneMinuteGuide.objects.filter(
        meeting__group__partnership=partnership,
        status=GuideStatus.PUBLISHED,
        published_at__isnull=False,
    ).select_related("meeting__group__partnership")
    entries: list[FeedEntry] = []
    for record in minutes:
        meeting = record.meeting
        if not visibility.minutes_visible(PUBLIC, record):
            continue
        day = long_date(timezone.localtime(meeting.start).date())
        assert record.published_at is not None
        entries.append(
            FeedEntry(
                id=_tag(meeting, "minutes"),
                title=f"Minutes: {meeting.group.name}, {day}",
                url=absolute(minutes_url(meeting)),
                published=record.published_at,
                # An amendment after publication changes the record readers rely on.
                updated=max(
                    [record.published_at, *(a.recorded_at for a in record.amendments.all())]
                ),
                summary=f"The approved minutes of the {meeting.group.name} meeting on {day}.",
            )
        )
    for guide in guides:
        meeting = guide.meeting
        if not visibility.guide_visible(PUBLIC, guide):
            continue
        day = long_date(timezone.localtime(meeting.start).date())
        assert guide.published_at is not None
        entries.append(
            FeedEntry(
                id=_tag(meeting, "guide"),
                title=f"One-minute guide: {meeting.group.name}, {day}",
                url=absolute(guide_url(meeting)),
                published=guide.published_at,
                updated=guide.published_at,
                summary=guide.introduction
                or f"What the {meeting.group.name} did at its meeting on {day}.",
            )
        )
    return sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)


def atom_feed(
    partnership: Partnership,
    *,
    self_url: str,
    home_url: str,
    title: str,
    entries_for: Callable[[Partnership], list[FeedEntry]] = feed_entries,
) -> str:
    entries = entries_for(partnership)
    slug = partnership.slug
    # With nothing published the feed's own update time is fixed, so the file is stable.
    updated = max((e.updated for e in entries), default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">',
        f"  <id>tag:{site_host()},2000-01-01:{slug}/governance</id>",
        f"  <title>{escape(title)}</title>",
        f"  <updated>{atom_time(updated)}</updated>",
        f'  <link rel="self" type="application/atom+xml" href={quoteattr(self_url)}/>',
        f'  <link rel="alternate" type="text/html" href={quoteattr(home_url)}/>',
        f"  <author><name>{escape(str(partnership))}</name></author>",
    ]
    for entry in entries:
        out += [
            "  <entry>",
            f"    <id>{escape(entry.id)}</id>",
            f"    <title>{escape(entry.title)}</title>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(entry.url)}/>',
            f"    <published>{atom_time(entry.published)}</published>",
            f"    <updated>{atom_time(entry.updated)}</updated>",
            f"    <summary>{escape(entry.summary)}</summary>",
            "  </entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
