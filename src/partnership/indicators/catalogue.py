"""The rules that keep an indicator's catalogue entry, and its targets, consistent.

An analyst reads a catalogue entry as a whole: a percentage is multiplied by 100, a Wilson interval
only makes sense for a proportion, a rating against England needs to know which direction is
better. These rules live here, in one place, as pure functions (no database), so the indicator
form, the services behind it and any importer or API that writes the catalogue all apply the same
rules and give the same messages.

Each function returns problems keyed by the field to blame, in plain English, ready for
``ValidationError(problems)``; ``check_*`` raise it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from .models import IntervalMethod, Multiplier, Polarity, RatingRule, ValueType

MAX_DECIMAL_PLACES = 6
RATE_MULTIPLIERS = frozenset(
    {Multiplier.THOUSAND, Multiplier.TEN_THOUSAND, Multiplier.HUNDRED_THOUSAND}
)

# What each value type may be multiplied by; "other" is anything the catalogue offers.
ALLOWED_MULTIPLIERS: dict[str, frozenset[int]] = {
    ValueType.COUNT: frozenset({Multiplier.ONE}),
    ValueType.PERCENTAGE: frozenset({Multiplier.HUNDRED}),
    ValueType.PROPORTION: frozenset({Multiplier.ONE, Multiplier.HUNDRED}),
    ValueType.RATE: RATE_MULTIPLIERS,
    ValueType.DSR: RATE_MULTIPLIERS,
    ValueType.MEAN: frozenset({Multiplier.ONE}),
    ValueType.SCORE: frozenset({Multiplier.ONE}),
    ValueType.OTHER: frozenset(Multiplier.values),
}

MULTIPLIER_RULE: dict[str, str] = {
    ValueType.COUNT: "A count is not multiplied: choose “1 (as it is)”.",
    ValueType.PERCENTAGE: "A percentage has a multiplier of 100: choose “100 (per cent)”.",
    ValueType.PROPORTION: "A proportion has a multiplier of 1 (a fraction such as 0.65) or 100 "
    "(per cent).",
    ValueType.RATE: "A rate is per 1,000, per 10,000 or per 100,000: choose one of those "
    "multipliers.",
    ValueType.DSR: "A directly standardised rate is per 1,000, per 10,000 or per 100,000: choose "
    "one of those multipliers.",
    ValueType.MEAN: "A mean is not multiplied: choose “1 (as it is)”.",
    ValueType.SCORE: "A score is not multiplied: choose “1 (as it is)”.",
}

# Which value types each interval method is worked out for (docs/statistics.md).
INTERVAL_TYPES: dict[str, tuple[frozenset[str], str]] = {
    IntervalMethod.WILSON: (
        frozenset({ValueType.PERCENTAGE, ValueType.PROPORTION}),
        "Wilson score intervals are only for a percentage or a proportion",
    ),
    IntervalMethod.BYAR: (
        frozenset({ValueType.RATE}),
        "Byar's intervals are only for a crude rate",
    ),
    IntervalMethod.EXACT_POISSON: (
        frozenset({ValueType.RATE}),
        "Exact Poisson intervals are only for a crude rate",
    ),
    IntervalMethod.DOBSON: (
        frozenset({ValueType.DSR}),
        "Dobson's method is only for a directly standardised rate",
    ),
    IntervalMethod.T: (frozenset({ValueType.MEAN}), "Student's t intervals are only for a mean"),
}

# Ratings that say "better" or "worse" against a benchmark or a band, so need a polarity.
JUDGED_RATINGS = frozenset(
    {RatingRule.ENGLAND, RatingRule.REGION, RatingRule.NEIGHBOURS, RatingRule.QUARTILE}
)


def _names(
    choices: type[ValueType] | type[Polarity] | type[IntervalMethod] | type[RatingRule],
) -> str:
    return ", ".join(str(value) for value in choices.values)


def catalogue_problems(
    *,
    value_type: str,
    multiplier: int,
    polarity: str,
    interval_method: str,
    rating_rule: str,
    quartiles_meaningful: bool,
    decimal_places: int,
) -> dict[str, list[str]]:
    """What is inconsistent about these catalogue fields, by field; empty when they agree."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    known = True
    for field, value, choices, what in (
        ("value_type", value_type, ValueType, "value type"),
        ("polarity", polarity, Polarity, "polarity"),
        ("interval_method", interval_method, IntervalMethod, "interval method"),
        ("rating_rule", rating_rule, RatingRule, "rating rule"),
    ):
        if value not in choices.values:
            add(field, f"“{value}” is not a {what}: use one of {_names(choices)}.")
            known = False
    if multiplier not in Multiplier.values:
        add(
            "multiplier",
            f"“{multiplier}” is not a multiplier: use 1, 100, 1,000, 10,000 or 100,000.",
        )
        known = False
    if (
        isinstance(decimal_places, bool)
        or not isinstance(decimal_places, int)
        or not 0 <= decimal_places <= MAX_DECIMAL_PLACES
    ):
        add(
            "decimal_places",
            f"Decimal places must be a whole number from 0 to {MAX_DECIMAL_PLACES}.",
        )
    if not known:
        # The rules below compare choices; with an unknown one they would only add noise.
        return problems

    if multiplier not in ALLOWED_MULTIPLIERS[value_type]:
        add("multiplier", MULTIPLIER_RULE[value_type])

    if interval_method in INTERVAL_TYPES:
        types, rule = INTERVAL_TYPES[interval_method]
        if value_type not in types:
            add("interval_method", f"{rule}: choose another method, or “None”.")

    if rating_rule in JUDGED_RATINGS and polarity == Polarity.NONE:
        rating = RatingRule(rating_rule).label
        add(
            "rating_rule",
            f"A rating “{rating}” needs to know which direction is better: choose higher or "
            "lower is better, or rate the indicator against its target or not at all.",
        )
    if rating_rule == RatingRule.QUARTILE and not quartiles_meaningful:
        add(
            "rating_rule",
            "A quartile band rating needs quartiles that are meaningful: say that they are, or "
            "choose another rating.",
        )
    return problems


