"""The indicator catalogue form: every field, the consistency rules between them (in the form and
in the services behind it), and the indicator page's summary list."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partnership.indicators import services
from partnership.indicators.catalogue import catalogue_problems
from partnership.indicators.models import Indicator
from partnership.web.datastamp import new_stamp
from partnership.web.models import Partnership, User

STOCKTON = "stockton-on-tees"
CREATE = reverse("indicators:indicator_create", kwargs={"partnership": STOCKTON})
EDITED = "tooth-decay-age-5"  # one of Stockton's own indicators, from the demo plan


def recomputations(callbacks: list) -> list:
    """The commit callbacks other than the data stamp's (every write changes it)."""
    return [callback for callback in callbacks if callback is not new_stamp]


def url(name: str, code: str) -> str:
    return reverse(
        "performance:indicator" if name == "indicator_detail" else f"indicators:{name}",
        kwargs={"partnership": STOCKTON, "code": code},
    )


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def summary(response) -> list[tuple[str, str]]:
    """The error summary's links: (where each points, its message)."""
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    assert match, "no error summary on the page"
    return [
        (href, htmllib.unescape(message.strip()))
        for href, message in re.findall(r'<a href="([^"]*)">(.*?)</a>', match[1], re.S)
    ]


def field_errors(response, field: str) -> list[str]:
    """The messages shown beside ``field`` itself."""
    found = re.findall(
        rf'id="id_{field}_\d+_error" class="govuk-error-message">\s*'
        r'<span class="govuk-visually-hidden">Error:</span>(.*?)</span>',
        response.content.decode(),
        re.S,
    )
    return [htmllib.unescape(m.strip()) for m in found]


def form(**overrides: str) -> dict[str, str]:
    """A complete, consistent catalogue entry: a percentage with Wilson intervals."""
    data = {
        "name": "School readiness",
        "code": "school-readiness",
        "description": "Children achieving a good level of development at the end of Reception.",
        "unit": "%",
        "value_type": "percentage",
        "multiplier": "100",
        "decimal_places": "1",
        "polarity": "high",
        "period_type": "academic_year",
        "interval_method": "wilson",
        "quartiles_meaningful": "yes",
        "rating_rule": "quartile",
        "source": "Department for Education",
        "owner": "DfE early years statistics team",
        "methodology": "Pupils reaching the expected level in the prime and specific areas.",
    }
    data.update(overrides)
    return data


def catalogue_state() -> tuple:
    return (
        Indicator.objects.count(),
        Indicator.history.count(),
        list(Indicator.objects.filter(code=EDITED).values()),
    )


# Creating with every field ---------------------------------------------------------------------


def test_create_an_indicator_with_every_catalogue_field(client_for):
    officer = client_for("officer")
    response = officer.post(CREATE, form())
    assert response.status_code == 302, summary(response)
    indicator = Indicator.objects.get(partnership__slug=STOCKTON, code="school-readiness")
    assert indicator.name == "School readiness"
    assert indicator.description.startswith("Children achieving a good level")
    assert (indicator.value_type, indicator.multiplier, indicator.decimal_places) == (
        "percentage",
        100,
        1,
    )
    assert (indicator.polarity, indicator.period_type, indicator.interval_method) == (
        "high",
        "academic_year",
        "wilson",
    )
    assert indicator.quartiles_meaningful is True
    assert indicator.rating_rule == "quartile"
    assert indicator.source == "Department for Education"
    assert indicator.owner == "DfE early years statistics team"
    assert indicator.methodology.startswith("Pupils reaching")
    assert indicator.history.get().history_user.username == "officer"


