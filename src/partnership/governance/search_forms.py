"""The search form: what to look for and where. It checks what was typed; governance.search
decides what counts as searchable words, and its message is shown on the query field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from partnership.web.forms_base import GovDateField, GovForm
from partnership.web.models import Partnership

from . import search
from .meeting_models import Meeting, SearchEntry
from .models import Group

KIND_CHOICES = [
    ("", "Everything"),
    (search.Kind.AGENDA, "Agendas"),
    (search.Kind.MINUTES, "Minutes"),
    (search.Kind.GUIDE, "One-minute guides"),
    (search.Kind.PAPER, "Papers"),
]


def _years(partnership: Partnership) -> list[str]:
    """The municipal years that have something published, latest first."""
    meetings = Meeting.objects.filter(
        pk__in=SearchEntry.objects.filter(partnership=partnership).values("meeting")
    )
    return sorted({m.municipal_year for m in meetings.only("start")}, reverse=True)


class SearchForm(GovForm):
    submit_label = "Search"
    layout_fields = [
        ("q", "text"),
        ("kind", "select"),
        ("group", "select"),
        ("year", "select"),
        ("start", "date"),
        ("end", "date"),
    ]

    q = forms.CharField(
        label="Search published agendas, minutes, one-minute guides and papers",
        required=False,
        strip=True,
        help_text='For example, early help or "child exploitation" (quotation marks find the '
        "exact phrase).",
    )
    kind = forms.ChoiceField(
        label="Type",
        required=False,
        choices=KIND_CHOICES,
        error_messages={"invalid_choice": "Choose a type from the list"},
    )
    group = forms.ChoiceField(
        label="Group",
        required=False,
        error_messages={"invalid_choice": "Choose a group from the list"},
    )
    year = forms.ChoiceField(
        label="Municipal year",
        required=False,
        help_text="From May to April, as the meetings' items are numbered.",
        error_messages={"invalid_choice": "Choose a municipal year from the list"},
    )
    start = GovDateField(label="Meetings from", required=False, help_text="For example, 1 9 2020")
    end = GovDateField(label="Meetings to", required=False, help_text="For example, 31 3 2021")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        groups = Group.objects.filter(
            pk__in=SearchEntry.objects.filter(partnership=partnership).values("meeting__group")
        ).order_by("name")
        group_choices = [("", "All groups")] + [(str(g.pk), g.name) for g in groups]
        self.fields["group"].choices = group_choices  # type: ignore[attr-defined]
        year_choices = [("", "Any year")] + [(y, y) for y in _years(partnership)]
        self.fields["year"].choices = year_choices  # type: ignore[attr-defined]

    def clean_q(self) -> str:
        text: str = self.cleaned_data["q"]
        if text:
            try:
                search.parse_query(text)
            except search.QueryError as error:
                raise ValidationError(str(error)) from None
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error(
                "end", "The ‘meetings to’ date must be the same as or after the ‘from’ date"
            )
        return data

    def filters(self) -> search.Filters:
        """The valid form's filters; a municipal year and a date range both apply."""
        data = self.cleaned_data
        start, end = data.get("start"), data.get("end")
        if data.get("year"):
            year_start, year_end = search.municipal_year_range(data["year"])
            start = max(start, year_start) if start else year_start
            end = min(end, year_end) if end else year_end
        return search.Filters(
            kind=data.get("kind") or "",
            group_id=int(data["group"]) if data.get("group") else None,
            start=start,
            end=end,
        )
