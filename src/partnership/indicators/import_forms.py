"""The form for uploading a data file."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.web.forms_base import GovForm

from .importers import FORMATS


def format_choices() -> list[tuple[str, str]]:
    return [("", "Work it out from the file's columns"), *((k, f.name) for k, f in FORMATS.items())]


class DataUploadForm(GovForm):
    submit_label = "Upload and check"
    layout_fields = [("file", "file"), ("format", "radios")]

    file = forms.FileField(
        label="Data file",
        help_text="CSV (it may be compressed with gzip) or an Excel workbook made from the "
        "template above",
        error_messages={
            "required": "Choose a data file to upload",
            "empty": "The file you chose is empty",
        },
    )
    format = forms.ChoiceField(
        label="What kind of file is it?",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the kinds of file listed"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        format_field = self.fields["format"]
        assert isinstance(format_field, forms.ChoiceField)
        format_field.choices = format_choices()
        self.fields["format"].initial = ""
        self.helper.form_tag = False  # the page wraps it in a multipart form


NEW_INDICATOR = "__new__"
NO_COLUMN = ""
ANY_VALUE = "__any__"


class ColumnMappingForm(GovForm):
    """Map one measure of a DfE tidy file: which column is the value, which the count and the
    denominator, which rows count (filters) and which columns split the series (breakdowns).
    The choices come from the file itself; the mapping is remembered for its shape."""

    submit_label = "Save the mapping and check the file"

    name = forms.CharField(
        label="Name for this mapping",
        max_length=200,
        help_text="For example, Children looked after (DfE table A1)",
        error_messages={
            "required": "Enter a name for the mapping",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    indicator = forms.ChoiceField(
        label="Indicator",
        help_text="The indicator the values are for, or a new one you describe below",
        error_messages={"required": "Choose the indicator the values are for"},
    )
    value = forms.ChoiceField(
        label="Column holding the value",
        error_messages={"required": "Choose the column holding the value"},
    )
    numerator = forms.ChoiceField(label="Column holding the count (optional)", required=False)
    denominator = forms.ChoiceField(
        label="Column holding the denominator (optional)", required=False
    )
    breakdowns = forms.MultipleChoiceField(
        label="Columns that split the values into breakdowns (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each value of such a column, other than Total, becomes a series of its own",
    )
    new_name = forms.CharField(
        label="New indicator: name",
        max_length=300,
        required=False,
        error_messages={"max_length": "The name must be 300 characters or fewer"},
    )
    new_code = forms.CharField(
        label="New indicator: code",
        max_length=80,
        required=False,
        help_text="Lower-case letters, digits and hyphens, for example cla-rate-with-counts",
        error_messages={"max_length": "The code must be 80 characters or fewer"},
    )
    new_value_type = forms.ChoiceField(label="New indicator: kind of value", required=False)
    new_multiplier = forms.TypedChoiceField(
        label="New indicator: multiplier", required=False, coerce=int, empty_value=None
    )
    new_polarity = forms.ChoiceField(
        label="New indicator: which direction is better?",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args: Any, columns: Any, indicators: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        from .models import Multiplier, Polarity, ValueType

        super().__init__(*args, **kwargs)
        self.columns = columns
        figures = [(c, c) for c in columns.figures]
        self._choices(
            "indicator",
            [
                ("", "Choose an indicator"),
                *indicators,
                (NEW_INDICATOR, "A new indicator (describe it below)"),
            ],
        )
        self._choices("value", [("", "Choose a column"), *figures])
        self._choices("numerator", [(NO_COLUMN, "None"), *figures])
        self._choices("denominator", [(NO_COLUMN, "None"), *figures])
        self._choices("new_value_type", [("", "Choose the kind of value"), *ValueType.choices])
        self._choices("new_multiplier", [("", "Choose a multiplier"), *Multiplier.choices])
        self._choices("new_polarity", list(Polarity.choices))
        self.fields["new_polarity"].initial = Polarity.NONE
        self._choices("breakdowns", [(c, c) for c in columns.filters])
        # One select per column of text: keep every row, or only rows with one value.
        self.filter_fields: list[tuple[str, str]] = []
        for index, (column, values) in enumerate(columns.filters.items()):
            name = f"filter_{index}"
            self.fields[name] = forms.ChoiceField(
                label=f"Which rows to use, by {column}",
                required=False,
                choices=[
                    (ANY_VALUE, "Every row"),
                    *((value, value) for value in values if value),
                ],
                initial=ANY_VALUE,
            )
            self.filter_fields.append((name, column))
        self.helper.form_tag = False  # the page wraps it in its form
        self.layout_fields = [
            ("name", "text"),
            ("indicator", "select"),
            ("value", "select"),
            ("numerator", "select"),
            ("denominator", "select"),
            *((name, "select") for name, _ in self.filter_fields),
            ("breakdowns", "checkboxes"),
            ("new_name", "text"),
            ("new_code", "text"),
            ("new_value_type", "select"),
            ("new_multiplier", "select"),
            ("new_polarity", "radios"),
        ]
        self.lay_out()

    def _choices(self, name: str, choices: list[tuple[Any, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("indicator") == NEW_INDICATOR:
            if not (data.get("new_name") or "").strip():
                self.add_error("new_name", "Enter the new indicator's name")
            if not (data.get("new_code") or "").strip():
                self.add_error("new_code", "Enter a code for the new indicator")
            if not data.get("new_value_type"):
                self.add_error("new_value_type", "Choose the new indicator's kind of value")
        filtered = {column for name, column in self.filter_fields if data.get(name) != ANY_VALUE}
        for column in data.get("breakdowns") or []:
            if column in filtered:
                self.add_error(
                    "breakdowns",
                    f"{column} is both a filter and a breakdown: keep its rows for one value, "
                    "or split by it, not both",
                )
        return data

    def spec(self) -> dict[str, Any]:
        """The mapping the answers make (see docs/data.md), for the mapping services to check
        against the file and remember."""
        data = self.cleaned_data
        if data["indicator"] == NEW_INDICATOR:
            definition: dict[str, Any] = {
                "code": data["new_code"].strip(),
                "name": data["new_name"].strip(),
                "value_type": data["new_value_type"],
                "polarity": data.get("new_polarity") or "none",
            }
            if data.get("new_multiplier"):
                definition["multiplier"] = data["new_multiplier"]
            indicator: Any = definition
        else:
            indicator = data["indicator"]
        measure: dict[str, Any] = {"indicator": indicator, "value": data["value"]}
        for role in ("numerator", "denominator"):
            if data.get(role):
                measure[role] = data[role]
        filters = {
            column: data[name]
            for name, column in self.filter_fields
            if data.get(name) not in (None, ANY_VALUE)
        }
        if filters:
            measure["filters"] = filters
        if data.get("breakdowns"):
            measure["breakdowns"] = list(data["breakdowns"])
        return {"name": data["name"].strip(), "measures": [measure]}
