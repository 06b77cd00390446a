from __future__ import annotations

from typing import Any

from django import forms

from partnership.web.forms_base import GovForm
from partnership.web.models import Partnership

from .models import Classification


class GroupForm(GovForm):
    layout_fields = [("name", "text"), ("classification", "radios"), ("description", "textarea")]

    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={
            "required": "Enter the group's name",
            "max_length": "Name must be 200 characters or fewer",
        },
    )
    classification = forms.ChoiceField(
        label="What kind of group is it?",
        choices=Classification.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of group it is"},
    )
    description = forms.CharField(
        label="Description",
        required=False,
        widget=forms.Textarea,
        help_text="Its purpose, or its terms of reference in brief",
    )

    def __init__(
        self, *args: Any, partnership: Partnership, group_pk: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partnership, self.group_pk = partnership, group_pk

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if self.partnership.groups.filter(name=name).exclude(pk=self.group_pk or 0).exists():
            raise forms.ValidationError("The partnership already has a group with this name")
        return name
