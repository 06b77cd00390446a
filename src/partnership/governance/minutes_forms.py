"""Forms for minutes, actions arising and their follow-up. They check what a person typed;
governance.minutes checks the rules (versions, the lifecycle) and its errors show here."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.utils.html import format_html

from partnership.web.forms_base import GovDateField, GovForm

from .meeting_models import ActionArisingStatus, AgendaItem, Person
from .minutes import PART_LABELS, ItemText, join_paragraphs, split_paragraphs

CONFIRM_SLOTS = 3


def _item_label(item: AgendaItem) -> str:
    return f"item {item.number}" if item.number else f"“{item.title}”"


class MinutesEditForm(GovForm):
    """Every item's minute on one page: narrative, discussion points and resolutions."""

    submit_label = "Save minutes"
    seen_version = forms.IntegerField(
        widget=forms.HiddenInput,
        error_messages={
            "required": "The page was missing which version you edited: open the minutes again",
            "invalid": "The page was missing which version you edited: open the minutes again",
        },
    )

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        self.items = items
        super().__init__(*args, **kwargs)
        layout: list[Any] = [Field("seen_version")]
        for item in items:
            minute = getattr(item, "minute", None)
            which = _item_label(item)
            self.fields[f"narrative_{item.pk}"] = forms.CharField(
                label=f"Minutes of {which}",
                required=False,
                widget=forms.Textarea,
                initial=minute.narrative if minute else "",
                help_text="What was presented and discussed, in paragraphs.",
            )
            self.fields[f"points_{item.pk}"] = forms.CharField(
                label=f"Discussion points, {which}",
                required=False,
                widget=forms.Textarea,
                initial=join_paragraphs(minute.points) if minute else "",
                help_text="One point a paragraph (leave a blank line between points); they are "
                "lettered a), b), c) when shown. Lines starting “i.”, “ii.” inside a point are "
                "kept as its own list.",
            )
            self.fields[f"resolutions_{item.pk}"] = forms.CharField(
                label=f"Resolutions, {which}",
                required=False,
                widget=forms.Textarea,
                initial=join_paragraphs(minute.resolutions) if minute else "",
                help_text="One resolution a paragraph, for example “Resolved to note that …”.",
            )
            layout.append(
                HTML(
                    format_html(
                        '<h2 class="govuk-heading-m" id="item-{}">{}</h2>', item.pk, str(item)
                    )
                )
            )
            for part in ("narrative", "points", "resolutions"):
                layout.append(Field.textarea(f"{part}_{item.pk}", label_size=Size.SMALL, rows=5))
        self.helper.layout = Layout(*layout, Submit("submit", self.submit_label))

    def lay_out(self) -> None:
        # The layout is built in __init__, once the items' fields exist.
        return None

    def item_texts(self) -> dict[int, ItemText]:
        data = self.cleaned_data
        return {
            item.pk: ItemText(
                narrative=data.get(f"narrative_{item.pk}", ""),
                points=tuple(split_paragraphs(data.get(f"points_{item.pk}", ""))),
                resolutions=tuple(split_paragraphs(data.get(f"resolutions_{item.pk}", ""))),
            )
            for item in self.items
        }


def _people_field(label: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=Person.objects.none(),
        required=False,
        empty_label="Not one of the people listed",
        error_messages={"invalid_choice": "Choose a person from the list"},
    )


