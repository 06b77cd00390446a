"""Forms for meetings, agenda items, links, papers, attendance and declarations. They check what
was typed; governance.meetings checks the rules and its refusals are shown on these forms."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from partnership.indicators.models import Indicator
from partnership.plans.models import KeyAction, Priority
from partnership.web.forms_base import GovDateField, GovForm
from partnership.web.models import Partnership

from .meeting_models import (
    AttendanceStatus,
    DeclarationAction,
    DeclarationKind,
    ItemKind,
    ItemPurpose,
    Meeting,
    MeetingStatus,
    Membership,
    Person,
    RegisteredInterest,
)
from .models import Group

TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def parse_time(value: str, label: str) -> dt.time:
    """ "16:00", "4pm", "4.30 pm": the ways people write a meeting's time."""
    match = TIME_PATTERN.match(value.strip())
    if not match:
        raise ValidationError(f"{label} must be a time, like 16:00 or 4pm")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    half = (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            raise ValidationError(f"{label} must be a real time: with am or pm the hour is 1 to 12")
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValidationError(f"{label} must be a real time, like 16:00 or 4pm")
    return dt.time(hour, minute)


def _text(label: str, *, max_length: int, required: bool = False, help_text: str = "") -> Any:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _long(label: str, *, help_text: str = "", required: bool = False) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea,
        error_messages={"required": f"Enter the {label.lower()}"},
    )


