"""Forms for a group's forward plan: a planned item or a partner's suggestion, declining a
suggestion, scheduling an item into a meeting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from partnership.plans.models import Priority
from partnership.web.forms_base import GovForm

from .meeting_models import ItemPurpose, Meeting
from .meetings import format_date
from .models import Group

MONTHS_AHEAD = 24


def month_choices(today: dt.date) -> list[tuple[str, str]]:
    first = today.replace(day=1)
    choices = [("", "Not decided yet")]
    for n in range(MONTHS_AHEAD):
        year, month = divmod(first.month - 1 + n, 12)
        day = dt.date(first.year + year, month + 1, 1)
        choices.append((day.isoformat(), f"{day:%B %Y}"))
    return choices


class ForwardItemForm(GovForm):
    layout_fields = [
        ("title", "text"),
        ("description", "textarea"),
        ("target_month", "select"),
        ("priority", "select"),
    ]

    title = forms.CharField(
        label="Title",
        max_length=300,
        error_messages={
            "required": "Enter the item's title",
            "max_length": "Title must be 300 characters or fewer",
        },
    )
    description = forms.CharField(
        label="What the board should hear or decide (optional)",
        required=False,
        widget=forms.Textarea,
    )
    target_month = forms.ChoiceField(
        label="When should it come to the group?",
        required=False,
        error_messages={"invalid_choice": "Choose a month from the list"},
    )
    priority = forms.ModelChoiceField(
        label="Priority of the plan it is about (optional)",
        queryset=Priority.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose a priority from the list"},
    )

    def __init__(self, *args: Any, group: Group, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        month = self.fields["target_month"]
        assert isinstance(month, forms.ChoiceField)
        month.choices = month_choices(today)
        priority = self.fields["priority"]
        assert isinstance(priority, forms.ModelChoiceField)
        priority.queryset = (
            Priority.objects.filter(plan__partnership=group.partnership)
            .select_related("plan")
            .order_by("plan__title", "order")
        )

    def clean_target_month(self) -> dt.date | None:
        value = self.cleaned_data.get("target_month")
        return dt.date.fromisoformat(value) if value else None


class DeclineForm(GovForm):
    layout_fields = [("reason", "textarea")]
    submit_label = "Decline suggestion"

    reason = forms.CharField(
        label="Why is it declined?",
        max_length=500,
        widget=forms.Textarea,
        help_text="The partner who suggested it will see this.",
        error_messages={
            "required": "Say why the suggestion is declined",
            "max_length": "Reason must be 500 characters or fewer",
        },
    )


class ScheduleForm(GovForm):
    layout_fields = [("meeting", "select"), ("purpose", "radios"), ("presenter", "text")]
    submit_label = "Put on the agenda"

    meeting = forms.ModelChoiceField(
        label="Meeting",
        queryset=Meeting.objects.none(),
        empty_label="Choose a meeting",
        error_messages={
            "required": "Choose the meeting to put the item on",
            "invalid_choice": "Choose a meeting from the list",
        },
    )
    purpose = forms.ChoiceField(
        label="Is the item for decision, discussion or information?",
        choices=ItemPurpose.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the item is for"},
    )
    presenter = forms.CharField(
        label="Presented by (optional)",
        required=False,
        max_length=500,
        error_messages={"max_length": "Presenter must be 500 characters or fewer"},
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meetings
        field.label_from_instance = lambda m: (  # type: ignore[method-assign,assignment]
            f"{format_date(m.start)} ({m.get_status_display().lower()})"
        )
