"""The iCalendar feed per group, the Atom feed of published minutes and guides and the Popolo
export, each against a golden file, with ids normalised (databases number rows differently)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from django.urls import reverse

from partnership.governance import feeds
from partnership.governance.meeting_models import (
    GuideItem,
    Meeting,
    MeetingStatus,
    Membership,
    Minutes,
    MinutesStatus,
    OneMinuteGuide,
    Person,
)
from partnership.governance.models import Group, Post
from partnership.governance.popolo import popolo_export
from partnership.web.models import Partnership

LONDON = ZoneInfo("Europe/London")
GOLDEN = Path(__file__).parent / "golden"
ROLES = ["anonymous", "administrator", "officer", "governance", "contributor", "board"]
NOW = dt.datetime(2024, 11, 1, 9, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def stockton() -> Partnership:
    return Partnership.objects.get(slug="stockton-on-tees")


def setup_group() -> Group:
    """A group with a held, a cancelled, a confirmed and a tentative meeting; published minutes
    and a published guide for the held one; two members, one on behalf of an organisation."""
    group = Group.objects.create(
        partnership=stockton(), name="Feeds Board, Children; Families", classification="board"
    )
    held = Meeting.objects.create(
        group=group,
        start=dt.datetime(2024, 10, 23, 10, tzinfo=LONDON),
        end=dt.datetime(2024, 10, 23, 12, tzinfo=LONDON),
        status=MeetingStatus.HELD,
        venue="One Strawberry Lane, Newcastle upon Tyne, "
        "a venue whose name runs well past the fold",
    )
    Meeting.objects.create(
        group=group,
        start=dt.datetime(2024, 12, 4, 14, tzinfo=LONDON),
        status=MeetingStatus.CANCELLED,
        online=True,
        status_reason="Not quorate",
    )
    Meeting.objects.create(
        group=group,
        start=dt.datetime(2025, 1, 15, 14, tzinfo=LONDON),
        status=MeetingStatus.CONFIRMED,
        venue="Town Hall",
        online=True,
    )
    Meeting.objects.create(
        group=group,
        start=dt.datetime(2025, 3, 5, 14, tzinfo=LONDON),
        status=MeetingStatus.TENTATIVE,
        venue="Secret",
    )
    Minutes.objects.create(
        meeting=held,
        status=MinutesStatus.PUBLISHED,
        published_at=dt.datetime(2024, 11, 20, 12, tzinfo=dt.UTC),
    )
    guide = OneMinuteGuide.objects.create(
        meeting=held,
        status="published",
        introduction="Held at One Strawberry Lane & more.",
        published_at=dt.datetime(2024, 10, 30, 12, tzinfo=dt.UTC),
    )
    GuideItem.objects.create(guide=guide, order=1, heading="Strategy", text="Agreed.")
    post = Post.objects.create(group=group, title="Secondary head teacher representative")
    chair = Person.objects.create(
        partnership=stockton(),
        name="Ann Chair",
        honorific_prefix="Councillor",
        email="ann@example.org",
    )
    head = Person.objects.create(partnership=stockton(), name="Ben Head")
    Membership.objects.create(
        person=chair, group=group, role="chair", start_date=dt.date(2024, 5, 1)
    )
    Membership.objects.create(
        person=head,
        group=group,
        post=post,
        on_behalf_of="Bulwell Academy",
        start_date=dt.date(2024, 5, 1),
        end_date=dt.date(2025, 4, 30),
    )
    return group


def normalise_ids(text: str) -> str:
    """Number each distinct row id in order of appearance, per kind, so goldens hold on any
    database: "meeting-812" becomes "meeting-#1"."""
    seen: dict[tuple[str, str], int] = {}

    def swap(match: re.Match[str]) -> str:
        kind, number = match.group(1), match.group(4)
        key = (kind, number)
        if key not in seen:
            seen[key] = sum(1 for k, _ in seen if k == kind) + 1
        return f"{kind}{match.group(2)}{match.group(3)}#{seen[key]}"

    return re.sub(
        r"(meeting|person|group|post|membership|minutes|guide|calendar)(s?)([-/])(\d+)", swap, text
    )


def check_golden(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.write_bytes(text.encode("utf-8"))
    assert text == golden.read_bytes().decode("utf-8"), f"{name} differs from its golden file"


@override_settings(SITE_URL="https://partnership.example.org")
def test_calendar_matches_its_golden_file_and_follows_rfc_5545(demo) -> None:
    body = feeds.group_calendar(setup_group(), now=NOW)
    lines = body.split("\r\n")
    assert body.endswith("END:VCALENDAR\r\n") and "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "Secret" not in body and "TENTATIVE" not in body
    assert "SUMMARY:Feeds Board\\, Children\\; Families" in body
    assert "DTSTART:20241023T090000Z" in body  # 10am British Summer Time
    check_golden("group_calendar.ics", normalise_ids(body))


def test_folding_never_splits_a_character() -> None:
    folded = feeds.fold("SUMMARY:" + "é" * 80)
    assert all(len(line.encode("utf-8")) <= 75 for line in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "é" * 80


@override_settings(SITE_URL="https://partnership.example.org")
def test_atom_feed_matches_its_golden_file_newest_first(demo) -> None:
    setup_group()
    body = feeds.atom_feed(
        stockton(),
        self_url="https://partnership.example.org/feed.atom",
        home_url="https://partnership.example.org/",
        title="Stockton: minutes and guides",
    )
    assert body.index("<title>Minutes:") < body.index("<title>One-minute guide:")
    assert "Held at One Strawberry Lane &amp; more." in body
    check_golden("feed.atom", normalise_ids(body))


def test_popolo_export_matches_its_golden_file_and_every_id_it_uses_exists(demo) -> None:
    group = setup_group()
    data = popolo_export(stockton())
    text = json.dumps(data, indent=2, ensure_ascii=False)
    assert "ann@example.org" not in text and "Secret" not in text
    ids = {r["id"] for kind in ("persons", "organizations", "posts") for r in data[kind]}
    for membership in data["memberships"]:
        for key in ("person_id", "organization_id", "post_id", "on_behalf_of_id"):
            assert membership[key] is None or membership[key] in ids, (key, membership)
    for event in data["events"]:
        assert event["organization_id"] in ids
    for post in data["posts"]:
        assert post["organization_id"] in ids
    ours = {
        "persons": [p for p in data["persons"] if p["name"] in {"Ann Chair", "Ben Head"}],
        "organizations": [
            o
            for o in data["organizations"]
            if o["id"] in {f"group-{group.pk}", "organisation-bulwell-academy"}
        ],
        "posts": [p for p in data["posts"] if p["organization_id"] == f"group-{group.pk}"],
        "memberships": [
            m for m in data["memberships"] if m["organization_id"] == f"group-{group.pk}"
        ],
        "events": [e for e in data["events"] if e["organization_id"] == f"group-{group.pk}"],
    }
    check_golden(
        "popolo.json", normalise_ids(json.dumps(ours, indent=2, ensure_ascii=False)) + "\n"
    )


@pytest.mark.parametrize("name", ["group_calendar", "feed", "popolo"])
def test_feeds_are_public_to_every_role(demo, client_for, name) -> None:
    group = setup_group()
    kwargs: dict[str, object] = {"partnership": "stockton-on-tees"}
    if name == "group_calendar":
        kwargs["group"] = group.pk
    got = [
        client_for(role).get(reverse(f"documents:{name}", kwargs=kwargs)).status_code
        for role in ROLES
    ]
    assert got == [200] * 6
    missing = reverse("documents:group_calendar", kwargs={"partnership": "kent", "group": group.pk})
    assert client_for("anonymous").get(missing).status_code == 404