class MeetingForm(GovForm):
    layout_fields = [
        ("group", "select"),
        ("date", "date"),
        ("start_time", "text"),
        ("end_time", "text"),
        ("venue", "text"),
        ("online", "checkboxes"),
        ("online_joining_details", "textarea"),
        ("contact", "text"),
        ("first_item_number", "text"),
        ("introduction", "textarea"),
    ]

    group = forms.ModelChoiceField(
        label="Group",
        queryset=Group.objects.none(),
        empty_label="Choose a group",
        error_messages={
            "required": "Choose the group that is meeting",
            "invalid_choice": "Choose a group from the list",
        },
    )
    date = GovDateField(label="Date", help_text="For example, 5 1 2021")
    start_time = _text(
        "Start time", max_length=10, required=True, help_text="For example, 16:00 or 4pm"
    )
    end_time = _text("End time (optional)", max_length=10, help_text="For example, 18:00 or 6pm")
    venue = _text(
        "Venue",
        max_length=300,
        help_text="For example, Ground Floor Committee Room, Loxley House. Leave blank for a "
        "meeting held only online.",
    )
    online = forms.MultipleChoiceField(
        label="Online",
        required=False,
        choices=[("yes", "The meeting can be joined online")],
        widget=forms.CheckboxSelectMultiple,
    )
    online_joining_details = _long(
        "How to join online (members only)",
        help_text="The link and any code. Only the partnership's own people see this.",
    )
    contact = _text(
        "Contact (optional)",
        max_length=300,
        help_text="A name and post, for example Catherine Ziane-Pryor, Governance Officer",
    )
    first_item_number = forms.IntegerField(
        label="Number of the first item (optional)",
        required=False,
        min_value=1,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        help_text="Only if the group's earlier meetings this municipal year are not in the "
        "product: items are otherwise numbered on from them.",
        error_messages={
            "invalid": "The first item's number must be a whole number, like 12",
            "min_value": "The first item's number must be 1 or more",
        },
    )
    introduction = _long("Introduction (optional)", help_text="Shown at the top of the agenda")

    def __init__(self, *args: Any, partnership: Partnership, editing: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        group = self.fields["group"]
        assert isinstance(group, forms.ModelChoiceField)
        group.queryset = Group.objects.for_partnership(partnership).order_by("name")
        if editing:
            del self.fields["group"]
            self.layout_fields = [f for f in self.layout_fields if f[0] != "group"]
            self.lay_out()

    def clean_start_time(self) -> dt.time:
        return parse_time(self.cleaned_data["start_time"], "Start time")

    def clean_end_time(self) -> dt.time | None:
        value = self.cleaned_data["end_time"].strip()
        return parse_time(value, "End time") if value else None

    def meeting_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        zone = ZoneInfo(settings.TIME_ZONE)
        start = dt.datetime.combine(data["date"], data["start_time"], tzinfo=zone)
        end = (
            dt.datetime.combine(data["date"], data["end_time"], tzinfo=zone)
            if data.get("end_time")
            else None
        )
        return {
            "start": start,
            "end": end,
            "venue": data["venue"],
            "online": bool(data["online"]),
            "online_joining_details": data["online_joining_details"],
            "contact": data["contact"],
            "first_item_number": data["first_item_number"],
            "introduction": data["introduction"],
        }


def meeting_initial(meeting: Meeting) -> dict[str, Any]:
    from django.utils import timezone

    start = timezone.localtime(meeting.start)
    end = timezone.localtime(meeting.end) if meeting.end else None
    return {
        "date": start.date(),
        "start_time": f"{start:%H:%M}",
        "end_time": f"{end:%H:%M}" if end else "",
        "venue": meeting.venue,
        "online": ["yes"] if meeting.online else [],
        "online_joining_details": meeting.online_joining_details,
        "contact": meeting.contact,
        "first_item_number": meeting.first_item_number,
        "introduction": meeting.introduction,
    }


class MeetingStatusForm(GovForm):
    layout_fields = [("status", "radios"), ("reason", "textarea")]
    submit_label = "Change status"

    status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the meeting's new status",
            "invalid_choice": "Choose one of the statuses listed",
        },
    )
    reason = _long(
        "Reason",
        help_text="Needed to cancel a meeting: it is shown with the notice of cancellation.",
    )

    def __init__(self, *args: Any, meeting: Meeting, **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        # Every status is offered, so a move the machine refuses gets its own explanation.
        field.choices = [c for c in MeetingStatus.choices if c[0] != meeting.status]


class AgendaItemForm(GovForm):
    layout_fields = [
        ("title", "text"),
        ("description", "textarea"),
        ("kind", "radios"),
        ("purpose", "radios"),
        ("presenter", "text"),
        ("exempt", "checkboxes"),
        ("exempt_reason", "text"),
    ]

    title = _text("Title", max_length=300, required=True)
    description = _long("Description (optional)", help_text="What the board is asked to do")
    kind = forms.ChoiceField(
        label="Kind of item",
        choices=[c for c in ItemKind.choices if c[0] != ItemKind.STANDING],
        initial=ItemKind.REPORT,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of item it is"},
    )
    purpose = forms.ChoiceField(
        label="Purpose",
        choices=ItemPurpose.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    presenter = _text(
        "Presenter (optional)",
        max_length=500,
        help_text="Name and post, for example Sophie Russell, Head of Children's Strategy",
    )
    exempt = forms.MultipleChoiceField(
        label="Exempt",
        required=False,
        choices=[("yes", "The item is exempt: the public sees only that it is exempt, and why")],
        widget=forms.CheckboxSelectMultiple,
    )
    exempt_reason = _text(
        "Reason it is exempt",
        max_length=300,
        help_text="Needed for an exempt item, for example Information relating to an "
        "individual (paragraph 1)",
    )

    def __init__(self, *args: Any, standing: bool = False, **kw: Any) -> None:
        super().__init__(*args, **kw)
        if standing:
            # A standing item's kind is fixed: it is a standing item.
            del self.fields["kind"]
            self.layout_fields = [f for f in self.layout_fields if f[0] != "kind"]
            self.lay_out()

    def item_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "kind": data.get("kind") or ItemKind.STANDING,
            "purpose": data["purpose"],
            "presenter": data["presenter"],
            "exempt": bool(data["exempt"]),
            "exempt_reason": data["exempt_reason"],
        }


class LinkForm(GovForm):
    layout_fields = [
        ("priority", "select"),
        ("key_action", "select"),
        ("indicator", "select"),
        ("report_title", "text"),
        ("report_url", "text"),
    ]
    submit_label = "Add link"

    priority = forms.ModelChoiceField(
        label="Priority",
        queryset=Priority.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose a priority from the list"},
    )
    key_action = forms.ModelChoiceField(
        label="Key action",
        queryset=KeyAction.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose a key action from the list"},
    )
    indicator = forms.ModelChoiceField(
        label="Indicator",
        queryset=Indicator.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose an indicator from the list"},
    )
    report_title = _text("Report title", max_length=300, help_text="Or a report, by its title")
    report_url = forms.URLField(
        label="Report address (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the report's address, like https://example.org/report"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kw: Any) -> None:
        super().__init__(*args, **kw)
        priority = self.fields["priority"]
        action = self.fields["key_action"]
        indicator = self.fields["indicator"]
        assert isinstance(priority, forms.ModelChoiceField)
        assert isinstance(action, forms.ModelChoiceField)
        assert isinstance(indicator, forms.ModelChoiceField)
        priority.queryset = Priority.objects.filter(plan__partnership=partnership).select_related(
            "plan"
        )
        priority.label_from_instance = lambda p: f"{p.plan.title}: {p.number}. {p.title}"  # type: ignore[method-assign,assignment]
        action.queryset = KeyAction.objects.filter(
            priority__plan__partnership=partnership
        ).select_related("priority")
        action.label_from_instance = lambda a: f"{a.priority.number}.{a.order} {a.text[:120]}"  # type: ignore[method-assign,assignment]
        indicator.queryset = Indicator.objects.filter(partnership=partnership).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [
            name
            for name in ("priority", "key_action", "indicator", "report_title")
            if data.get(name)
        ]
        if len(chosen) != 1 and not self.errors:
            raise ValidationError(
                "Choose one thing to link the item to: a priority, a key action, an indicator "
                "or a report"
            )
        return data


class PaperForm(GovForm):
    layout_fields = [("title", "text"), ("file", "file"), ("additional", "checkboxes")]
    submit_label = "Upload paper"

    title = _text("Title", max_length=300, required=True, help_text="As it appears on the agenda")
    file = forms.FileField(
        label="PDF file",
        help_text="A PDF, no larger than the limit shown below.",
        error_messages={
            "required": "Choose the paper's PDF file",
            "empty": "The file you chose is empty: choose the paper's PDF file",
        },
    )
    additional = forms.MultipleChoiceField(
        label="Additional document",
        required=False,
        choices=[("yes", "An additional document, such as a presentation given at the meeting")],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, limit: str, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.helper.form_tag = True
        self.helper.attrs = {"novalidate": "", "enctype": "multipart/form-data"}
        self.fields["file"].help_text = f"A PDF of {limit} or less."


ATTENDANCE_CHOICES = [("", "Not recorded"), *AttendanceStatus.choices]


class AttendanceForm(GovForm):
    """One row per member (status, whom a substitute stood in for, a note); the fields are
    made at run time, one set per membership."""

    submit_label = "Save attendance"

    def __init__(
        self,
        *args: Any,
        memberships: list[Membership],
        others: list[Person],
        substitutable: list[Person],
        **kw: Any,
    ) -> None:
        self.memberships, self.others = memberships, others
        super().__init__(*args, **kw)
        choices = [("", "Nobody"), *[(str(p.pk), p.display_name) for p in substitutable]]
        self.by_pk = {p.pk: p for p in substitutable}
        layout: list[tuple[str, str]] = []
        for person, seat in [(m.person, m) for m in memberships] + [(p, None) for p in others]:
            name = person.display_name
            role = f" ({seat.post.title})" if seat is not None and seat.post else ""
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=f"{name}{role}",
                choices=ATTENDANCE_CHOICES,
                required=False,
                error_messages={"invalid_choice": f"Choose how {name} attended from the list"},
            )
            self.fields[f"for_{person.pk}"] = forms.ChoiceField(
                label=f"Whom {name} substituted for",
                choices=choices,
                required=False,
                error_messages={"invalid_choice": f"Choose whom {name} substituted for"},
            )
            self.fields[f"note_{person.pk}"] = forms.CharField(
                label=f"Note on {name}'s attendance",
                required=False,
                max_length=300,
                help_text="With apologies, the reason as minuted, for example leave",
                error_messages={"max_length": "A note must be 300 characters or fewer"},
            )
            layout += [
                (f"status_{person.pk}", "select"),
                (f"for_{person.pk}", "select"),
                (f"note_{person.pk}", "text"),
            ]
        self.layout_fields = layout
        self.lay_out()

    def rows(self) -> list[tuple[Person, Membership | None, str, Person | None, str]]:
        data = self.cleaned_data
        rows = []
        for person, seat in [(m.person, m) for m in self.memberships] + [
            (p, None) for p in self.others
        ]:
            whom = data.get(f"for_{person.pk}") or ""
            rows.append(
                (
                    person,
                    seat,
                    data.get(f"status_{person.pk}") or "",
                    self.by_pk.get(int(whom)) if whom else None,
                    data.get(f"note_{person.pk}") or "",
                )
            )
        return rows


class AttendanceAddForm(GovForm):
    layout_fields = [
        ("person", "select"),
        ("status", "radios"),
        ("substitute_for", "select"),
        ("note", "text"),
    ]
    submit_label = "Add"

    person = forms.ModelChoiceField(
        label="Person",
        queryset=Person.objects.none(),
        empty_label="Choose a person",
        error_messages={
            "required": "Choose who attended",
            "invalid_choice": "Choose a person from the list",
        },
    )
    status = forms.ChoiceField(
        label="How they attended",
        choices=[
            (AttendanceStatus.IN_ATTENDANCE.value, AttendanceStatus.IN_ATTENDANCE.label),
            (AttendanceStatus.SUBSTITUTE.value, AttendanceStatus.SUBSTITUTE.label),
            (AttendanceStatus.PRESENT_VIRTUALLY.value, AttendanceStatus.PRESENT_VIRTUALLY.label),
        ],
        initial=AttendanceStatus.IN_ATTENDANCE,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they attended"},
    )
    substitute_for = forms.ModelChoiceField(
        label="Substitute for (substitutes only)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Nobody",
        error_messages={"invalid_choice": "Choose the member they substituted for"},
    )
    note = _text("Note (optional)", max_length=300, help_text="For example, their post")

    def __init__(self, *args: Any, people: Any, members: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        person = self.fields["person"]
        whom = self.fields["substitute_for"]
        assert isinstance(person, forms.ModelChoiceField)
        assert isinstance(whom, forms.ModelChoiceField)
        person.queryset = people
        whom.queryset = members


class DeclarationForm(GovForm):
    layout_fields = [
        ("item", "select"),
        ("person", "select"),
        ("kind", "radios"),
        ("nature", "textarea"),
        ("action", "radios"),
        ("interest", "select"),
    ]
    submit_label = "Record declaration"

    item = forms.ChoiceField(
        label="Item",
        error_messages={
            "required": "Choose the item the interest is in",
            "invalid_choice": "Choose an item from the list",
        },
    )
    person = forms.ModelChoiceField(
        label="Who declared it",
        queryset=Person.objects.none(),
        empty_label="Choose a person",
        error_messages={
            "required": "Choose who declared the interest",
            "invalid_choice": "Choose a person from the list",
        },
    )
    kind = forms.ChoiceField(
        label="Kind of interest",
        choices=DeclarationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of interest it is"},
    )
    nature = _long(
        "Nature of the interest",
        required=True,
        help_text="For example, Trustee of the charity named in the report",
    )
    action = forms.ChoiceField(
        label="What they did",
        choices=DeclarationAction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what they did about the interest"},
    )
    interest = forms.ModelChoiceField(
        label="Entry in their register of interests (optional)",
        queryset=RegisteredInterest.objects.none(),
        required=False,
        empty_label="None",
        error_messages={"invalid_choice": "Choose an entry from the list"},
    )

    def __init__(
        self, *args: Any, items: list[tuple[str, str]], people: Any, interests: Any, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        self.nature_message()
        item = self.fields["item"]
        person = self.fields["person"]
        interest = self.fields["interest"]
        assert isinstance(item, forms.ChoiceField)
        assert isinstance(person, forms.ModelChoiceField)
        assert isinstance(interest, forms.ModelChoiceField)
        item.choices = [("", "Choose an item"), *items]
        person.queryset = people
        interest.queryset = interests
        interest.label_from_instance = lambda i: f"{i.person.display_name}: {i.description}"  # type: ignore[method-assign,assignment]

    def nature_message(self) -> None:
        self.fields["nature"].error_messages["required"] = "Describe the interest declared"
