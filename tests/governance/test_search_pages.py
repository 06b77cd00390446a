"""The search page as each role uses it: the form, results, refusals with the error summary,
pagination, and that everyone (signed in or not) sees only what is published."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from partnership.governance import search
from partnership.governance.meeting_models import (
    AgendaItem,
    ItemMinute,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from partnership.governance.models import Group
from partnership.web.models import Partnership

STOCKTON = "stockton-on-tees"
LONDON = ZoneInfo("Europe/London")
ROLES = ["anonymous", "administrator", "officer", "governance", "contributor", "board"]


def url(**params: str) -> str:
    base = reverse("search:search", kwargs={"partnership": STOCKTON})
    if not params:
        return base
    from urllib.parse import urlencode

    return base + "?" + urlencode(params)


def main(response) -> str:
    page = response.content.decode()
    found = re.search(r"<main.*?</main>", page, re.S)
    words = re.sub(r"<[^>]+>", " ", found[0] if found else page)
    return re.sub(r"\s+", " ", htmllib.unescape(words))


def summary_errors(response) -> list[tuple[str, str]]:
    page = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert match, "no error summary on the page"
    links = re.findall(r'<a href="#([^"]+)">(.*?)</a>', match[1], re.S)
    return [(target, htmllib.unescape(text).strip()) for target, text in links]


def published_meeting(*, title: str = "Zephyrine strategy", items: int = 1) -> Meeting:
    partnership = Partnership.objects.get(slug=STOCKTON)
    board = Group.objects.get_or_create(partnership=partnership, name="Search Page Board")[0]
    start = dt.datetime(2021, 1, 5, 14, tzinfo=LONDON)
    m = Meeting.objects.create(
        group=board, start=start, status=MeetingStatus.HELD, agenda_published_at=start
    )
    for n in range(1, items + 1):
        AgendaItem.objects.create(
            meeting=m, order=n, number=n, title=f"{title} {n}" if items > 1 else title
        )
    search.index_meeting(meeting=m)
    return m


# The page ---------------------------------------------------------------------------------------


def test_the_empty_page_shows_the_form_only(client_for):
    response = client_for("anonymous").get(url())
    assert response.status_code == 200
    text = main(response)
    assert "Search published agendas, minutes, one-minute guides and papers" in text
    assert "results for" not in text and "No results" not in text
    assert "govuk-error-summary" not in response.content.decode()


def test_an_empty_query_with_filters_shows_the_form_only(client_for):
    response = client_for("anonymous").get(url(q="", kind="paper"))
    assert response.status_code == 200
    assert "No results" not in main(response)


def test_results_show_title_link_kind_meeting_and_highlight(client_for):
    m = published_meeting()
    response = client_for("anonymous").get(url(q="zephyrine"))
    assert response.status_code == 200
    text = main(response)
    assert "1 result for “zephyrine”" in text
    assert "1. Zephyrine strategy" in text
    assert "Agenda item Search Page Board, 5 January 2021" in text
    entry = search.SearchEntry.objects.get(meeting=m)
    assert f'href="{entry.url}"' in response.content.decode()
    assert "<title>1 result for “zephyrine”: Search" in response.content.decode()


def test_a_highlight_is_marked_and_the_text_escaped(client_for):
    m = published_meeting()
    item = m.items.get()
    ItemMinute.objects.create(item=item, narrative="Quillwort & partners' plans > 5")
    Minutes.objects.create(meeting=m, status=MinutesStatus.PUBLISHED, published_at=timezone.now())
    search.index_meeting(meeting=m)
    page = client_for("anonymous").get(url(q="quillwort")).content.decode()
    assert "<mark>Quillwort</mark> &amp; partners&#x27; plans" in page


def test_no_results_says_so_with_tips(client_for):
    published_meeting()
    response = client_for("anonymous").get(url(q="nonexistentword", kind="paper"))
    assert response.status_code == 200
    text = main(response)
    assert "No results for “nonexistentword”." in text
    assert "check the spelling" in text
    assert "remove the type, group, year or dates you chose" in text


@pytest.mark.parametrize(
    ("params", "target", "message"),
    [
        ({"q": "a" * 201}, "id_q", "Search terms must be 200 characters or fewer: you typed 201"),
        ({"q": "!!! ???"}, "id_q", "Enter words to search for"),
        ({"q": "x", "kind": "video"}, "id_kind", "Choose a type from the list"),
        ({"q": "x", "group": "999999"}, "id_group", "Choose a group from the list"),
        ({"q": "x", "year": "1999/00"}, "id_year", "Choose a municipal year from the list"),
        (
            {
                "q": "x",
                "start_0": "1",
                "start_1": "2",
                "start_2": "2022",
                "end_0": "1",
                "end_1": "1",
                "end_2": "2022",
            },
            "id_end_0",
            "The ‘meetings to’ date must be the same as or after the ‘from’ date",
        ),
        (
            {"q": "x", "start_0": "31", "start_1": "2", "start_2": "2022"},
            "id_start_0",
            "Meetings from must be a real date",
        ),
    ],
)
def test_bad_input_is_refused_with_the_error_summary(client_for, params, target, message):
    published_meeting()
    response = client_for("anonymous").get(url(**params))
    assert response.status_code == 400
    errors = summary_errors(response)
    assert len(errors) == 1, errors
    assert errors[0][0] == target and errors[0][1].startswith(message), errors
    page = response.content.decode()
    assert f'id="{target}"' in page
    assert "<title>Error: Search" in page
    assert "results for" not in main(response)


def test_a_query_with_fts_syntax_is_searched_for_as_words(client_for):
    published_meeting()
    client = client_for("anonymous")
    for typed in (
        'zephyrine"',
        '"zephyrine',
        "(zephyrine)",
        "zephyrine*",
        "^zephyrine",
        "-zephyrine",
    ):
        response = client.get(url(q=typed))
        assert response.status_code == 200 and "1 result for" in main(response), typed
    # Operators are words like any other: every word must be in the text.
    for typed in ("NEAR(zephyrine)", "zephyrine OR nothing", "title:zephyrine"):
        response = client.get(url(q=typed))
        assert response.status_code == 200 and "No results for" in main(response), typed


def test_results_come_twenty_a_page_with_links_to_the_others(client_for):
    published_meeting(title="Marram", items=45)
    client = client_for("anonymous")
    first = client.get(url(q="marram", kind="agenda"))
    text = main(first)
    assert "45 results for “marram”" in text and "Showing 1 to 20" in text
    page = first.content.decode()
    assert page.count('class="app-search-result"') == 20
    assert 'rel="next"' in page and 'rel="prev"' not in page
    assert "?q=marram&amp;kind=agenda&amp;page=2" in page
    last = client.get(url(q="marram", kind="agenda", page="3"))
    assert last.content.decode().count('class="app-search-result"') == 5
    assert "Showing 41 to 45" in main(last) and 'rel="prev"' in last.content.decode()
    # A page beyond the last shows the last; nonsense shows the first.
    assert "Showing 41 to 45" in main(client.get(url(q="marram", page="99")))
    assert "Showing 1 to 20" in main(client.get(url(q="marram", page="x")))


def test_filters_narrow_the_results(client_for):
    m = published_meeting()
    client = client_for("anonymous")
    assert "1 result" in main(client.get(url(q="zephyrine", group=str(m.group_id))))
    assert "1 result" in main(client.get(url(q="zephyrine", year="2020/21")))
    assert "No results" in main(client.get(url(q="zephyrine", kind="minutes")))
    outside = {"start_0": "1", "start_1": "2", "start_2": "2021"}
    assert "No results" in main(client.get(url(q="zephyrine", **outside)))


# Who sees what ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_may_search(client_for, role):
    published_meeting()
    response = client_for(role).get(url(q="zephyrine"))
    assert response.status_code == 200
    assert "1 result for “zephyrine”" in main(response)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_refusal(client_for, role):
    assert client_for(role).get(url(q="!!!")).status_code == 400


@pytest.mark.parametrize("role", ROLES)
def test_no_role_finds_what_is_not_published(client_for, role):
    """Circulated minutes, exempt items and tentative meetings are for members' pages, never
    for search: a board member searching sees exactly what the public sees."""
    m = published_meeting()
    item = m.items.get()
    ItemMinute.objects.create(item=item, narrative="Circulated quillwort minute")
    Minutes.objects.create(meeting=m, status=MinutesStatus.CIRCULATED)
    AgendaItem.objects.create(meeting=m, order=2, number=2, title="Quillwort exempt", exempt=True)
    search.index_meeting(meeting=m)
    response = client_for(role).get(url(q="quillwort"))
    assert response.status_code == 200
    assert "No results for “quillwort”" in main(response)


@pytest.mark.parametrize("role", ROLES)
def test_an_unknown_partnership_is_not_found(client_for, role):
    response = client_for(role).get(
        reverse("search:search", kwargs={"partnership": "nowhere"}) + "?q=x"
    )
    assert response.status_code == 404