class ActionArisingForm(GovForm):
    layout_fields = [
        ("description", "textarea"),
        ("owner", "text"),
        ("owner_person", "select"),
        ("due_date", "date"),
    ]
    submit_label = "Save action"

    description = forms.CharField(
        label="Action",
        widget=forms.Textarea,
        error_messages={"required": "Enter what is to be done"},
    )
    owner = forms.CharField(
        label="Owner",
        required=False,
        max_length=300,
        help_text="A post, a team or a person, as the minutes will name them. Leave blank to use "
        "the person chosen below.",
        error_messages={"max_length": "Owner must be 300 characters or fewer"},
    )
    owner_person = _people_field("Owner from the partnership's people (optional)")
    due_date = GovDateField(label="Due date", required=False, help_text="For example 31 3 2021")
    status = forms.ChoiceField(
        label="Status",
        choices=ActionArisingStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )

    def __init__(self, *args: Any, partnership: Any, with_status: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["owner_person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Person.objects.for_partnership(partnership).order_by("name")
        if with_status:
            self.layout_fields = [*self.layout_fields, ("status", "radios")]
        else:
            del self.fields["status"]
        self.lay_out()


class ActionUpdateForm(GovForm):
    layout_fields = [("status", "radios"), ("note", "textarea")]
    submit_label = "Record update"

    status = forms.ChoiceField(
        label="Where is the action now?",
        choices=ActionArisingStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the action is now"},
    )
    note = forms.CharField(
        label="What the meeting heard",
        required=False,
        widget=forms.Textarea,
        help_text="Needed if the action is dropped: say why.",
    )


def _item_choices(items: list[AgendaItem]) -> list[tuple[str, str]]:
    return [("", "No change to the text")] + [(str(i.pk), str(i)) for i in items]


PART_CHOICES = [(key, label) for key, label in PART_LABELS.items()]


class ConfirmForm(GovForm):
    """Confirm the previous minutes, with up to three amendments agreed at the meeting."""

    submit_label = "Confirm as a true record"

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        self.items = {str(i.pk): i for i in items}
        super().__init__(*args, **kwargs)
        layout: list[Any] = []
        for n in range(1, CONFIRM_SLOTS + 1):
            self.fields[f"description_{n}"] = forms.CharField(
                label="What was agreed",
                required=False,
                help_text="As it reads after “Subject to”, for example “amending Councillor "
                "Smith's title to Portfolio Holder for Schools”. Leave blank if there is no "
                "amendment.",
            )
            self.fields[f"item_{n}"] = forms.ChoiceField(
                label="Item whose text it corrects (optional)",
                choices=_item_choices(items),
                required=False,
                error_messages={"invalid_choice": "Choose an item from the list"},
            )
            self.fields[f"part_{n}"] = forms.ChoiceField(
                label="Part of the item's minute",
                choices=[("", "Choose a part"), *PART_CHOICES],
                required=False,
            )
            self.fields[f"text_{n}"] = forms.CharField(
                label="Corrected text of that part",
                required=False,
                widget=forms.Textarea,
                help_text="The whole part as it should read; points and resolutions one a "
                "paragraph.",
            )
            layout.append(
                Fieldset(
                    Field.text(f"description_{n}", label_size=Size.SMALL),
                    Field(f"item_{n}", context={"label_size": Size.for_label(Size.SMALL)}),
                    Field(f"part_{n}", context={"label_size": Size.for_label(Size.SMALL)}),
                    Field.textarea(f"text_{n}", label_size=Size.SMALL, rows=4),
                    legend=f"Amendment {n}",
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper.layout = Layout(*layout, Submit("submit", self.submit_label))

    def lay_out(self) -> None:
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, CONFIRM_SLOTS + 1):
            description = data.get(f"description_{n}", "").strip()
            item, part, text = data.get(f"item_{n}"), data.get(f"part_{n}"), data.get(f"text_{n}")
            if not description and (item or part or (text or "").strip()):
                self.add_error(f"description_{n}", f"Amendment {n}: say what was agreed")
            if item and not part:
                self.add_error(f"part_{n}", f"Amendment {n}: choose the part the text replaces")
            if (text or "").strip() and not item:
                self.add_error(f"item_{n}", f"Amendment {n}: choose the item the text is for")
        return data

    def corrections(self) -> list[Any]:
        from .minutes import Correction

        found = []
        for n in range(1, CONFIRM_SLOTS + 1):
            description = self.cleaned_data.get(f"description_{n}", "").strip()
            if not description:
                continue
            item = self.items.get(self.cleaned_data.get(f"item_{n}") or "")
            found.append(
                Correction(
                    description=description,
                    item=item,
                    part=self.cleaned_data.get(f"part_{n}", "") if item else "",
                    text=self.cleaned_data.get(f"text_{n}", "") if item else "",
                )
            )
        return found


class AmendmentForm(GovForm):
    layout_fields = [
        ("seen_version", "hidden"),
        ("description", "textarea"),
        ("item", "select"),
        ("part", "radios"),
        ("text", "textarea"),
    ]
    submit_label = "Record amendment"

    seen_version = forms.IntegerField(widget=forms.HiddenInput)
    description = forms.CharField(
        label="What the amendment corrects",
        widget=forms.Textarea,
        help_text="Shown with the minutes, for example “Councillor Smith's title corrected to "
        "Portfolio Holder for Schools”.",
        error_messages={"required": "Say what the amendment corrects"},
    )
    item = forms.ChoiceField(
        label="Item",
        error_messages={
            "required": "Choose the item the amendment corrects",
            "invalid_choice": "Choose an item from the list",
        },
    )
    part = forms.ChoiceField(
        label="Which part of the item's minute does the new text replace?",
        choices=PART_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the part the new text replaces"},
    )
    text = forms.CharField(
        label="Corrected text",
        widget=forms.Textarea,
        help_text="The whole part as it should read; points and resolutions one a paragraph.",
        error_messages={"required": "Enter the corrected text"},
    )

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        self.items = {str(i.pk): i for i in items}
        super().__init__(*args, **kwargs)
        field = self.fields["item"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Choose an item")] + [(str(i.pk), str(i)) for i in items]

    def chosen_item(self) -> AgendaItem:
        return self.items[self.cleaned_data["item"]]