def test_the_add_form_starts_from_the_catalogue_defaults_but_asks_for_type_and_rating(client_for):
    page = text(client_for("officer").get(CREATE))

    def checked(field: str) -> list[str]:
        return re.findall(rf'name="{field}"[^>]*value="([^"]*)"\s*checked', page, re.S)

    assert checked("multiplier") == ["1"]
    assert checked("period_type") == ["financial_year"]
    assert checked("interval_method") == ["none"]
    assert checked("quartiles_meaningful") == ["yes"]
    assert checked("polarity") == ["none"]
    assert checked("value_type") == []
    assert checked("rating_rule") == []
    assert re.search(r'name="decimal_places"[^>]*value="1"', page)
    # Decimal places is a short numeric text box, not <input type=number>.
    assert re.search(r'<input type="text" name="decimal_places"[^>]*inputmode="numeric"', page)
    # Each period type shows how its labels are written.
    assert "For example 2023/24, 2023-24, 202324 or 2024 (the year ending 31 March 2024)" in page


VALID = [
    (
        "crude-rate-byar-neighbours",
        {
            "value_type": "rate",
            "multiplier": "10000",
            "interval_method": "byar",
            "polarity": "low",
            "rating_rule": "neighbours",
        },
    ),
    (
        "rate-exact-poisson-region",
        {
            "value_type": "rate",
            "multiplier": "1000",
            "interval_method": "exact_poisson",
            "rating_rule": "region",
        },
    ),
    (
        "dsr-dobson",
        {"value_type": "dsr", "multiplier": "100000", "interval_method": "dobson"},
    ),
    (
        "mean-t-target-without-polarity",
        {
            "value_type": "mean",
            "multiplier": "1",
            "interval_method": "t",
            "polarity": "none",
            "rating_rule": "target",
        },
    ),
    (
        "count-not-rated",
        {
            "value_type": "count",
            "multiplier": "1",
            "interval_method": "none",
            "polarity": "none",
            "rating_rule": "none",
            "decimal_places": "0",
        },
    ),
    (
        "proportion-as-a-fraction",
        {"value_type": "proportion", "multiplier": "1", "decimal_places": "6"},
    ),
    ("proportion-per-cent", {"value_type": "proportion", "multiplier": "100"}),
    (
        "score-no-quartiles-england",
        {
            "value_type": "score",
            "multiplier": "1",
            "interval_method": "none",
            "quartiles_meaningful": "no",
            "rating_rule": "england",
        },
    ),
    (
        "other-any-multiplier",
        {"value_type": "other", "multiplier": "1000", "interval_method": "none"},
    ),
]


@pytest.mark.parametrize("overrides", [v[1] for v in VALID], ids=[v[0] for v in VALID])
def test_consistent_entries_are_accepted(client_for, overrides):
    response = client_for("officer").post(CREATE, form(**overrides))
    assert response.status_code == 302, summary(response)
    indicator = Indicator.objects.get(partnership__slug=STOCKTON, code="school-readiness")
    expected = form(**overrides)
    assert indicator.value_type == expected["value_type"]
    assert indicator.multiplier == int(expected["multiplier"])
    assert indicator.interval_method == expected["interval_method"]
    assert indicator.rating_rule == expected["rating_rule"]
    assert indicator.decimal_places == int(expected["decimal_places"])
    assert indicator.quartiles_meaningful is (expected["quartiles_meaningful"] == "yes")


# Refused entries: each rule, its message, where it is shown ------------------------------------

