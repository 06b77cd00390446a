"""Forms for delivery tracking. They check what a person typed; plans.delivery checks the rules
(the status machine, what each status needs), and its errors are shown on these forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crispy_forms_gds.choices import Choice
from django import forms
from django.core.exceptions import ValidationError

from partnership.web.forms_base import GovDateField, GovForm
from partnership.web.models import Partnership, Role, User

from .delivery_models import EXCEPTION_STATUSES, ActionStatus
from .forms import _long_text, _text
from .models import Plan, Priority

EVIDENCE_LINKS = 2


STATUS_HINTS = {
    ActionStatus.NOT_STARTED: "work has not begun",
    ActionStatus.ON_TRACK: "going to plan",
    ActionStatus.AT_RISK: "may miss its date or aim unless something changes",
    ActionStatus.OFF_TRACK: "will miss its date or aim without a remedial action",
    ActionStatus.COMPLETED: "done",
    ActionStatus.DEFERRED: "put off until later, with a reason",
    ActionStatus.CANCELLED: "stopped for good, with a reason",
}


class ProgressUpdateForm(GovForm):
    submit_label = "Send update"

    status = forms.ChoiceField(
        label="Status",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the action's status",
            "invalid_choice": "Choose one of the statuses listed",
        },
    )
    progress = forms.IntegerField(
        label="Progress (per cent)",
        required=False,
        min_value=0,
        max_value=100,
        # A text box, as the Design System advises for numbers (and so the GOV.UK styles apply).
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        help_text="How much of the action is done, from 0 to 100. Leave it blank to keep the "
        "figure it has now (100 for a completed action).",
        error_messages={
            "invalid": "Progress must be a whole number from 0 to 100, like 60",
            "min_value": "Progress must be 0 or more",
            "max_value": "Progress must be 100 or less",
        },
    )
    narrative = _long_text(
        "What has happened since the last update",
        required=True,
        missing="Say what has happened since the last update",
        help_text="What was done, what difference it made, and what comes next.",
    )
    reason = _long_text(
        "Reason",
        required=False,
        help_text="Needed if the action is deferred or cancelled, or reopened after it was "
        "completed.",
    )
    remedial_action = _long_text(
        "Remedial action",
        required=False,
        help_text="Needed if the action is at risk or off track: what will bring it back.",
    )
    remedial_owner = _text(
        "Owner of the remedial action",
        required=False,
        max_length=200,
        help_text="Needed with a remedial action: a post or a person, for example Head of "
        "Early Help.",
    )
    evidence_file = forms.FileField(
        label="Evidence file (optional)",
        required=False,
        help_text="A PDF, Word, Excel or PowerPoint document, an image or a CSV file.",
        error_messages={"empty": "The file you chose is empty"},
    )
    seen_update = forms.IntegerField(widget=forms.HiddenInput, required=False)
    answering = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        statuses: list[tuple[str, str]],
        progress_now: int = 0,
        check_seen: Callable[[int | None], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # Checked first, so a writer whose form went stale hears who sent the newer update,
        # not only that the status they chose is no longer one of the choices.
        self.check_seen = check_seen
        self.helper.form_tag = False  # the page wraps it in a multipart form
        self.fields["progress"].help_text = (
            f"How much of the action is done, from 0 to 100. It is {progress_now}% now: leave "
            f"this blank to keep {progress_now}% (or to record 100% for a completed action)."
        )
        field = self.fields["status"]
        field.choices = [  # type: ignore[attr-defined]
            Choice(value, label, hint=STATUS_HINTS[ActionStatus(value)].capitalize())
            for value, label in statuses
        ]
        layout: list[tuple[str, str]] = [
            ("status", "radios"),
            ("progress", "text"),
            ("narrative", "textarea"),
            ("reason", "textarea"),
            ("remedial_action", "textarea"),
            ("remedial_owner", "text"),
        ]
        for n in range(1, EVIDENCE_LINKS + 1):
            self.fields[f"link_title_{n}"] = _text(
                f"Evidence link {n}: title (optional)",
                max_length=200,
                required=False,
            )
            self.fields[f"link_url_{n}"] = forms.URLField(
                label=f"Evidence link {n}: web address (optional)",
                required=False,
                max_length=500,
                assume_scheme="https",
                widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
                error_messages={
                    "invalid": f"Enter evidence link {n} as a full web address, starting with "
                    "https://"
                },
            )
            layout += [(f"link_title_{n}", "text"), (f"link_url_{n}", "text")]
        layout += [("evidence_file", "file"), ("seen_update", "hidden"), ("answering", "hidden")]
        self.layout_fields = layout
        self.fields["progress"].widget.attrs.update(
            {"inputmode": "numeric", "class": "govuk-input--width-3"}
        )
        self.lay_out()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.check_seen is not None and not self.has_error("seen_update"):
            try:
                self.check_seen(data.get("seen_update"))
            except ValidationError as error:
                self.add_error(None, error)
        for n in range(1, EVIDENCE_LINKS + 1):
            if (
                data.get(f"link_title_{n}")
                and not data.get(f"link_url_{n}")
                and not self.has_error(f"link_url_{n}")
            ):
                self.add_error(f"link_url_{n}", f"Enter the web address of evidence link {n}")
        status = data.get("status")
        # The service checks these too; saying so here puts every problem on the page at once.
        if status in EXCEPTION_STATUSES and not (data.get("remedial_action") or "").strip():
            self.add_error(
                "remedial_action",
                f"Say what will be done to bring the action back on track: an action "
                f"{ActionStatus(status).label.lower()} needs a remedial action",
            )
        if status in EXCEPTION_STATUSES and not (data.get("remedial_owner") or "").strip():
            self.add_error("remedial_owner", "Say who owns the remedial action")
        return data

    def links(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        return [
            (data.get(f"link_title_{n}") or "", data[f"link_url_{n}"])
            for n in range(1, EVIDENCE_LINKS + 1)
            if data.get(f"link_url_{n}")
        ]


class MilestoneForm(GovForm):
    layout_fields = [("title", "text"), ("due_date", "date"), ("completed_on", "date")]

    title = _text("Milestone", max_length=300, required=True)
    due_date = GovDateField(label="Due date", help_text="For example, 31 3 2026")
    completed_on = GovDateField(
        label="Date it was reached",
        required=False,
        help_text="Leave blank until the milestone is reached. For example, 15 3 2026",
    )


class RemedialForm(GovForm):
    submit_label = "Save remedial action"
    layout_fields = [
        ("remedial_action", "textarea"),
        ("remedial_owner", "text"),
        ("remedial_due", "date"),
    ]

    remedial_action = _long_text(
        "Remedial action agreed",
        required=True,
        missing="Say what will be done to bring the action back on track",
    )
    remedial_owner = _text("Owner", max_length=200, required=True)
    remedial_due = GovDateField(
        label="To be done by", required=False, help_text="For example, 31 3 2026"
    )


class ChampionForm(GovForm):
    submit_label = "Save champion"
    layout_fields = [("champion", "radios")]

    champion = forms.ModelChoiceField(
        label="Champion",
        queryset=User.objects.none(),
        required=False,
        empty_label="Nobody",
        # Without blank=True Django leaves the "Nobody" choice out of radios, and a champion
        # could never be removed.
        blank=True,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the board members listed"},
        help_text="A board member who receives this priority's compiled update after each round "
        "and comments on it for the board.",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["champion"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(roles__partnership=partnership, roles__role=Role.BOARD)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )


class RoundForm(GovForm):
    submit_label = "Open the round"
    layout_fields = [
        ("title", "text"),
        ("deadline", "date"),
        ("priorities", "checkboxes"),
        ("message", "textarea"),
    ]

    title = _text(
        "Name of the round",
        max_length=200,
        required=True,
        help_text="For example, Mid-year 2025/26",
    )
    deadline = GovDateField(label="Deadline", help_text="For example, 28 11 2025")
    priorities = forms.ModelMultipleChoiceField(
        label="Priorities in the round",
        queryset=Priority.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one priority",
            "invalid_choice": "Choose from the priorities listed",
        },
    )
    message = _long_text(
        "Message to the lead groups (optional)",
        required=False,
        help_text="Added to the email each lead group receives.",
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["priorities"]
        field.queryset = plan.priorities.order_by("order")  # type: ignore[attr-defined]
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda p: f"{plan.term} {p.number}: {p.title}"
        )
        field.label = f"{plan.term_plural} in the round"
        field.error_messages["required"] = f"Choose at least one {plan.term.lower()}"


class CommentForm(GovForm):
    submit_label = "Add comment"
    layout_fields = [("text", "textarea")]

    text = _long_text(
        "Your comment for the board",
        required=True,
        missing="Enter your comment",
        help_text="What the board should note, challenge or celebrate in this update.",
    )
