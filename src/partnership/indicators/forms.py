from __future__ import annotations

from typing import Any

from django import forms

from partnership.web.forms_base import GovForm
from partnership.web.models import Partnership, not_reserved, slug_validator

from .models import Indicator, Polarity


class IndicatorForm(GovForm):
    layout_fields = [
        ("name", "text"),
        ("code", "text"),
        ("description", "textarea"),
        ("unit", "text"),
        ("polarity", "radios"),
    ]

    name = forms.CharField(
        label="Name",
        max_length=300,
        error_messages={
            "required": "Enter the indicator's name",
            "max_length": "Name must be 300 characters or fewer",
        },
    )
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
    description = forms.CharField(label="Definition", required=False, widget=forms.Textarea)
    unit = forms.CharField(
        label="Unit",
        max_length=60,
        required=False,
        help_text="For example %, rate per 10,000 or count",
        error_messages={"max_length": "Unit must be 60 characters or fewer"},
    )
    polarity = forms.ChoiceField(
        label="Which direction is better?",
        choices=Polarity.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which direction is better"},
    )

    def __init__(
        self, *args: Any, partnership: Partnership, indicator_pk: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partnership, self.indicator_pk = partnership, indicator_pk

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        # National codes count too: pages find an indicator by code among both.
        others = Indicator.objects.available_to(self.partnership).exclude(pk=self.indicator_pk or 0)
        if others.filter(code=code).exists():
            raise forms.ValidationError(
                "Another indicator already uses this code; choose a different one"
            )
        return code
