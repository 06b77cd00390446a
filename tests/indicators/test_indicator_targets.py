"""Targets per indicator, area and period: the Targets section of an indicator's page, adding,
changing and deleting a target, its history, and who may do what."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership.areas.models import Area
from partnership.indicators import services
from partnership.indicators.catalogue import target_problems
from partnership.indicators.models import Indicator, Period, Target
from partnership.web.datastamp import new_stamp
from partnership.web.models import Partnership, User

STOCKTON = "stockton-on-tees"
CODE = "maternal-smoking-at-delivery"  # Stockton's own, financial years, unit "%"


def recomputations(callbacks: list) -> list:
    """The commit callbacks other than the data stamp's (every write changes it)."""
    return [callback for callback in callbacks if callback is not new_stamp]


def url(name: str, code: str = CODE, **extra) -> str:
    return reverse(
        "performance:indicator" if name == "indicator_detail" else f"indicators:{name}",
        kwargs={"partnership": STOCKTON, "code": code, **extra},
    )


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def summary(response) -> list[tuple[str, str]]:
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    assert match, "no error summary on the page"
    return [
        (href, htmllib.unescape(message.strip()))
        for href, message in re.findall(r'<a href="([^"]*)">(.*?)</a>', match[1], re.S)
    ]


def field_errors(response, field: str) -> list[str]:
    found = re.findall(
        rf'id="id_{field}_\d+_error" class="govuk-error-message">\s*'
        r'<span class="govuk-visually-hidden">Error:</span>(.*?)</span>',
        response.content.decode(),
        re.S,
    )
    return [htmllib.unescape(m.strip()) for m in found]