BAD = [
    # field-by-field
    ("missing-value-type", {"value_type": ""}, "value_type", "Choose the value type"),
    (
        "unknown-value-type",
        {"value_type": "ratio"},
        "value_type",
        "Choose the value type from the list",
    ),
    ("missing-multiplier", {"multiplier": ""}, "multiplier", "Choose the multiplier"),
    (
        "unknown-multiplier",
        {"multiplier": "50"},
        "multiplier",
        "Choose the multiplier from the list",
    ),
    ("missing-period-type", {"period_type": ""}, "period_type", "Choose the period type"),
    (
        "missing-interval-method",
        {"interval_method": ""},
        "interval_method",
        "Choose how confidence intervals are worked out",
    ),
    (
        "missing-quartiles",
        {"quartiles_meaningful": ""},
        "quartiles_meaningful",
        "Say whether local authorities can be ranked into quartiles",
    ),
    (
        "missing-rating",
        {"rating_rule": ""},
        "rating_rule",
        "Choose what decides the overall rating",
    ),
    (
        "missing-decimal-places",
        {"decimal_places": ""},
        "decimal_places",
        "Enter the number of decimal places, from 0 to 6",
    ),
    (
        "seven-decimal-places",
        {"decimal_places": "7"},
        "decimal_places",
        "Decimal places must be a whole number from 0 to 6",
    ),
    (
        "negative-decimal-places",
        {"decimal_places": "-1"},
        "decimal_places",
        "Decimal places must be a whole number from 0 to 6",
    ),
    (
        "decimal-places-in-words",
        {"decimal_places": "two"},
        "decimal_places",
        "Decimal places must be a whole number from 0 to 6",
    ),
    ("long-source", {"source": "x" * 301}, "source", "Source must be 300 characters or fewer"),
    ("long-owner", {"owner": "x" * 301}, "owner", "Data owner must be 300 characters or fewer"),
    # multipliers
    (
        "percentage-not-per-cent",
        {"multiplier": "1"},
        "multiplier",
        "A percentage has a multiplier of 100: choose “100 (per cent)”.",
    ),
    (
        "rate-per-hundred",
        {"value_type": "rate", "multiplier": "100", "interval_method": "byar"},
        "multiplier",
        "A rate is per 1,000, per 10,000 or per 100,000: choose one of those multipliers.",
    ),
    (
        "dsr-not-multiplied",
        {"value_type": "dsr", "multiplier": "1", "interval_method": "dobson"},
        "multiplier",
        "A directly standardised rate is per 1,000, per 10,000 or per 100,000",
    ),
    (
        "count-multiplied",
        {"value_type": "count", "multiplier": "100", "interval_method": "none"},
        "multiplier",
        "A count is not multiplied: choose “1 (as it is)”.",
    ),
    (
        "mean-multiplied",
        {"value_type": "mean", "multiplier": "1000", "interval_method": "t"},
        "multiplier",
        "A mean is not multiplied",
    ),
    (
        "score-multiplied",
        {"value_type": "score", "multiplier": "100", "interval_method": "none"},
        "multiplier",
        "A score is not multiplied",
    ),
    (
        "proportion-per-thousand",
        {"value_type": "proportion", "multiplier": "1000"},
        "multiplier",
        "A proportion has a multiplier of 1 (a fraction such as 0.65) or 100 (per cent).",
    ),
    # interval methods
    (
        "wilson-for-a-rate",
        {"value_type": "rate", "multiplier": "10000", "interval_method": "wilson"},
        "interval_method",
        "Wilson score intervals are only for a percentage or a proportion: choose another "
        "method, or “None”.",
    ),
    (
        "wilson-for-a-count",
        {"value_type": "count", "multiplier": "1", "interval_method": "wilson"},
        "interval_method",
        "Wilson score intervals are only for a percentage or a proportion",
    ),
    (
        "byar-for-a-percentage",
        {"interval_method": "byar"},
        "interval_method",
        "Byar's intervals are only for a crude rate",
    ),
    (
        "exact-poisson-for-a-dsr",
        {"value_type": "dsr", "multiplier": "100000", "interval_method": "exact_poisson"},
        "interval_method",
        "Exact Poisson intervals are only for a crude rate",
    ),
    (
        "dobson-for-a-crude-rate",
        {"value_type": "rate", "multiplier": "10000", "interval_method": "dobson"},
        "interval_method",
        "Dobson's method is only for a directly standardised rate",
    ),
    (
        "t-for-a-percentage",
        {"interval_method": "t"},
        "interval_method",
        "Student's t intervals are only for a mean",
    ),
    # ratings
    (
        "quartiles-not-meaningful",
        {"rating_rule": "quartile", "quartiles_meaningful": "no"},
        "rating_rule",
        "A quartile band rating needs quartiles that are meaningful: say that they are, or "
        "choose another rating.",
    ),
    (
        "quartile-band-without-polarity",
        {"rating_rule": "quartile", "polarity": "none"},
        "rating_rule",
        "A rating “Quartile band among local authorities” needs to know which direction is "
        "better: choose higher or lower is better, or rate the indicator against its target or "
        "not at all.",
    ),
    (
        "england-without-polarity",
        {"rating_rule": "england", "polarity": "none"},
        "rating_rule",
        "A rating “Compared with England” needs to know which direction is better",
    ),
    (
        "region-without-polarity",
        {"rating_rule": "region", "polarity": "none"},
        "rating_rule",
        "A rating “Compared with the region” needs to know which direction is better",
    ),
    (
        "neighbours-without-polarity",
        {"rating_rule": "neighbours", "polarity": "none"},
        "rating_rule",
        "A rating “Compared with the statistical-neighbour average” needs to know which "
        "direction is better",
    ),
]


