"""Linked plans and strategies, and the glossary: listed for everyone, edited by officers."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.urls import reverse

from partnership.plans.models import Strategy
from partnership.web.models import GlossaryTerm

STOCKTON = "stockton-on-tees"
LIST = reverse("plans:strategy_list", kwargs={"partnership": STOCKTON})
NEW_STRATEGY = reverse("plans:strategy_create", kwargs={"partnership": STOCKTON})
NEW_TERM = reverse("plans:glossary_create", kwargs={"partnership": STOCKTON})


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def summary_errors(response) -> list[str]:
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    assert match, "no error summary on the page"
    return [htmllib.unescape(m.strip()) for m in re.findall(r"<a [^>]*>(.*?)</a>", match[1], re.S)]


def strategy(title: str) -> Strategy:
    return Strategy.objects.get(partnership__slug=STOCKTON, title=title)


def edit_strategy_url(item: Strategy) -> str:
    return reverse("plans:strategy_edit", kwargs={"partnership": STOCKTON, "strategy": item.pk})


def edit_term_url(item: GlossaryTerm) -> str:
    return reverse("plans:glossary_edit", kwargs={"partnership": STOCKTON, "term": item.pk})


@pytest.mark.parametrize(("role", "can_edit"), [("anonymous", False), ("officer", True)])
def test_the_list_page(client_for, role, can_edit):
    html = text(client_for(role).get(LIST))
    rows = re.findall(
        r'<td class="govuk-table__cell">((?:(?!</td>).)*)</td>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>',
        html,
        re.S,
    )
    counts = {re.sub(r"<[^>]+>", "", title): int(n) for title, n in rows}
    assert len(counts) == 18
    assert counts["Early Help Strategy"] == 3
    assert counts["Health & Wellbeing Strategy"] == 3
    assert counts["LAC Strategy"] == 2
    assert '<dt class="govuk-summary-list__key">CAMHS</dt>' in html
    assert html.count('class="govuk-summary-list__key"') == 28
    assert ("Add a linked plan or strategy" in html) is can_edit
    assert ("Add a glossary term" in html) is can_edit


def test_add_and_edit_a_strategy(client_for):
    officer = client_for("officer")
    response = officer.post(
        NEW_STRATEGY, {"title": "  Youth Offer  ", "url": "https://example.org/youth-offer"}
    )
    assert response.status_code == 302
    assert response["Location"] == LIST
    item = strategy("Youth Offer")
    assert item.url == "https://example.org/youth-offer"
    listing = text(officer.get(LIST))
    assert '<a class="govuk-link" href="https://example.org/youth-offer">Youth Offer</a>' in listing
    response = officer.post(edit_strategy_url(item), {"title": "Youth Offer 2025", "url": ""})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.url) == ("Youth Offer 2025", "")
    assert item.history.first().history_user.username == "officer"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"title": "Early Help Strategy"},
            "The partnership already lists a plan or strategy with this title",
        ),
        ({"title": ""}, "Enter the title"),
        ({"title": "New", "url": "not a web address"}, "Enter a full web address"),
        ({"title": "New", "url": "javascript:alert(1)"}, "Enter a full web address"),
    ],
    ids=["duplicate", "no-title", "bad-url", "script-url"],
)
def test_adding_a_strategy_refused(client_for, data, message):
    before = (Strategy.objects.count(), Strategy.history.count())
    response = client_for("officer").post(NEW_STRATEGY, {"url": "", **data})
    assert response.status_code == 400
    assert any(message in e for e in summary_errors(response)), summary_errors(response)
    assert (Strategy.objects.count(), Strategy.history.count()) == before


def test_renaming_a_strategy_to_another_title_is_refused(client_for):
    item = strategy("LAC Strategy")
    response = client_for("officer").post(
        edit_strategy_url(item), {"title": "Early Help Strategy", "url": ""}
    )
    assert response.status_code == 400
    assert strategy("LAC Strategy").pk == item.pk


def test_add_and_edit_a_glossary_term(client_for):
    officer = client_for("officer")
    response = officer.post(NEW_TERM, {"term": "YOT", "meaning": "Youth Offending Team"})
    assert response.status_code == 302
    assert response["Location"] == LIST + "#glossary"
    term = GlossaryTerm.objects.get(partnership__slug=STOCKTON, term="YOT")
    response = officer.post(
        edit_term_url(term), {"term": "YOS", "meaning": "Youth Offending Service"}
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.term, term.meaning) == ("YOS", "Youth Offending Service")
    report = reverse(
        "reports:delivery_plan", kwargs={"partnership": STOCKTON, "plan": "cypp-2015-2018"}
    )
    assert (
        '<abbr title="Youth Offending Service">YOS</abbr>' in officer.get(report).content.decode()
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"term": "CAMHS", "meaning": "Again"}, "The glossary already explains this term"),
        ({"term": "", "meaning": "x"}, "Enter the term or acronym"),
        ({"term": "X", "meaning": ""}, "Enter the meaning"),
        ({"term": "x" * 41, "meaning": "y"}, "Term or acronym must be 40 characters or fewer"),
    ],
    ids=["duplicate", "no-term", "no-meaning", "too-long"],
)
def test_adding_a_glossary_term_refused(client_for, data, message):
    before = (GlossaryTerm.objects.count(), GlossaryTerm.history.count())
    response = client_for("officer").post(NEW_TERM, data)
    assert response.status_code == 400
    assert any(message in e for e in summary_errors(response)), summary_errors(response)
    assert (GlossaryTerm.objects.count(), GlossaryTerm.history.count()) == before


def test_another_partnerships_glossary_term_is_not_found(client_for):
    kent_term = GlossaryTerm.objects.filter(partnership__slug="kent").first()
    url = reverse("plans:glossary_edit", kwargs={"partnership": STOCKTON, "term": kent_term.pk})
    assert client_for("officer").get(url).status_code == 404
