"""Forms for the indicator catalogue and targets. They check what a person typed and show the
catalogue's consistency rules (``catalogue.py``) against the fields at fault; the services apply
the same rules again, so nothing reaches the database without them."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.choices import Choice
from django import forms

from partnership.areas.models import Area, AreaLevel
from partnership.web.forms_base import GovForm
from partnership.web.models import Partnership, not_reserved, slug_validator

from . import periods
from .catalogue import MAX_DECIMAL_PLACES, catalogue_problems, target_problems
from .models import (
    Indicator,
    IntervalMethod,
    Multiplier,
    PeriodType,
    Polarity,
    RatingRule,
    Target,
    ValueType,
)
from .services import indicator_code_taken

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes(value: str) -> bool:
    return value == "yes"


def _text(
    label: str, *, max_length: int, required: bool = False, help_text: str = "", missing: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={
            "required": missing or f"Enter the {label.lower()}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _choice(label: str, choices: Any, missing: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": missing, "invalid_choice": f"{missing} from the list"},
    )


def _number(label: str, *, required: bool, missing: str, invalid: str) -> forms.FloatField:
    # A text box, not <input type=number>: the Design System advises against number inputs
    # (scroll wheels change them, screen readers announce them badly); the server reads the text.
    return forms.FloatField(
        label=label,
        required=required,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}
        ),
        error_messages={
            "required": missing,
            "invalid": invalid,
        },
    )


class IndicatorForm(GovForm):
    """Every field of a catalogue entry. The field names are the services' keyword arguments."""

    layout_fields = [
        ("name", "text"),
        ("code", "text"),
        ("description", "textarea"),
        ("unit", "text"),
        ("value_type", "radios"),
        ("multiplier", "radios"),
        ("decimal_places", "text"),
        ("polarity", "radios"),
        ("period_type", "radios"),
        ("interval_method", "radios"),
        ("quartiles_meaningful", "radios"),
        ("rating_rule", "radios"),
        ("source", "text"),
        ("owner", "text"),
        ("methodology", "textarea"),
    ]

    name = _text("Name", max_length=300, required=True, missing="Enter the indicator's name")
    code = forms.CharField(
        label="Code",
        max_length=80,
        validators=[slug_validator, not_reserved],
        help_text="Lower-case letters, digits and hyphens, for example breastfeeding-6-8-weeks",
        error_messages={
            "required": "Enter a code for the indicator",
            "max_length": "Code must be 80 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Definition",
        required=False,
        widget=forms.Textarea,
        help_text="What is counted, and out of whom",
    )
    unit = _text("Unit", max_length=60, help_text="For example %, rate per 10,000 or count")
    value_type = _choice("Value type", ValueType.choices, "Choose the value type")
    multiplier = forms.TypedChoiceField(
        label="Multiplier",
        choices=Multiplier.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="What a proportion or rate is multiplied by: 100 for a percentage, 10,000 for "
        "a rate per 10,000",
        error_messages={
            "required": "Choose the multiplier",
            "invalid_choice": "Choose the multiplier from the list",
        },
    )
    decimal_places = forms.IntegerField(
        label="Decimal places",
        min_value=0,
        max_value=MAX_DECIMAL_PLACES,
        help_text=f"How many decimal places to show values with, from 0 to {MAX_DECIMAL_PLACES}",
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-2"}
        ),
        error_messages={
            "required": f"Enter the number of decimal places, from 0 to {MAX_DECIMAL_PLACES}",
            "invalid": f"Decimal places must be a whole number from 0 to {MAX_DECIMAL_PLACES}",
            "min_value": f"Decimal places must be a whole number from 0 to {MAX_DECIMAL_PLACES}",
            "max_value": f"Decimal places must be a whole number from 0 to {MAX_DECIMAL_PLACES}",
        },
    )
    polarity = _choice(
        "Which direction is better?", Polarity.choices, "Choose which direction is better"
    )
    period_type = _choice(
        "Period type",
        [
            Choice(value, label, hint=f"For example {periods.EXAMPLES[value]}")
            for value, label in PeriodType.choices
        ],
        "Choose the period type",
        help_text="What the indicator's values are for: the period labels are read this way",
    )
    interval_method = _choice(
        "Confidence intervals",
        IntervalMethod.choices,
        "Choose how confidence intervals are worked out",
        help_text="How intervals are worked out from a value's count and denominator",
    )
    quartiles_meaningful = forms.TypedChoiceField(
        label="Can local authorities be ranked into quartiles?",
        choices=YES_NO,
        coerce=_yes,
        widget=forms.RadioSelect,
        help_text="Say no where a ranking would mislead, for example where authorities count "
        "differently",
        error_messages={
            "required": "Say whether local authorities can be ranked into quartiles",
            "invalid_choice": "Say whether local authorities can be ranked into quartiles",
        },
    )
    rating_rule = _choice(
        "What decides the overall rating?",
        RatingRule.choices,
        "Choose what decides the overall rating",
        help_text="Comparisons with a benchmark and quartile bands need a direction that is better",
    )
    source = _text("Source", max_length=300, help_text="Who publishes the data")
    owner = _text(
        "Data owner", max_length=300, help_text="Who supplies the data, and how to contact them"
    )
    methodology = forms.CharField(
        label="Methodology",
        required=False,
        widget=forms.Textarea,
        help_text="How the figure is worked out, and anything that affects comparisons",
    )

    def __init__(
        self, *args: Any, partnership: Partnership, indicator_pk: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partnership, self.indicator_pk = partnership, indicator_pk

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if indicator_code_taken(
            partnership=self.partnership, code=code, exclude_pk=self.indicator_pk
        ):
            raise forms.ValidationError(
                "Another indicator already uses this code; choose a different one"
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rule_fields = (
            "value_type",
            "multiplier",
            "polarity",
            "interval_method",
            "rating_rule",
            "quartiles_meaningful",
            "decimal_places",
        )
        # Each field's own error comes first; the rules between fields need all of them.
        if all(name in data for name in rule_fields):
            problems = catalogue_problems(**{name: data[name] for name in rule_fields})
            for field, messages in problems.items():
                for message in messages:
                    self.add_error(field, message)
        return data

    @staticmethod
    def initial_for(indicator: Indicator) -> dict[str, Any]:
        """The form's starting values for changing ``indicator``."""
        names = [name for name, _ in IndicatorForm.layout_fields]
        initial = {name: getattr(indicator, name) for name in names}
        initial["quartiles_meaningful"] = "yes" if indicator.quartiles_meaningful else "no"
        return initial


class TargetForm(GovForm):
    """A target's figures and reason; the area and period are chosen when it is added."""

    layout_fields = [("value", "text"), ("value_upper", "text"), ("reason", "textarea")]

    value = _number(
        "Target",
        required=True,
        missing="Enter the target, for example 65",
        invalid="The target must be a number, for example 65 or 12.5",
    )
    value_upper = _number(
        "To (for a range)",
        required=False,
        missing="",
        invalid="The end of the range must be a number, for example 70",
    )
    reason = forms.CharField(
        label="Why this target?",
        widget=forms.Textarea,
        help_text="The evidence or agreement behind it, for example the board's decision",
        error_messages={
            "required": "Say why this is the target: the evidence or the agreement behind it"
        },
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["value"].help_text = "A single value, or the start of a range" + (
            f" ({indicator.unit})" if indicator.unit else ""
        )
        self.fields["value_upper"].help_text = (
            "Leave empty for a single target. For a range, the end of it: the target is met "
            "anywhere from the start to the end"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("value") is not None and not self.has_error("value_upper"):
            problems = target_problems(
                value_type=self.indicator.value_type,
                multiplier=self.indicator.multiplier,
                value=data["value"],
                value_upper=data.get("value_upper"),
            )
            for field, messages in problems.items():
                for message in messages:
                    self.add_error(field, message)
        return data

    @staticmethod
    def initial_for(target: Target) -> dict[str, Any]:
        return {"value": target.value, "value_upper": target.value_upper, "reason": target.reason}


TARGET_AREA_GROUPS = [
    (AreaLevel.ENGLAND, "England"),
    (AreaLevel.REGION, "Regions"),
    (AreaLevel.LA, "Local authorities"),
]


class TargetAddForm(TargetForm):
    """Adds the area (England, a region or a local authority) and the period, typed as its label
    and read with the indicator's period type."""

    layout_fields = [("area", "select"), ("period", "text"), *TargetForm.layout_fields]
    # The error summary lists fields in this order, which must be the page's.
    field_order = [name for name, _ in layout_fields]

    area = forms.TypedChoiceField(
        label="Area",
        coerce=int,
        error_messages={
            "required": "Choose the area the target is for",
            "invalid_choice": "Choose the area from the list",
        },
    )
    period = forms.CharField(
        label="Period",
        max_length=40,
        error_messages={
            "required": "Enter the period the target is for",
            "max_length": "Period must be 40 characters or fewer",
        },
    )

    def __init__(self, *args: Any, indicator: Indicator, partnership: Partnership, **kwargs: Any):
        super().__init__(*args, indicator=indicator, **kwargs)
        areas = Area.objects.current().filter(level__in=[level for level, _ in TARGET_AREA_GROUPS])
        by_level: dict[str, list[tuple[int, str]]] = {}
        for pk, name, level in areas.order_by("name").values_list("pk", "name", "level"):
            by_level.setdefault(level, []).append((pk, name))
        field = self.fields["area"]
        field.choices = [  # type: ignore[attr-defined]
            ("", "Choose an area"),
            *((group, by_level[level]) for level, group in TARGET_AREA_GROUPS if level in by_level),
        ]
        field.help_text = "Your partnership's own area is chosen to start with"
        if partnership.area_id and not self.is_bound:
            self.initial.setdefault("area", partnership.area_id)
        self.fields["period"].help_text = (
            f"{periods.PERIOD_TYPES[indicator.period_type]}: for example "
            f"{periods.EXAMPLES[indicator.period_type]}"
        )

    def clean_area(self) -> Area:
        return Area.objects.get(pk=self.cleaned_data["area"])

    def clean_period(self) -> str:
        label: str = self.cleaned_data["period"]
        try:
            return periods.parse_period(label, self.indicator.period_type).label
        except periods.PeriodLabelError as error:
            raise forms.ValidationError(str(error)) from None
