"""The indicator store's models, querysets and services: one current value per key (a partial
unique index), value-or-reason, periods by label, targets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnership.areas.models import Area
from partnership.indicators.models import Indicator, Period, Target, Value
from partnership.indicators.services import period_for_label, target_set
from partnership.web.models import Partnership, User


@pytest.fixture
def store(db):
    indicator = Indicator.objects.create(
        code="lac-test", name="Children looked after", lait_code="LACT", period_type="calendar_year"
    )
    period = period_for_label(period_type="calendar_year", label="2024")
    trafford = Area.objects.get(code="E08000009")
    return indicator, period, trafford


def test_existing_indicators_get_defaults_for_the_new_fields(db):
    indicator = Indicator.objects.create(code="plain", name="Plain")
    indicator.full_clean()
    assert (indicator.value_type, indicator.multiplier) == ("other", 1)
    assert (indicator.period_type, indicator.interval_method) == ("financial_year", "none")
    assert (indicator.decimal_places, indicator.quartiles_meaningful) == (1, True)
    assert indicator.lait_code == ""


def test_only_one_current_value_per_indicator_area_period_and_breakdown(store):
    indicator, period, trafford = store
    first = Value.objects.create(indicator=indicator, area=trafford, period=period, value=1)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Value.objects.create(indicator=indicator, area=trafford, period=period, value=2)
    # A superseded row is history: any number may share the key.
    Value.objects.filter(pk=first.pk).update(is_current=False)
    second = Value.objects.create(indicator=indicator, area=trafford, period=period, value=2)
    Value.objects.filter(pk=first.pk).update(superseded_by=second)
    Value.objects.create(
        indicator=indicator, area=trafford, period=period, breakdown="sex=female", value=3
    )
    assert Value.objects.for_area(trafford).current().count() == 2
    assert Value.objects.for_area(trafford).current().overall().get() == second
    assert list(second.supersedes.all()) == [Value.objects.get(pk=first.pk)]


@pytest.mark.parametrize(
    ("value", "reason"),
    [(None, ""), (1.0, "c")],
)
def test_a_value_has_a_number_or_a_reason_for_missing_one(store, value, reason):
    indicator, period, trafford = store
    with transaction.atomic(), pytest.raises(IntegrityError):
        Value.objects.create(
            indicator=indicator, area=trafford, period=period, value=value, missing_reason=reason
        )


def test_value_querysets(store):
    indicator, period, trafford = store
    later = period_for_label(period_type="calendar_year", label="2025")
    england = Area.objects.get(code="E92000001")
    Value.objects.create(indicator=indicator, area=trafford, period=later, value=2)
    Value.objects.create(indicator=indicator, area=trafford, period=period, value=1)
    Value.objects.create(indicator=indicator, area=england, period=period, value=5)
    series = Value.objects.for_indicator(indicator).for_area(trafford).current().chronological()
    assert [v.period.label for v in series] == ["2024", "2025"]
    assert Value.objects.for_period(period).count() == 2


def test_periods_are_found_by_any_spelling_of_their_label(db):
    first = period_for_label(period_type="financial_year", label="2023-24")
    assert (first.label, first.start_date, first.end_date) == (
        "2023/24",
        dt.date(2023, 4, 1),
        dt.date(2024, 3, 31),
    )
    assert period_for_label(period_type="financial_year", label="202324") == first
    assert Period.objects.filter(label="2023/24").count() == 1
    with pytest.raises(ValidationError) as caught:
        period_for_label(period_type="financial_year", label="2023/25")
    assert caught.value.message_dict["label"] == [
        "“2023/25” is not a financial year. Write it like 2023/24, 2023-24, 202324 or 2024 "
        "(the year ending 31 March 2024)."
    ]


def test_periods_sort_by_date(db):
    labels = ["2025", "2023", "2024"]
    for label in labels:
        period_for_label(period_type="calendar_year", label=label)
    assert [p.label for p in Period.objects.chronological()] == ["2023", "2024", "2025"]


def test_a_target_is_a_value_or_a_range_and_keeps_its_history(store):
    indicator, period, trafford = store
    officer = User.objects.get(username="officer")
    partnership = Partnership.objects.get(slug="stockton-on-tees")
    target = target_set(
        partnership=partnership,
        indicator=indicator,
        area=trafford,
        period=period,
        value=55,
        reason="Plan",
        by=officer,
    )
    assert str(target) == "55" and target.set_by == officer
    changed = target_set(
        partnership=partnership,
        indicator=indicator,
        area=trafford,
        period=period,
        value=50,
        value_upper=55,
        reason="Agreed range",
        by=officer,
    )
    assert changed.pk == target.pk and str(changed) == "50 to 55"
    assert Target.objects.count() == 1
    assert changed.history.count() == 2
    with pytest.raises(ValidationError) as caught:
        target_set(
            partnership=partnership,
            indicator=indicator,
            area=trafford,
            period=period,
            value=50,
            value_upper=40,
            by=None,
        )
    assert caught.value.message_dict == {
        "value_upper": ["The top of the range must not be below its bottom."]
    }
