"""The performance framework and the indicator catalogue pages."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.urls import reverse

from partnership.indicators.models import Indicator

STOCKTON = "stockton-on-tees"
STOCKTON_FILE = Path(settings.DATA_DIR) / "demo" / "stockton-cypp-2015-2018.yaml"
PLAN_TITLE = "Children and Young People's Plan 2015-2018"
FRAMEWORK = reverse("indicators:framework", kwargs={"partnership": STOCKTON})
CREATE = reverse("indicators:indicator_create", kwargs={"partnership": STOCKTON})


def url(name: str, code: str, partnership: str = STOCKTON) -> str:
    return reverse(
        "performance:indicator" if name == "indicator_detail" else f"indicators:{name}",
        kwargs={"partnership": partnership, "code": code},
    )


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def summary_errors(response) -> list[str]:
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    assert match, "no error summary on the page"
    return [htmllib.unescape(m.strip()) for m in re.findall(r"<a [^>]*>(.*?)</a>", match[1], re.S)]


def framework_rows(html: str) -> dict[str, list[str]]:
    """Indicator name -> the "Used for" labels, from the framework table."""
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', html, re.S)[1]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        name = htmllib.unescape(re.sub(r"<[^>]+>", "", cells[0]).strip())
        uses = [htmllib.unescape(u) for u in re.findall(r"<a [^>]*>(.*?)</a>", cells[3])]
        rows[name] = uses
    return rows


def source_uses() -> dict[str, list[str]]:
    """From the demo file: each indicator's name -> the priorities that use it."""
    data = yaml.safe_load(STOCKTON_FILE.read_text(encoding="utf-8"))
    names = {i["code"]: i["name"] for i in data["indicators"]}
    uses: dict[str, list[str]] = {name: [] for name in names.values()}
    for number, priority in enumerate(data["plan"]["priorities"], start=1):
        for code in priority.get("indicators", []):
            uses[names[code]].append(f"{PLAN_TITLE}: Priority {number}")
    return uses


def indicator_form(**overrides) -> dict[str, str]:
    data = {
        "name": "School readiness",
        "code": "school-readiness",
        "description": "Children ready for school at 5.",
        "unit": "%",
        "polarity": "high",
        "value_type": "percentage",
        "multiplier": "100",
        "decimal_places": "1",
        "period_type": "academic_year",
        "interval_method": "wilson",
        "quartiles_meaningful": "yes",
        "rating_rule": "england",
    }
    data.update(overrides)
    return data


# The framework ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "board", "officer"])
def test_framework_lists_the_44_indicators_with_their_uses(client_for, role):
    page = client_for(role).get(FRAMEWORK)
    assert page.status_code == 200
    html = page.content.decode()
    assert "44 indicators" in html
    rows = framework_rows(html)
    assert rows == source_uses()
    assert all(uses for uses in rows.values())  # every indicator informs a priority
    assert ("Add an indicator" in html) is (role == "officer")


def test_framework_links_each_use_to_its_priority(client_for):
    from partnership.plans.models import Priority

    html = client_for("anonymous").get(FRAMEWORK).content.decode()
    first = Priority.objects.get(plan__slug="cypp-2015-2018", order=1)
    link = reverse(
        "plans:priority_detail",
        kwargs={"partnership": STOCKTON, "plan": "cypp-2015-2018", "priority": first.pk},
    )
    assert html.count(f'href="{link}"') == 9  # priority 1 uses nine indicators


def test_framework_shows_unit_and_polarity(client_for):
    html = text(client_for("anonymous").get(FRAMEWORK))
    row = re.search(r"Maternal smoking at delivery \(%\)</a></td>(.*?)</tr>", html, re.S)[1]
    assert ">%</td>" in row
    assert "Lower is better" in row
    row = re.search(r"Number of CAF2s, by Agency and Reason</a></td>(.*?)</tr>", html, re.S)[1]
    assert "No judgement" in row


def test_the_public_does_not_see_uses_in_unpublished_plans(client_for):
    from partnership.plans import services
    from partnership.plans.models import Plan

    services.plan_change_status(
        plan=Plan.objects.get(partnership__slug=STOCKTON, slug="cypp-2015-2018"),
        status="archived",
        by=None,
    )
    public = framework_rows(client_for("anonymous").get(FRAMEWORK).content.decode())
    assert set(public) == set(source_uses())  # the catalogue is still listed...
    assert not any(public.values())  # ... but not the archived plan's priorities
    member = framework_rows(client_for("board").get(FRAMEWORK).content.decode())
    assert member == source_uses()


def test_indicator_detail(client_for):
    html = text(
        client_for("anonymous").get(url("indicator_detail", "maternal-smoking-at-delivery"))
    )
    assert '<h1 class="govuk-heading-xl">Maternal smoking at delivery (%)</h1>' in html
    assert "Percentage of mothers known to be smokers at the time of delivery." in html
    assert "Lower is better" in html
    assert "maternal-smoking-at-delivery" in html
    assert f"{PLAN_TITLE}: Priority 1" in html
    assert "Stockton-on-Tees Children and Young People's Partnership's own indicator" in html
    assert "Edit indicator" not in html
    assert "Changes to this indicator" not in html


def test_indicator_of_another_partnership_is_not_found(client_for):
    assert (
        client_for("anonymous").get(url("indicator_detail", "missing-children")).status_code == 404
    )
    assert client_for("officer").get(url("indicator_edit", "missing-children")).status_code == 404


# Creating and editing --------------------------------------------------------------------------