def _first_option(field: str) -> str:
    # The error summary points radios at their first option, text boxes at themselves.
    text_fields = {"decimal_places", "source", "owner"}
    return f"#id_{field}" if field in text_fields else f"#id_{field}_1"


@pytest.mark.parametrize(
    ("overrides", "field", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_adding_an_inconsistent_indicator_is_refused(client_for, overrides, field, message):
    before = catalogue_state()
    response = client_for("officer").post(CREATE, form(**overrides))
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "<title>Error: Add an indicator" in page
    links = summary(response)
    assert any(href == _first_option(field) and message in m for href, m in links), links
    assert any(message in m for m in field_errors(response, field)), field_errors(response, field)
    assert catalogue_state() == before


@pytest.mark.parametrize(
    ("overrides", "field", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_changing_an_indicator_to_an_inconsistent_entry_is_refused(
    client_for, overrides, field, message
):
    before = catalogue_state()
    response = client_for("officer").post(
        url("indicator_edit", EDITED), form(code=EDITED, **overrides)
    )
    assert response.status_code == 400
    assert any(message in m for _, m in summary(response)), summary(response)
    assert catalogue_state() == before


def test_every_problem_is_shown_at_once(client_for):
    response = client_for("officer").post(
        CREATE,
        form(
            value_type="rate",
            multiplier="100",
            interval_method="wilson",
            polarity="none",
            rating_rule="england",
            name="",
        ),
    )
    assert response.status_code == 400
    messages = [m for _, m in summary(response)]
    assert messages == [
        "Enter the indicator's name",
        "A rate is per 1,000, per 10,000 or per 100,000: choose one of those multipliers.",
        "Wilson score intervals are only for a percentage or a proportion: choose another "
        "method, or “None”.",
        "A rating “Compared with England” needs to know which direction is better: choose higher "
        "or lower is better, or rate the indicator against its target or not at all.",
    ]


# Editing ---------------------------------------------------------------------------------------


def test_the_edit_form_shows_the_current_entry(client_for):
    indicator = Indicator.objects.get(partnership__slug=STOCKTON, code=EDITED)
    services.indicator_update(
        indicator=indicator,
        by=None,
        **{**form(code=EDITED), **TYPED, "quartiles_meaningful": False, "rating_rule": "region"},
    )
    page = text(client_for("officer").get(url("indicator_edit", EDITED)))
    for field, value in [
        ("value_type", "percentage"),
        ("multiplier", "100"),
        ("period_type", "academic_year"),
        ("interval_method", "wilson"),
        ("quartiles_meaningful", "no"),
        ("rating_rule", "region"),
        ("polarity", "high"),
    ]:
        assert re.search(rf'name="{field}"[^>]*value="{value}"\s*checked', page, re.S), field
    assert 'value="Department for Education"' in page
    assert "Pupils reaching the expected level" in page


# The services' own keyword arguments, typed as the form would clean them.
TYPED = {"multiplier": 100, "decimal_places": 1, "quartiles_meaningful": True}


def test_edit_every_field_and_see_it_in_the_history(client_for):
    officer = client_for("officer")
    response = officer.post(url("indicator_edit", EDITED), form(code=EDITED))
    assert response.status_code == 302, summary(response)
    indicator = Indicator.objects.get(partnership__slug=STOCKTON, code=EDITED)
    assert (indicator.value_type, indicator.interval_method, indicator.rating_rule) == (
        "percentage",
        "wilson",
        "quartile",
    )
    history = text(officer.get(url("indicator_history", EDITED)))
    assert re.search(
        r"<th[^>]*>Value type</th>\s*<td[^>]*>Other</td>\s*<td[^>]*>Percentage</td>", history
    )
    assert re.search(
        r"<th[^>]*>Interval method</th>\s*<td[^>]*>None</td>\s*"
        r"<td[^>]*>Wilson score \(proportions\)</td>",
        history,
    )


def test_the_period_type_is_fixed_once_there_are_targets(client_for):
    from partnership.areas.models import Area

    indicator = Indicator.objects.get(partnership__slug=STOCKTON, code=EDITED)
    stockton = Partnership.objects.get(slug=STOCKTON)
    services.target_add(
        partnership=stockton,
        indicator=indicator,
        area=Area.objects.get(name="Stockton-on-Tees"),
        period_label="2017/18",
        value=1.2,
        reason="Board agreement",
        by=None,
    )
    before = catalogue_state()
    response = client_for("officer").post(
        url("indicator_edit", EDITED),
        form(
            code=EDITED,
            value_type="mean",
            multiplier="1",
            interval_method="t",
            period_type="calendar_year",
        ),
    )
    assert response.status_code == 400
    assert summary(response) == [
        (
            "#id_period_type_1",
            "The period type cannot change: this indicator already has 1 target for financial "
            "year periods. Add a new indicator for the new period type instead.",
        )
    ]
    assert catalogue_state() == before
    # Keeping the period type, everything else may change.
    response = client_for("officer").post(
        url("indicator_edit", EDITED),
        form(
            code=EDITED,
            value_type="mean",
            multiplier="1",
            interval_method="t",
            period_type="financial_year",
        ),
    )
    assert response.status_code == 302, summary(response)


def test_national_indicators_stay_read_only(client_for):
    Indicator.objects.create(partnership=None, code="national-one", name="A national indicator")
    officer = client_for("officer")
    page = text(officer.get(url("indicator_detail", "national-one")))
    assert "National catalogue" in page
    assert ">Change<" not in page
    assert officer.get(url("indicator_edit", "national-one")).status_code == 404
    before = Indicator.history.count()
    response = officer.post(url("indicator_edit", "national-one"), form(code="national-one"))
    assert response.status_code == 404
    assert Indicator.history.count() == before


# The services apply the same rules, whoever calls them ----------------------------------------


def test_indicator_create_refuses_an_inconsistent_entry_from_any_caller(demo):
    stockton = Partnership.objects.get(slug=STOCKTON)
    before = Indicator.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.indicator_create(
            partnership=stockton,
            by=None,
            code="api-made",
            name="Made by a script",
            polarity="none",
            rating_rule="quartile",
            value_type="rate",
            multiplier=100,
            interval_method="t",
            quartiles_meaningful=False,
            decimal_places=9,
        )
    assert caught.value.message_dict == {
        "multiplier": [
            "A rate is per 1,000, per 10,000 or per 100,000: choose one of those multipliers."
        ],
        "interval_method": [
            "Student's t intervals are only for a mean: choose another method, or “None”."
        ],
        "rating_rule": [
            "A rating “Quartile band among local authorities” needs to know which direction is "
            "better: choose higher or lower is better, or rate the indicator against its target "
            "or not at all.",
            "A quartile band rating needs quartiles that are meaningful: say that they are, or "
            "choose another rating.",
        ],
        "decimal_places": ["Decimal places must be a whole number from 0 to 6."],
    }
    assert Indicator.objects.count() == before


def test_indicator_create_names_unknown_choices(demo):
    stockton = Partnership.objects.get(slug=STOCKTON)
    with pytest.raises(ValidationError) as caught:
        services.indicator_create(
            partnership=stockton,
            by=None,
            code="api-made",
            name="Made by a script",
            polarity="up",
            rating_rule="none",
            value_type="ratio",
            multiplier=7,
        )
    assert caught.value.message_dict == {
        "value_type": [
            "“ratio” is not a value type: use one of count, percentage, proportion, rate, dsr, "
            "mean, score, other."
        ],
        "polarity": ["“up” is not a polarity: use one of high, low, none."],
        "multiplier": ["“7” is not a multiplier: use 1, 100, 1,000, 10,000 or 100,000."],
    }


def test_indicator_create_refuses_a_code_already_in_use(demo):
    stockton = Partnership.objects.get(slug=STOCKTON)
    with pytest.raises(ValidationError) as caught:
        services.indicator_create(
            partnership=stockton,
            by=None,
            code=EDITED,
            name="Again",
            polarity="none",
            rating_rule="none",
        )
    assert caught.value.message_dict == {
        "code": ["Another indicator already uses this code; choose a different one"]
    }


def test_indicator_update_refuses_an_inconsistent_entry(demo):
    indicator = Indicator.objects.get(partnership__slug=STOCKTON, code=EDITED)
    before = catalogue_state()
    fields = {**form(code=EDITED), **TYPED, "value_type": "dsr", "multiplier": 100000}
    with pytest.raises(ValidationError) as caught:
        services.indicator_update(indicator=indicator, by=None, **fields)
    assert caught.value.message_dict == {
        "interval_method": [
            "Wilson score intervals are only for a percentage or a proportion: choose another "
            "method, or “None”."
        ]
    }
    assert catalogue_state() == before


def test_catalogue_problems_are_empty_for_a_consistent_entry():
    assert (
        catalogue_problems(
            value_type="dsr",
            multiplier=100000,
            polarity="low",
            interval_method="dobson",
            rating_rule="england",
            quartiles_meaningful=True,
            decimal_places=1,
        )
        == {}
    )


# The indicator page ----------------------------------------------------------------------------


def _summary_list(page: str) -> dict[str, tuple[str, str]]:
    """Each summary-list key -> (its value as text, its Change link or "")."""
    rows = {}
    for row in re.findall(r'<div class="govuk-summary-list__row[^"]*">(.*?)</div>', page, re.S):
        key = re.search(r'<dt class="govuk-summary-list__key">(.*?)</dt>', row, re.S)[1].strip()
        value = re.search(r'<dd class="govuk-summary-list__value">(.*?)</dd>', row, re.S)[1]
        change = re.search(
            r'govuk-summary-list__actions"><a class="govuk-link" href="([^"]*)"', row
        )
        rows[key] = (re.sub(r"<[^>]+>", "", value).strip(), change[1] if change else "")
    return rows


def test_the_page_shows_every_catalogue_field_with_change_links_for_officers(client_for):
    officer = client_for("officer")
    officer.post(CREATE, form())
    rows = _summary_list(text(officer.get(url("indicator_detail", "school-readiness"))))
    edit = url("indicator_edit", "school-readiness")
    assert rows == {
        "Name": ("School readiness", f"{edit}#id_name"),
        "Code": ("school-readiness", f"{edit}#id_code"),
        "Definition": (
            "Children achieving a good level of development at the end of Reception.",
            f"{edit}#id_description",
        ),
        "Unit": ("%", f"{edit}#id_unit"),
        "Value type": ("Percentage", f"{edit}#id_value_type_1"),
        "Multiplier": ("100 (per cent)", f"{edit}#id_multiplier_1"),
        "Decimal places": ("1", f"{edit}#id_decimal_places"),
        "Which direction is better": ("Higher is better", f"{edit}#id_polarity_1"),
        "Period type": ("Academic year (September to August)", f"{edit}#id_period_type_1"),
        "Confidence intervals": ("Wilson score (proportions)", f"{edit}#id_interval_method_1"),
        "Quartiles among local authorities": ("Meaningful", f"{edit}#id_quartiles_meaningful_1"),
        "Overall rating": ("Quartile band among local authorities", f"{edit}#id_rating_rule_1"),
        "Source": ("Department for Education", f"{edit}#id_source"),
        "Data owner": ("DfE early years statistics team", f"{edit}#id_owner"),
        "Methodology": (
            "Pupils reaching the expected level in the prime and specific areas.",
            f"{edit}#id_methodology",
        ),
        "Catalogue": (
            "Stockton-on-Tees Children and Young People's Partnership's own indicator",
            "",
        ),
    }


@pytest.mark.parametrize("role", ["anonymous", "board", "governance", "contributor"])
def test_readers_see_every_field_but_no_change_links(client_for, role):
    client_for("officer").post(CREATE, form())
    page = text(client_for(role).get(url("indicator_detail", "school-readiness")))
    rows = _summary_list(page)
    assert rows["Overall rating"] == ("Quartile band among local authorities", "")
    assert all(change == "" for _, change in rows.values())
    assert "Edit indicator" not in page


def test_national_codes_are_shown_where_an_indicator_has_them(client_for):
    Indicator.objects.create(
        partnership=None,
        code="national-one",
        name="A national one",
        lait_code="LAC",
        fingertips_id=90284,
    )
    rows = _summary_list(text(client_for("anonymous").get(url("indicator_detail", "national-one"))))
    assert rows["LAIT code"] == ("LAC", "")
    assert rows["Fingertips indicator ID"] == ("90284", "")
    assert rows["Catalogue"] == ("National catalogue", "")


@pytest.mark.parametrize("role", ["governance", "contributor", "board", "anonymous"])
def test_only_catalogue_managers_may_add_or_change(client_for, role):
    before = catalogue_state()
    client = client_for(role)
    for target in (CREATE, url("indicator_edit", EDITED)):
        expected = 302 if role == "anonymous" else 403
        assert client.get(target).status_code == expected
        response = client.post(
            target, form(code=EDITED if "edit" in target else "school-readiness")
        )
        assert response.status_code == expected
        if role == "anonymous":
            assert response["Location"].startswith("/account/sign-in/")
    assert catalogue_state() == before


def test_the_administrator_may_add_an_indicator(client_for):
    response = client_for("administrator").post(CREATE, form())
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="school-readiness")
    assert indicator.history.get().history_user == User.objects.get(username="admin")


def test_changing_how_an_indicator_is_judged_recomputes_its_assessments(
    demo, django_capture_on_commit_callbacks
):
    indicator = Indicator.objects.get(partnership__slug=STOCKTON, code=EDITED)
    fields = {**form(code=EDITED), **TYPED}
    with django_capture_on_commit_callbacks() as callbacks:
        services.indicator_update(indicator=indicator, by=None, **fields)
    assert len(recomputations(callbacks)) == 1  # value type, intervals, rating: all changed
    with django_capture_on_commit_callbacks() as callbacks:
        services.indicator_update(
            indicator=indicator, by=None, **{**fields, "name": "Renamed", "source": "OHID"}
        )
    assert recomputations(callbacks) == []  # words only: nothing to recompute
