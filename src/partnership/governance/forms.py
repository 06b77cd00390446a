from __future__ import annotations

from typing import Any

from django import forms

from partnership.areas.models import Area, AreaLevel
from partnership.web.forms_base import GovForm
from partnership.web.models import Partnership

from .models import Classification, Focus, Group, RelationshipKind, Scope


class GroupForm(GovForm):
    layout_fields = [
        ("name", "text"),
        ("classification", "radios"),
        ("description", "textarea"),
        ("scope", "radios"),
        ("area", "select"),
        ("focus", "radios"),
        ("terms_of_reference", "textarea"),
    ]

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
        help_text="Its purpose, in brief",
    )
    scope = forms.ChoiceField(
        label="Does it cover the whole area or part of it?",
        choices=Scope.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Leave unanswered if it is not known",
    )
    area = forms.ModelChoiceField(
        label="Area it covers (local groups)",
        queryset=Area.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    focus = forms.ChoiceField(
        label="Whom is it for?",
        choices=Focus.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Leave unanswered if it is not known",
    )
    terms_of_reference = forms.CharField(
        label="Terms of reference", required=False, widget=forms.Textarea
    )

    def __init__(
        self, *args: Any, partnership: Partnership, group_pk: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partnership, self.group_pk = partnership, group_pk
        # A local group covers a part of the partnership's area, such as one of Kent's districts
        # (or a ward). LSOAs are left out: hundreds of codes no one names a group after.
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = (
            Area.objects.filter(
                parent=partnership.area, level__in=[AreaLevel.DISTRICT, AreaLevel.WARD]
            ).order_by("name")
            if partnership.area_id
            else Area.objects.none()
        )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if self.partnership.groups.filter(name=name).exclude(pk=self.group_pk or 0).exists():
            raise forms.ValidationError("The partnership already has a group with this name")
        return name


class RelationshipForm(GovForm):
    layout_fields = [("kind", "radios"), ("to_group", "select"), ("note", "text")]
    submit_label = "Add relationship"

    kind = forms.ChoiceField(
        label="How is this group related to the other?",
        choices=RelationshipKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the groups are related"},
    )
    to_group = forms.ModelChoiceField(
        label="Other group",
        queryset=Group.objects.none(),
        empty_label="Choose a group",
        error_messages={
            "required": "Choose the other group",
            "invalid_choice": "Choose a group from the list",
        },
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=500,
        error_messages={"max_length": "Note must be 500 characters or fewer"},
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offering the group itself would only lead to an error.
        to_group = self.fields["to_group"]
        assert isinstance(to_group, forms.ModelChoiceField)
        to_group.queryset = (
            Group.objects.for_partnership(group.partnership).exclude(pk=group.pk).order_by("name")
        )
