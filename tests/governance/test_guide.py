"""One-minute guides: drafting from the minutes, editing with version checks, publishing,
unpublishing, the pages and who may use them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership.governance import guide
from partnership.governance.meeting_models import (
    AgendaItem,
    GuideItem,
    GuideStatus,
    ItemMinute,
    Meeting,
    MeetingStatus,
    OneMinuteGuide,
    StandingItem,
)
from partnership.governance.models import Group
from partnership.web.models import Partnership, User

LONDON = ZoneInfo("Europe/London")
ROLES = ["anonymous", "administrator", "officer", "governance", "contributor", "board"]
pytestmark = pytest.mark.django_db


def newcastle_like(status: str = MeetingStatus.HELD) -> Meeting:
    group = Group.objects.create(
        partnership=Partnership.objects.get(slug="stockton-on-tees"),
        name=f"Strategic Partnership {Group.objects.count()}",
        classification="partnership",
    )
    meeting = Meeting.objects.create(
        group=group,
        start=dt.datetime(2024, 10, 23, 10, 0, tzinfo=LONDON),
        status=status,
        venue="One Strawberry Lane",
        introduction="This meeting was held at One Strawberry Lane.",
    )
    rows = [
        (StandingItem.APOLOGIES, "Apologies", "Apologies were received from three members."),
        (
            "",
            "Infant Mental Health Strategy",
            "Colleagues presented a draft of the strategy. This was accepted and agreed by the "
            "Partnership. It will be launched in Baby Week. A third sentence is left out.",
        ),
        (StandingItem.FORWARD_PLAN, "Forward plan", "The forward plan was noted."),
        (StandingItem.AOB, "Any other business", "None at this time."),
    ]
    for order, (standing, title, narrative) in enumerate(rows, start=1):
        item = AgendaItem.objects.create(
            meeting=meeting, order=order, number=order, title=title, standing=standing
        )
        ItemMinute.objects.create(item=item, narrative=narrative)
    return meeting


def officer() -> User:
    return User.objects.get(username="officer")


def url(name: str, meeting: Meeting) -> str:
    return reverse(
        f"documents:{name}", kwargs={"partnership": "stockton-on-tees", "meeting": meeting.pk}
    )


# -- Services ------------------------------------------------------------------------------


def test_draft_has_one_headline_per_substantive_item_in_two_sentences(demo) -> None:
    drafted = guide.guide_draft_from_minutes(meeting=newcastle_like(), by=officer())
    items = list(drafted.items.all())
    assert [i.heading for i in items] == ["Infant Mental Health Strategy"]
    assert items[0].text == (
        "Colleagues presented a draft of the strategy. This was accepted and agreed by the "
        "Partnership."
    )
    assert drafted.introduction == "This meeting was held at One Strawberry Lane."


def test_summarise_keeps_to_sentence_boundaries_and_the_word_limit() -> None:
    long = " ".join(["word"] * 70) + "."
    assert guide.summarise([long]).endswith("…")
    assert len(guide.summarise([long]).split()) == guide.MAX_WORDS
    assert guide.summarise(["One. Two. Three."]) == "One. Two."
    assert guide.draft_text(None) == ""


def test_drafting_again_needs_confirmation_and_never_touches_a_published_guide(demo) -> None:
    meeting = newcastle_like()
    first = guide.guide_draft_from_minutes(meeting=meeting, by=officer())
    with pytest.raises(ValidationError, match="Confirm that you want to replace"):
        guide.guide_draft_from_minutes(meeting=meeting, by=officer())
    again = guide.guide_draft_from_minutes(meeting=meeting, by=officer(), replace=True)
    assert again.pk == first.pk and again.version == first.version + 1
    guide.guide_publish(guide=again, seen_version=again.version, by=officer())
    with pytest.raises(ValidationError, match="published"):
        guide.guide_draft_from_minutes(meeting=meeting, by=officer(), replace=True)
    assert GuideItem.objects.filter(guide=again).count() == 1


def test_nothing_to_draft_from_is_refused_and_nothing_is_written(demo) -> None:
    meeting = newcastle_like()
    ItemMinute.objects.filter(item__meeting=meeting).delete()
    with pytest.raises(ValidationError, match="nothing in the minutes"):
        guide.guide_draft_from_minutes(meeting=meeting, by=officer())
    assert not OneMinuteGuide.objects.filter(meeting=meeting).exists()


def test_a_stale_save_is_refused_and_the_stored_guide_is_unchanged(demo) -> None:
    drafted = guide.guide_draft_from_minutes(meeting=newcastle_like(), by=officer())
    seen = drafted.version
    guide.guide_save(
        guide=drafted,
        seen_version=seen,
        introduction="First",
        closing="",
        items=[guide.GuideItemInput("A", "Text A.")],
        by=officer(),
    )
    with pytest.raises(guide.StaleGuide, match="changed"):
        guide.guide_save(
            guide=drafted,
            seen_version=seen,
            introduction="Second",
            closing="",
            items=[guide.GuideItemInput("B", "Text B.")],
            by=officer(),
        )
    drafted.refresh_from_db()
    assert drafted.introduction == "First"
    assert [i.heading for i in drafted.items.all()] == ["A"]


def test_publishing_needs_a_held_meeting_and_unpublishing_needs_a_reason(demo) -> None:
    meeting = newcastle_like(status=MeetingStatus.CONFIRMED)
    drafted = guide.guide_draft_from_minutes(meeting=meeting, by=officer())
    with pytest.raises(ValidationError, match="held"):
        guide.guide_publish(guide=drafted, seen_version=drafted.version, by=officer())
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.HELD)
    published = guide.guide_publish(guide=drafted, seen_version=drafted.version, by=officer())
    assert published.status == GuideStatus.PUBLISHED and published.published_at
    with pytest.raises(ValidationError, match="Unpublish it"):
        guide.guide_save(
            guide=published,
            seen_version=published.version,
            introduction="",
            closing="",
            items=[guide.GuideItemInput("A", "B")],
            by=officer(),
        )
    with pytest.raises(ValidationError):
        guide.guide_unpublish(
            guide=published, seen_version=published.version, reason=" ", by=officer()
        )
    back = guide.guide_unpublish(
        guide=published, seen_version=published.version, reason="Typo", by=officer()
    )
    assert back.status == GuideStatus.DRAFT and back.published_at is None


# -- Pages ---------------------------------------------------------------------------------


def test_edit_page_reorders_removes_and_adds_items(demo, client_for) -> None:
    meeting = newcastle_like()
    drafted = guide.guide_draft_from_minutes(meeting=meeting, by=officer())
    GuideItem.objects.create(guide=drafted, order=2, heading="Second", text="Two.")
    client = client_for("officer")
    assert client.get(url("guide_edit", meeting)).status_code == 200
    response = client.post(
        url("guide_edit", meeting),
        {
            "version": drafted.version,
            "item_count": 2,
            "introduction": "Intro",
            "closing": "Bye",
            "item_1_heading": "First",
            "item_1_text": "One.",
            "item_1_position": 2,
            "item_2_heading": "Second",
            "item_2_text": "Two.",
            "item_2_position": 1,
            "new_heading": "Third",
            "new_text": "Three.",
        },
    )
    assert response.status_code == 302
    assert [i.heading for i in drafted.items.all()] == ["Second", "First", "Third"]
    drafted.refresh_from_db()
    response = client.post(
        url("guide_edit", meeting),
        {
            "version": drafted.version,
            "item_count": 3,
            "item_1_heading": "Second",
            "item_1_text": "Two.",
            "item_1_position": 1,
            "item_1_remove": "on",
            "item_2_heading": "First",
            "item_2_text": "One.",
            "item_2_position": 2,
            "item_3_heading": "Third",
            "item_3_text": "Three.",
            "item_3_position": 3,
        },
    )
    assert response.status_code == 302
    assert [i.heading for i in drafted.items.all()] == ["First", "Third"]


def test_invalid_edit_shows_the_error_summary_and_keeps_the_text(demo, client_for) -> None:
    meeting = newcastle_like()
    drafted = guide.guide_draft_from_minutes(meeting=meeting, by=officer())
    response = client_for("governance").post(
        url("guide_edit", meeting),
        {
            "version": drafted.version,
            "item_count": 1,
            "introduction": "Kept intro",
            "item_1_heading": "",
            "item_1_text": "Kept text",
            "item_1_position": 1,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in html and 'href="#id_item_1_heading"' in html
    assert "Enter a heading for item 1" in html and "Kept text" in html and "Kept intro" in html


def test_stale_edit_page_keeps_the_text_and_says_why(demo, client_for) -> None:
    meeting = newcastle_like()
    drafted = guide.guide_draft_from_minutes(meeting=meeting, by=officer())
    response = client_for("officer").post(
        url("guide_edit", meeting),
        {
            "version": drafted.version - 1,
            "item_count": 1,
            "item_1_heading": "Mine",
            "item_1_text": "My words",
            "item_1_position": 1,
        },
    )
    html = response.content.decode()
    assert response.status_code == 400 and "after you opened it" in html and "My words" in html


def test_draft_page_asks_to_confirm_a_replacement(demo, client_for) -> None:
    meeting = newcastle_like()
    client = client_for("officer")
    assert client.post(url("guide_draft", meeting)).status_code == 302
    response = client.post(url("guide_draft", meeting))
    assert response.status_code == 400 and 'href="#id_replace"' in response.content.decode()
    assert client.post(url("guide_draft", meeting), {"replace": "on"}).status_code == 302


def test_published_guide_page_reads_like_the_seed(demo, client_for) -> None:
    meeting = newcastle_like()
    drafted = guide.guide_draft_from_minutes(meeting=meeting, by=officer())
    guide.guide_publish(guide=drafted, seen_version=drafted.version, by=officer())
    html = client_for("anonymous").get(url("guide_detail", meeting)).content.decode()
    assert "One Minute Guide: Meeting held on 23rd October 2024" in html
    assert "1. Infant Mental Health Strategy" in html
    assert "Manage this guide" not in html


@pytest.mark.parametrize(
    ("name", "state", "method", "expected"),
    [
        ("guide_detail", "none", "get", [404, 200, 200, 200, 404, 404]),
        ("guide_detail", "draft", "get", [404, 200, 200, 200, 404, 404]),
        ("guide_detail", "published", "get", [200, 200, 200, 200, 200, 200]),
        ("guide_pdf", "published", "get", [200, 200, 200, 200, 200, 200]),
        ("guide_docx", "draft", "get", [404, 200, 200, 200, 404, 404]),
        ("guide_draft", "none", "get", [302, 200, 200, 200, 403, 403]),
        ("guide_edit", "draft", "get", [302, 200, 200, 200, 403, 403]),
        ("guide_publish", "draft", "post", [302, 302, 302, 302, 403, 403]),
        ("guide_unpublish", "published", "get", [302, 200, 200, 200, 403, 403]),
    ],
)
def test_who_may_use_each_guide_page(demo, client_for, name, state, method, expected) -> None:
    got = []
    for role in ROLES:
        meeting = newcastle_like()
        if state != "none":
            drafted = guide.guide_draft_from_minutes(meeting=meeting, by=officer())
            if state == "published":
                guide.guide_publish(guide=drafted, seen_version=drafted.version, by=officer())
        client = client_for(role)
        response = getattr(client, method)(url(name, meeting))
        if role == "anonymous" and response.status_code == 302:
            assert "/account/sign-in/" in response["Location"]
        got.append(response.status_code)
    assert got == expected