def test_create_an_indicator(client_for):
    officer = client_for("officer")
    response = officer.post(CREATE, indicator_form())
    assert response.status_code == 302
    assert response["Location"] == url("indicator_detail", "school-readiness")
    indicator = Indicator.objects.get(partnership__slug=STOCKTON, code="school-readiness")
    assert (indicator.name, indicator.unit, indicator.polarity) == ("School readiness", "%", "high")
    page = text(officer.get(response["Location"]))
    assert "Indicator added" in page
    assert "No priority uses this indicator." in page
    framework = framework_rows(officer.get(FRAMEWORK).content.decode())
    assert framework["School readiness"] == []
    assert "45 indicators" in officer.get(FRAMEWORK).content.decode()


BAD = [
    (
        "duplicate-code",
        {"code": "maternal-smoking-at-delivery"},
        "Another indicator already uses this code; choose a different one",
    ),
    ("missing-polarity", {"polarity": ""}, "Choose which direction is better"),
    ("unknown-polarity", {"polarity": "up"}, "Choose which direction is better from the list"),
    ("missing-name", {"name": ""}, "Enter the indicator's name"),
    ("missing-code", {"code": ""}, "Enter a code for the indicator"),
    ("bad-code", {"code": "School Readiness"}, "Use lower-case letters, digits and single hyphens"),
    ("long-unit", {"unit": "x" * 61}, "Unit must be 60 characters or fewer"),
]


@pytest.mark.parametrize(("overrides", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_create_an_indicator_refused(client_for, overrides, message):
    before = (Indicator.objects.count(), Indicator.history.count())
    response = client_for("officer").post(CREATE, indicator_form(**overrides))
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert any(message in e for e in summary_errors(response)), summary_errors(response)
    assert (Indicator.objects.count(), Indicator.history.count()) == before


def test_the_same_code_is_fine_in_another_partnership(client_for):
    # "missing-children" is one of Kent's codes, not Stockton's.
    response = client_for("officer").post(
        CREATE, indicator_form(code="missing-children", name="Missing children")
    )
    assert response.status_code == 302
    assert Indicator.objects.filter(code="missing-children").count() == 2


def test_edit_an_indicator_and_see_its_history(client_for):
    officer = client_for("officer")
    edit = url("indicator_edit", "tooth-decay-age-5")
    form = text(officer.get(edit))
    assert 'value="Tooth decay in children aged 5"' in form
    response = officer.post(
        edit,
        indicator_form(
            name="Tooth decay in 5-year-olds",
            code="tooth-decay-age-5",
            description="Average dmft.",
            unit="mean dmft per child",
            polarity="low",
        ),
    )
    assert response.status_code == 302
    history = text(officer.get(url("indicator_history", "tooth-decay-age-5")))
    assert "Changes to this indicator" in history
    assert "Changed – Indicator: Tooth decay in 5-year-olds" in history
    assert "by Partnership officer" in history
    assert re.search(
        r"<th[^>]*>Name</th>\s*<td[^>]*>Tooth decay in children aged 5</td>\s*"
        r"<td[^>]*>Tooth decay in 5-year-olds</td>",
        history,
    )
    # The import made the indicator without a user.
    assert "Created – Indicator: Tooth decay" in history
    assert "by Command line or system" in history


def test_editing_an_indicator_to_another_ones_code_is_refused(client_for):
    before = Indicator.history.count()
    response = client_for("officer").post(
        url("indicator_edit", "tooth-decay-age-5"),
        indicator_form(code="maternal-smoking-at-delivery"),
    )
    assert response.status_code == 400
    assert "Another indicator already uses this code" in text(response)
    assert Indicator.history.count() == before
    assert Indicator.objects.filter(partnership__slug=STOCKTON, code="tooth-decay-age-5").exists()


def test_renaming_a_code_moves_the_page(client_for):
    officer = client_for("officer")
    response = officer.post(
        url("indicator_edit", "tooth-decay-age-5"),
        indicator_form(code="tooth-decay-5", name="Tooth decay in children aged 5"),
    )
    assert response["Location"] == url("indicator_detail", "tooth-decay-5")
    assert officer.get(url("indicator_detail", "tooth-decay-age-5")).status_code == 404
    # The priority still uses it under its new code.
    assert f"{PLAN_TITLE}: Priority 1" in text(officer.get(response["Location"]))


def test_national_indicators_are_shown_but_not_editable(client_for):
    Indicator.objects.create(partnership=None, code="national-one", name="A national indicator")
    officer = client_for("officer")
    page = text(officer.get(url("indicator_detail", "national-one")))
    assert "National catalogue" in page
    assert "Edit indicator" not in page
    assert officer.get(url("indicator_edit", "national-one")).status_code == 404


def test_an_own_indicator_may_not_shadow_a_national_code(client_for):
    Indicator.objects.create(partnership=None, code="national-one", name="A national indicator")
    officer = client_for("officer")
    response = officer.post(CREATE, indicator_form(code="national-one", name="Our own"))
    if response.status_code == 302:
        # Accepted: then its page, and the national one's, must still work.
        assert officer.get(url("indicator_detail", "national-one")).status_code == 200
    else:
        assert response.status_code == 400


def test_an_indicator_code_that_clashes_with_a_page_is_refused_or_reachable(client_for):
    officer = client_for("officer")
    response = officer.post(CREATE, indicator_form(code="new", name="Newly measured"))
    if response.status_code == 400:
        return
    page = officer.get(response["Location"]).content.decode()
    assert '<h1 class="govuk-heading-xl">Newly measured</h1>' in page