def check_catalogue(**fields: Any) -> None:
    """Raise ValidationError with every problem ``catalogue_problems`` finds."""
    problems = catalogue_problems(**fields)
    if problems:
        raise ValidationError(problems)


# Targets ---------------------------------------------------------------------------------------


def _bounds(value_type: str, multiplier: int) -> tuple[float, float | None, str] | None:
    """The lowest and highest a value of this type can be, and how to say so."""
    if value_type == ValueType.PERCENTAGE or (
        value_type == ValueType.PROPORTION and multiplier == Multiplier.HUNDRED
    ):
        return 0.0, 100.0, "from 0 to 100"
    if value_type == ValueType.PROPORTION:
        return 0.0, 1.0, "from 0 to 1 (a fraction: 0.65 for 65%)"
    if value_type in {ValueType.COUNT, ValueType.RATE, ValueType.DSR}:
        return 0.0, None, "0 or more"
    return None


def target_problems(
    *, value_type: str, multiplier: int, value: float, value_upper: float | None
) -> dict[str, list[str]]:
    """What is wrong with a target of ``value`` (or the range ``value`` to ``value_upper``) for an
    indicator of this value type, by field; empty when it is a target the indicator can meet."""
    problems: dict[str, list[str]] = {}
    bounds = _bounds(value_type, multiplier)
    if bounds is not None:
        low, high, words = bounds
        kind = ValueType(value_type).label.lower()
        for field, number in (("value", value), ("value_upper", value_upper)):
            if number is not None and (number < low or (high is not None and number > high)):
                article = "An" if kind[0] in "aeiou" else "A"
                problems[field] = [f"{article} {kind} target must be {words}."]
    if value_upper is not None and "value_upper" not in problems and value_upper <= value:
        problems["value_upper"] = [
            "The end of the range must be more than its start. For a single target, leave "
            "“To” empty."
        ]
    return problems
