"""Building blocks for the product's GOV.UK forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator


class GovForm(forms.Form):
    """A form laid out by crispy-forms-gds: labels as small headings, one primary button.

    Subclasses list their fields in ``layout_fields`` as (name, kind) where kind is one of
    text, textarea, radios, checkboxes, select, date, file, hidden.
    """

    submit_label = "Save"
    layout_fields: list[tuple[str, str]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = True
        # The server checks every field and shows the GOV.UK error summary; the browser's own
        # pop-up validation would pre-empt that with messages people cannot style or read aloud.
        self.helper.attrs = {"novalidate": ""}
        self.lay_out()

    def lay_out(self) -> None:
        """Build the layout from ``layout_fields``: again, after adding fields at run time."""
        items = []
        for name, kind in self.layout_fields or [(n, "text") for n in self.fields]:
            if kind == "radios":
                items.append(Field.radios(name, legend_size=Size.SMALL))
            elif kind == "checkboxes":
                items.append(Field.checkboxes(name, legend_size=Size.SMALL, small=True))
            elif kind == "textarea":
                items.append(Field.textarea(name, label_size=Size.SMALL, rows=6))
            elif kind == "select":
                # Field.select sizes a legend a select does not have (and would put label_size on
                # the <select> as an attribute): size its label through the context instead.
                items.append(Field(name, context={"label_size": Size.for_label(Size.SMALL)}))
            elif kind == "date":
                items.append(Field(name, context={"legend_size": Size.for_legend(Size.SMALL)}))
            elif kind == "hidden":
                items.append(Field(name))
            elif kind == "file":
                items.append(Field(name, context={"label_size": Size.for_label(Size.SMALL)}))
            else:
                items.append(Field.text(name, label_size=Size.SMALL))
        self.helper.layout = Layout(*items, Submit("submit", self.submit_label))


class GovDateField(DateInputField):
    """The Design System's day / month / year date input, with errors in plain English."""

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        super().__init__(label=label, require_all_fields=False, **kwargs)
        self.label_text = label
        self.error_messages["required"] = f"Enter the {label.lower()}"
        self.error_messages["incomplete"] = f"{label} must include a day, month and year"
        # crispy-forms-gds shows the sub-fields' own messages; make them name the date.
        for part, field in zip(("day", "month", "year"), self.fields, strict=True):
            field.error_messages["incomplete"] = f"{label} must include a {part}"
            # One message a part: identical ones would be listed three times in the summary.
            field.validators = [
                RegexValidator(r"^[0-9]+$", f"{label} must be a real date: the {part} is a number")
            ]

    def compress(self, data_list: Any) -> dt.date | None:
        day, month, year = data_list
        if not (day or month or year):
            return None
        if not (day and month and year):
            raise ValidationError(f"{self.label_text} must include a day, month and year")
        try:
            value = dt.date(day=int(day), month=int(month), year=int(year))
        except ValueError:
            raise ValidationError(
                f"{self.label_text} must be a real date, for example 31 3 2027"
            ) from None
        if not 1900 <= value.year <= 2200:
            raise ValidationError(
                f"{self.label_text} must have a four-digit year, for example 2027"
            )
        return value