def targets_table(page: str) -> list[list[str]]:
    """The Targets table's rows as cell texts."""
    section = page.split('id="targets"', 1)[1]
    body = re.search(r'<tbody class="govuk-table__body">(.*?)</tbody>', section, re.S)
    if body is None:
        return []
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body[1], re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append([" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells])
    return rows


@pytest.fixture
def indicator(demo) -> Indicator:
    """Stockton's maternal smoking indicator, described as the percentage it is."""
    found = Indicator.objects.get(partnership__slug=STOCKTON, code=CODE)
    found.value_type, found.multiplier, found.polarity = "percentage", 100, "low"
    found.save()
    return found


@pytest.fixture
def stockton(demo) -> Partnership:
    return Partnership.objects.get(slug=STOCKTON)


def area(name: str) -> Area:
    return Area.objects.get(name=name, end_date__isnull=True)


def target_form(**overrides) -> dict[str, str]:
    data = {
        "area": str(area("Stockton-on-Tees").pk),
        "period": "2024-25",
        "value": "12.5",
        "value_upper": "",
        "reason": "Agreed by the Health and Wellbeing Board in March 2024.",
    }
    data.update(overrides)
    return data


def state() -> tuple:
    return (
        list(Target.objects.values()),
        Target.history.count(),
        Period.objects.count(),
    )


def add(stockton, indicator, **overrides) -> Target:
    fields = {
        "partnership": stockton,
        "indicator": indicator,
        "area": area("Stockton-on-Tees"),
        "period_label": "2024/25",
        "value": 12.5,
        "reason": "Agreed by the board",
        "by": User.objects.get(username="officer"),
    }
    fields.update(overrides)
    return services.target_add(**fields)


# The Targets section ---------------------------------------------------------------------------


def test_no_targets_yet(client_for, indicator):
    page = text(client_for("officer").get(url("indicator_detail")))
    assert "Stockton-on-Tees Children and Young People's Partnership has not set a target" in page
    assert "Add a target" in page


@pytest.mark.parametrize("role", ["anonymous", "board", "governance", "contributor"])
def test_everyone_sees_the_targets_but_only_officers_change_them(
    client_for, stockton, indicator, role
):
    add(stockton, indicator)
    page = text(client_for(role).get(url("indicator_detail")))
    rows = targets_table(page)
    assert len(rows) == 1
    assert rows[0][:3] == ["Stockton-on-Tees", "2024/25", "12.5%"]
    assert "Agreed by the board" in rows[0]
    assert "Add a target" not in page
    assert url("target_edit", target=Target.objects.get().pk) not in page
    assert url("target_delete", target=Target.objects.get().pk) not in page


def test_members_see_who_set_each_target_and_the_public_does_not(client_for, stockton, indicator):
    add(stockton, indicator)
    add(stockton, indicator, area=area("England"), value=10, value_upper=12, by=None)
    board = targets_table(text(client_for("board").get(url("indicator_detail"))))
    assert [row[:4] for row in board] == [
        ["England", "2024/25", "10% to 12%", "Command line or system"],
        ["Stockton-on-Tees", "2024/25", "12.5%", "Partnership officer"],
    ]
    public = text(client_for("anonymous").get(url("indicator_detail")))
    assert "Partnership officer" not in public
    assert ">Set by<" not in public
    assert [row[:3] for row in targets_table(public)] == [
        ["England", "2024/25", "10% to 12%"],
        ["Stockton-on-Tees", "2024/25", "12.5%"],
    ]


def test_only_this_partnerships_targets_are_listed(client_for, stockton, indicator):
    kent = Partnership.objects.get(slug="kent")
    add(kent, indicator, area=area("Kent"), reason="Kent's own")
    page = text(client_for("officer").get(url("indicator_detail")))
    assert targets_table(page) == []
    assert "Kent's own" not in page


# Adding ----------------------------------------------------------------------------------------


def test_the_add_form_starts_with_the_partnerships_own_area(client_for, indicator):
    page = text(client_for("officer").get(url("target_create")))
    stockton_area = area("Stockton-on-Tees")
    assert re.search(
        rf'<option value="{stockton_area.pk}" selected>Stockton-on-Tees</option>', page
    )
    groups = re.findall(r'<optgroup label="([^"]+)">', page)
    assert groups == ["England", "Regions", "Local authorities"]
    regions = re.search(r'<optgroup label="Regions">(.*?)</optgroup>', page, re.S)[1]
    assert regions.count("<option") == 9
    local = re.search(r'<optgroup label="Local authorities">(.*?)</optgroup>', page, re.S)[1]
    # Current authorities only: Northamptonshire was abolished in 2021.
    assert ">Northamptonshire<" not in local
    assert ">North Northamptonshire<" in local
    assert "<select" in page and 'for="id_area"' in page
    assert "Financial year (April to March): for example 2023/24" in page
    assert "Maternal smoking at delivery (%)" in page  # the caption


def test_add_a_single_target(client_for, indicator):
    officer = client_for("officer")
    response = officer.post(url("target_create"), target_form())
    assert response.status_code == 302, summary(response)
    assert response["Location"] == url("indicator_detail") + "#targets"
    target = Target.objects.get()
    assert target.partnership.slug == STOCKTON
    assert target.indicator == indicator
    assert target.area.name == "Stockton-on-Tees"
    # The label is read with the indicator's period type and stored canonically.
    assert (target.period.period_type, target.period.label) == ("financial_year", "2024/25")
    assert (target.value, target.value_upper) == (12.5, None)
    assert target.set_by.username == "officer"
    assert target.reason == "Agreed by the Health and Wellbeing Board in March 2024."
    page = text(officer.get(response["Location"]))
    assert "Target added" in page
    row = targets_table(page)[0]
    assert row[:4] == ["Stockton-on-Tees", "2024/25", "12.5%", "Partnership officer"]
    assert row[5] == "Agreed by the Health and Wellbeing Board in March 2024."


def test_add_a_range_for_another_area(client_for, indicator):
    england = area("England")
    response = client_for("officer").post(
        url("target_create"),
        target_form(area=str(england.pk), period="2025/26", value="8", value_upper="10.25"),
    )
    assert response.status_code == 302, summary(response)
    target = Target.objects.get()
    assert (target.area, target.period.label, target.value, target.value_upper) == (
        england,
        "2025/26",
        8,
        10.25,
    )
    page = text(client_for("officer").get(url("indicator_detail")))
    assert targets_table(page)[0][:3] == ["England", "2025/26", "8% to 10.25%"]


def test_a_target_for_a_national_indicator(client_for, stockton):
    national = Indicator.objects.create(
        partnership=None,
        code="national-rate",
        name="A national rate",
        value_type="rate",
        multiplier=10000,
        period_type="calendar_year",
        unit="per 10,000",
    )
    response = client_for("officer").post(
        url("target_create", code="national-rate"),
        target_form(period="2024", value="1,250"),
    )
    # Commas between thousands are not read as numbers: the message says how to write it.
    assert response.status_code == 400
    assert field_errors(response, "value") == [
        "The target must be a number, for example 65 or 12.5"
    ]
    response = client_for("officer").post(
        url("target_create", code="national-rate"), target_form(period="2024", value="1250")
    )
    assert response.status_code == 302, summary(response)
    target = Target.objects.get(indicator=national)
    assert (target.partnership, target.period.period_type, target.period.label) == (
        stockton,
        "calendar_year",
        "2024",
    )
    page = text(client_for("anonymous").get(url("indicator_detail", code="national-rate")))
    assert targets_table(page)[0][:3] == ["Stockton-on-Tees", "2024", "1,250"]
    assert "Target (per 10,000)" in page


BAD = [
    ("missing-area", {"area": ""}, "area", "Choose the area the target is for"),
    ("unknown-area", {"area": "999999"}, "area", "Choose the area from the list"),
    ("missing-period", {"period": ""}, "period", "Enter the period the target is for"),
    (
        "not-a-financial-year",
        {"period": "2024/26"},
        "period",
        "“2024/26” is not a financial year. Write it like 2023/24, 2023-24, 202324 or 2024 "
        "(the year ending 31 March 2024).",
    ),
    (
        "a-month-for-a-financial-year",
        {"period": "April 2024"},
        "period",
        "“April 2024” is not a financial year.",
    ),
    ("missing-value", {"value": ""}, "value", "Enter the target, for example 65"),
    ("words-for-a-value", {"value": "ten"}, "value", "The target must be a number"),
    (
        "words-for-the-range",
        {"value_upper": "more"},
        "value_upper",
        "The end of the range must be a number, for example 70",
    ),
    (
        "range-backwards",
        {"value": "12", "value_upper": "10"},
        "value_upper",
        "The end of the range must be more than its start. For a single target, leave “To” empty.",
    ),
    (
        "range-of-one-value",
        {"value": "12", "value_upper": "12"},
        "value_upper",
        "The end of the range must be more than its start.",
    ),
    (
        "percentage-over-100",
        {"value": "120"},
        "value",
        "A percentage target must be from 0 to 100.",
    ),
    (
        "range-end-over-100",
        {"value": "90", "value_upper": "101"},
        "value_upper",
        "A percentage target must be from 0 to 100.",
    ),
    ("negative-percentage", {"value": "-1"}, "value", "A percentage target must be from 0 to 100."),
    (
        "missing-reason",
        {"reason": ""},
        "reason",
        "Say why this is the target: the evidence or the agreement behind it",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "field", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_adding_a_bad_target_is_refused(client_for, indicator, overrides, field, message):
    before = state()
    response = client_for("officer").post(url("target_create"), target_form(**overrides))
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "<title>Error: Add a target" in page
    links = summary(response)
    assert any(href == f"#id_{field}" and message in m for href, m in links), links
    assert any(message in m for m in field_errors(response, field)), field_errors(response, field)
    assert state() == before


def test_a_second_target_for_the_same_area_and_period_is_refused(client_for, stockton, indicator):
    add(stockton, indicator)
    before = state()
    response = client_for("officer").post(url("target_create"), target_form(period="202425"))
    assert response.status_code == 400
    assert summary(response) == [
        (
            "#id_period",
            "There is already a target for Stockton-on-Tees in 2024/25: change that one instead",
        )
    ]
    assert state() == before


def test_the_fraction_and_the_rate_bounds():
    assert (
        target_problems(value_type="proportion", multiplier=1, value=0.65, value_upper=None) == {}
    )
    assert target_problems(value_type="proportion", multiplier=1, value=65, value_upper=None) == {
        "value": ["A proportion target must be from 0 to 1 (a fraction: 0.65 for 65%)."]
    }
    assert target_problems(value_type="rate", multiplier=10000, value=-3, value_upper=None) == {
        "value": ["A crude rate target must be 0 or more."]
    }
    # Scores and means can be negative (a mean change, a net score).
    assert target_problems(value_type="score", multiplier=1, value=-3, value_upper=-1) == {}


def test_target_add_checks_the_same_rules_for_any_caller(stockton, indicator):
    before = state()
    with pytest.raises(ValidationError) as caught:
        add(stockton, indicator, period_label="2024/26", reason=" ")
    assert caught.value.message_dict == {
        "reason": ["Say why this is the target: the evidence or the agreement behind it"]
    }
    with pytest.raises(ValidationError) as caught:
        add(stockton, indicator, period_label="2024/26")
    assert caught.value.message_dict == {
        "period": [
            "“2024/26” is not a financial year. Write it like 2023/24, 2023-24, 202324 or 2024 "
            "(the year ending 31 March 2024)."
        ]
    }
    with pytest.raises(ValidationError) as caught:
        add(stockton, indicator, value=101, value_upper=99)
    assert caught.value.message_dict == {
        "value": ["A percentage target must be from 0 to 100."],
        "value_upper": [
            "The end of the range must be more than its start. For a single target, leave "
            "“To” empty."
        ],
    }
    assert state() == before


# Changing --------------------------------------------------------------------------------------


def test_change_a_target_into_a_range(client_for, stockton, indicator):
    target = add(stockton, indicator, by=None)
    officer = client_for("officer")
    edit = url("target_edit", target=target.pk)
    page = text(officer.get(edit))
    assert "Change the target for Stockton-on-Tees, 2024/25" in page
    assert 'name="value" value="12.5"' in page
    assert "Agreed by the board" in page
    assert 'name="area"' not in page  # the area and period name the target
    response = officer.post(
        edit, {"value": "11", "value_upper": "12", "reason": "Revised after the 2023 data."}
    )
    assert response.status_code == 302, summary(response)
    assert response["Location"] == url("indicator_detail") + "#targets"
    target.refresh_from_db()
    assert (target.value, target.value_upper, target.reason) == (
        11,
        12,
        "Revised after the 2023 data.",
    )
    assert target.set_by.username == "officer"
    assert Target.objects.count() == 1
    row = targets_table(text(officer.get(url("indicator_detail"))))[0]
    assert row[:4] == ["Stockton-on-Tees", "2024/25", "11% to 12%", "Partnership officer"]


def test_changing_a_target_checks_the_range(client_for, stockton, indicator):
    target = add(stockton, indicator)
    before = state()
    response = client_for("officer").post(
        url("target_edit", target=target.pk),
        {"value": "12", "value_upper": "11", "reason": "Swapped by mistake"},
    )
    assert response.status_code == 400
    assert summary(response) == [
        (
            "#id_value_upper",
            "The end of the range must be more than its start. For a single target, leave "
            "“To” empty.",
        )
    ]
    assert "<title>Error: Change the target for Stockton-on-Tees, 2024/25" in text(response)
    assert state() == before


def test_another_partnerships_target_is_not_found(client_for, stockton, indicator):
    kent_target = add(
        Partnership.objects.get(slug="kent"), indicator, area=area("Kent"), reason="Kent's"
    )
    officer = client_for("administrator")
    for name in ("target_edit", "target_delete", "target_history"):
        assert officer.get(url(name, target=kent_target.pk)).status_code == 404


def test_a_target_is_found_only_under_its_own_indicator(client_for, stockton, indicator):
    target = add(stockton, indicator)
    other = "tooth-decay-age-5"
    for name in ("target_edit", "target_delete", "target_history"):
        assert client_for("officer").get(url(name, code=other, target=target.pk)).status_code == 404


# Deleting and the history ----------------------------------------------------------------------


def test_delete_a_target_and_keep_its_history(client_for, stockton, indicator):
    target = add(stockton, indicator)
    officer = client_for("officer")
    delete = url("target_delete", target=target.pk)
    page = text(officer.get(delete))
    assert "Delete the target for Stockton-on-Tees, 2024/25?" in page
    assert "Its history keeps what it was" in page
    response = officer.post(delete)
    assert response.status_code == 302
    assert response["Location"] == url("indicator_detail") + "#targets"
    assert not Target.objects.exists()
    deleted = Target.history.filter(id=target.pk, history_type="-").get()
    assert deleted.history_user.username == "officer"
    assert "Target deleted" in text(officer.get(response["Location"]))


def test_deleting_a_target_recomputes_its_indicators_assessments(
    stockton, indicator, django_capture_on_commit_callbacks
):
    target = add(stockton, indicator)
    with django_capture_on_commit_callbacks() as callbacks:
        services.target_delete(target=target, by=None)
    assert len(recomputations(callbacks)) == 1


def test_a_targets_history_shows_who_changed_what(client_for, stockton, indicator):
    target = add(stockton, indicator)
    officer = client_for("officer")
    officer.post(
        url("target_edit", target=target.pk),
        {"value": "10", "value_upper": "", "reason": "Lowered after consultation"},
    )
    history = text(client_for("board").get(url("target_history", target=target.pk)))
    assert "Changes to the target for Stockton-on-Tees, 2024/25" in history
    assert "Created – Target: 12.5" in history
    assert "Changed – Target: 10" in history
    assert history.count("by Partnership officer") == 2
    assert re.search(r"<th[^>]*>Value</th>\s*<td[^>]*>12.5</td>\s*<td[^>]*>10.0</td>", history)
    assert re.search(
        r"<th[^>]*>Reason</th>\s*<td[^>]*>Agreed by the board</td>\s*"
        r"<td[^>]*>Lowered after consultation</td>",
        history,
    )
    page = text(officer.get(url("indicator_detail")))
    assert url("target_history", target=target.pk) in page


# Who may do what -------------------------------------------------------------------------------

CHANGERS = {"officer": True, "administrator": True}
ROLES = ["anonymous", "administrator", "officer", "governance", "contributor", "board"]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_change_and_delete_targets(client_for, stockton, indicator, role):
    target = add(stockton, indicator, period_label="2023/24")
    client = client_for(role)
    allowed = role in CHANGERS
    refused = 302 if role == "anonymous" else 403
    pages = {
        "create": (url("target_create"), target_form()),
        "edit": (
            url("target_edit", target=target.pk),
            {"value": "5", "value_upper": "", "reason": "Hijacked"},
        ),
        "delete": (url("target_delete", target=target.pk), {}),
    }
    for name, (address, data) in pages.items():
        got = client.get(address)
        assert got.status_code == (200 if allowed else refused), (name, got.status_code)
        if not allowed:
            before = state()
            response = client.post(address, data)
            assert response.status_code == refused, name
            if role == "anonymous":
                assert response["Location"].startswith("/account/sign-in/?next=")
            assert state() == before, name
    if allowed:
        assert client.post(*pages["create"]).status_code == 302
        assert client.post(*pages["edit"]).status_code == 302
        assert Target.objects.get(pk=target.pk).value == 5
        assert client.post(*pages["delete"]).status_code == 302
        assert not Target.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_who_may_see_a_targets_history(client_for, stockton, indicator, role):
    target = add(stockton, indicator)
    response = client_for(role).get(url("target_history", target=target.pk))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/account/sign-in/?next=")
    else:
        assert response.status_code == 200
