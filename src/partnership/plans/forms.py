"""Forms for the plan pages. They check what a person typed; the services check the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.governance.models import Group
from partnership.indicators.models import Indicator
from partnership.web.forms_base import GovDateField, GovForm
from partnership.web.models import Partnership, not_reserved, slug_validator

from .models import PlanStatus, Priority, PriorityTerm, Strategy


def _text(
    label: str, *, max_length: int, help_text: str = "", required: bool = True, missing: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        help_text=help_text,
        required=required,
        error_messages={
            "required": missing or f"Enter the {label.lower()}",
            "max_length": f"{label} must be {max_length} characters or fewer",
        },
    )


def _long_text(
    label: str, *, help_text: str = "", required: bool = True, missing: str = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea,
        error_messages={"required": missing or f"Enter the {label.lower()}"},
    )


def _slug(label: str, help_text: str) -> forms.CharField:
    field = _text(label, max_length=80, help_text=help_text)
    field.validators.extend([slug_validator, not_reserved])
    return field


class PlanForm(GovForm):
    layout_fields = [
        ("title", "text"),
        ("slug", "text"),
        ("priority_term", "radios"),
        ("period_start", "date"),
        ("period_end", "date"),
        ("vision", "textarea"),
        ("aims", "textarea"),
    ]

    title = _text(
        "Title",
        max_length=300,
        help_text="For example, Children and Young People's Plan 2025 to 2028",
    )
    slug = _slug(
        "Short name for web addresses",
        "Lower-case letters, digits and hyphens, for example cypp-2025-2028",
    )
    priority_term = forms.ChoiceField(
        label="What does the plan call its priorities?",
        choices=PriorityTerm.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose priorities or outcomes"},
    )
    period_start = GovDateField(
        label="Start of the plan period", required=False, help_text="For example, 1 4 2025"
    )
    period_end = GovDateField(
        label="End of the plan period", required=False, help_text="For example, 31 3 2028"
    )
    vision = _long_text(
        "Vision",
        required=False,
        help_text="The partnership's vision for its children and young people",
    )
    aims = _long_text("Aims", required=False, help_text="One aim on each line")

    def __init__(
        self, *args: Any, partnership: Partnership, plan_pk: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.plan_pk = plan_pk

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        clash = self.partnership.plans.filter(slug=slug).exclude(pk=self.plan_pk or 0)
        if clash.exists():
            raise forms.ValidationError(
                "Another plan of this partnership already uses this "
                "short name; choose a different one"
            )
        return slug

    def clean_aims(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aims"].splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", "The end of the plan period must be after its start")
        if (
            bool(start) != bool(end)
            and not self.has_error("period_start")
            and not self.has_error("period_end")
        ):
            self.add_error(
                "period_end" if start else "period_start",
                "Enter both the start and the end of the plan period, or neither",
            )
        return data


class PlanStatusForm(GovForm):
    submit_label = "Change status"
    layout_fields = [("status", "radios")]

    status = forms.ChoiceField(
        label="New status",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the plan's new status"},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices  # type: ignore[attr-defined]
        descriptions = {
            PlanStatus.DRAFT: "only the partnership's members can see it",
            PlanStatus.CONSULTATION: "only the partnership's members can see it while views "
            "are gathered",
            PlanStatus.ADOPTED: "the public can read it",
            PlanStatus.ARCHIVED: "kept for the record; the public no longer sees it",
        }
        self.fields["status"].help_text = "; ".join(
            f"{label}: {descriptions[PlanStatus(value)]}" for value, label in choices
        )


class SectionForm(GovForm):
    layout_fields = [("title", "text"), ("key", "text"), ("body", "textarea")]

    title = _text("Heading", max_length=200)
    key = _slug("Short name", "Lower-case letters, digits and hyphens, for example foreword")
    body = _long_text(
        "Text",
        required=False,
        help_text="Leave a blank line between paragraphs. "
        "Start a line with a hyphen for a bullet point, or with ### for a "
        "sub-heading.",
    )

    def __init__(self, *args: Any, plan: Any, section_pk: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.plan, self.section_pk = plan, section_pk

    def clean_key(self) -> str:
        key: str = self.cleaned_data["key"]
        if self.plan.sections.filter(key=key).exclude(pk=self.section_pk or 0).exists():
            raise forms.ValidationError(
                "Another section of this plan already uses this short name; choose a different one"
            )
        return key


class PriorityForm(GovForm):
    layout_fields = [("title", "text"), ("description", "textarea")]

    title = _text("Title", max_length=300)
    description = _long_text("Description", required=False)

    def __init__(self, *args: Any, term: str = "Priority", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].error_messages["required"] = f"Enter the {term.lower()}'s title"


class CriterionForm(GovForm):
    layout_fields = [("text", "textarea")]

    text = _long_text(
        "Success criterion",
        missing="Enter the success criterion",
        help_text="How will we know we are making a difference?",
    )


class IndicatorLinkForm(GovForm):
    submit_label = "Add indicator"
    layout_fields = [("indicator", "select")]

    indicator = forms.ModelChoiceField(
        label="Indicator",
        queryset=Indicator.objects.none(),
        error_messages={
            "required": "Choose an indicator",
            "invalid_choice": "Choose an indicator from the list",
        },
    )

    def __init__(self, *args: Any, priority: Priority, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partnership = priority.plan.partnership
        field = self.fields["indicator"]
        field.queryset = (  # type: ignore[attr-defined]
            Indicator.objects.available_to(partnership)
            .exclude(priority_links__priority=priority)
            .order_by("name")
        )
        field.help_text = (
            "Indicators already linked are not listed. Add a new indicator to the "
            "catalogue from the Performance section."
        )


class ActionForm(GovForm):
    layout_fields = [
        ("text", "textarea"),
        ("lead_groups", "checkboxes"),
        ("linked_strategies", "checkboxes"),
        ("start_date", "date"),
        ("due_date", "date"),
    ]

    text = _long_text("Key action", missing="Enter the key action")
    lead_groups = forms.ModelMultipleChoiceField(
        label="Lead groups",
        queryset=Group.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The groups the partnership will hold to account for this action",
    )
    linked_strategies = forms.ModelMultipleChoiceField(
        label="Linked plans and strategies",
        queryset=Strategy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = GovDateField(label="Start date", required=False, help_text="For example, 1 4 2025")
    due_date = GovDateField(label="Due date", required=False, help_text="For example, 31 3 2026")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_groups"].queryset = Group.objects.for_partnership(  # type: ignore[attr-defined]
            partnership
        ).order_by("name")
        self.fields["linked_strategies"].queryset = Strategy.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        ).order_by("title")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", "The due date must be the same as or after the start date")
        return data


class PlanImportForm(GovForm):
    submit_label = "Check the file"
    layout_fields = [("file", "file")]

    file = forms.FileField(
        label="Plan file",
        help_text="A YAML plan file, as described in the user guide",
        error_messages={
            "required": "Choose a plan file to upload",
            "empty": "The file you chose is empty",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper.form_tag = False  # the page wraps it in a multipart form


class StrategyForm(GovForm):
    layout_fields = [("title", "text"), ("url", "text")]

    title = _text("Title", max_length=300, help_text="For example, Early Help Strategy")
    url = forms.URLField(
        assume_scheme="https",
        label="Web address (optional)",
        required=False,
        max_length=200,
        # A text box: crispy-forms-gds gives GOV.UK styles (and the error border) to text inputs
        # only, not to type="url".
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "url"}),
        help_text="Where the public can read it, starting with https://",
        error_messages={"invalid": "Enter a full web address, starting with https://"},
    )

    def __init__(
        self, *args: Any, partnership: Partnership, strategy_pk: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partnership, self.strategy_pk = partnership, strategy_pk

    def clean_title(self) -> str:
        title: str = self.cleaned_data["title"].strip()
        others = Strategy.objects.filter(partnership=self.partnership).exclude(
            pk=self.strategy_pk or 0
        )
        if others.filter(title=title).exists():
            raise forms.ValidationError(
                "The partnership already lists a plan or strategy with this title"
            )
        return title


class GlossaryTermForm(GovForm):
    layout_fields = [("term", "text"), ("meaning", "text")]

    term = _text("Term or acronym", max_length=40, help_text="For example, CAMHS")
    meaning = _text(
        "Meaning",
        max_length=300,
        help_text="For example, Child and Adolescent Mental Health Services",
    )

    def __init__(
        self, *args: Any, partnership: Partnership, term_pk: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.partnership, self.term_pk = partnership, term_pk

    def clean_term(self) -> str:
        term: str = self.cleaned_data["term"].strip()
        others = self.partnership.glossary.exclude(pk=self.term_pk or 0)
        if others.filter(term=term).exists():
            raise forms.ValidationError("The glossary already explains this term")
        return term
