"""Forms for the one-minute guide. They check what a person typed; governance.guide checks the
rules (versions, what may be published), and its errors are shown on these forms."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from partnership.plans.forms import _long_text, _text
from partnership.web.forms_base import GovForm

from .guide import GuideItemInput
from .meeting_models import OneMinuteGuide

MAX_ITEMS = 40


class _Form(GovForm):
    """GovForm, plus single checkboxes ("checkbox") in ``layout_fields``."""

    def lay_out(self) -> None:
        super().lay_out()
        if not any(kind == "checkbox" for _, kind in self.layout_fields):
            return
        items: list[Any] = []
        for name, kind in self.layout_fields:
            if kind == "checkbox":
                items.append(Field.checkbox(name, small=True))
            elif kind == "textarea":
                items.append(Field.textarea(name, label_size=Size.SMALL, rows=5))
            elif kind == "hidden":
                items.append(Field(name))
            else:
                items.append(Field.text(name, label_size=Size.SMALL))
        self.helper.layout = Layout(*items, Submit("submit", self.submit_label))


class GuideEditForm(_Form):
    """The guide's introduction, each item (heading, text, position, remove) and a new item.

    Items are fields of one form rather than a formset so the error summary can link to every
    field. The number of items comes from the posted form, not the stored guide, so an editor's
    text is kept on the page even when a newer version has been saved meanwhile.
    """

    submit_label = "Save guide"

    version = forms.IntegerField(widget=forms.HiddenInput)
    item_count = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_ITEMS)
    introduction = _long_text(
        "Introduction",
        required=False,
        help_text="Where the meeting was and anything that set it apart, in a sentence or two.",
    )
    closing = _long_text(
        "Closing text",
        required=False,
        help_text='For example "For more information, contact the partnership at …" (use the '
        "partnership's shared address, not a person's).",
    )

    def __init__(self, *args: Any, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.count = min(max(count, 0), MAX_ITEMS)
        layout: list[tuple[str, str]] = [("version", "hidden"), ("item_count", "hidden")]
        layout.append(("introduction", "textarea"))
        for n in range(1, self.count + 1):
            self.fields[f"item_{n}_source"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False
            )
            self.fields[f"item_{n}_heading"] = _text(
                f"Item {n}: heading",
                max_length=300,
                required=False,
            )
            self.fields[f"item_{n}_text"] = _long_text(f"Item {n}: text", required=False)
            self.fields[f"item_{n}_position"] = forms.IntegerField(
                label=f"Item {n}: position",
                min_value=1,
                max_value=MAX_ITEMS + 1,
                help_text="Change the number to move the item.",
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
                ),
                error_messages={
                    "required": f"Enter a position for item {n}, like {n}",
                    "invalid": f"The position of item {n} must be a whole number, like {n}",
                    "min_value": f"The position of item {n} must be 1 or more",
                    "max_value": f"The position of item {n} must be {MAX_ITEMS + 1} or less",
                },
            )
            self.fields[f"item_{n}_remove"] = forms.BooleanField(
                label=f"Remove item {n}", required=False
            )
            layout += [
                (f"item_{n}_source", "hidden"),
                (f"item_{n}_heading", "text"),
                (f"item_{n}_text", "textarea"),
                (f"item_{n}_position", "text"),
                (f"item_{n}_remove", "checkbox"),
            ]
        self.fields["new_heading"] = _text("New item: heading", max_length=300, required=False)
        self.fields["new_text"] = _long_text(
            "New item: text", required=False, help_text="Leave both blank to add no item."
        )
        layout += [("new_heading", "text"), ("new_text", "textarea"), ("closing", "textarea")]
        self.layout_fields = layout
        self.lay_out()

    @classmethod
    def for_guide(cls, guide: OneMinuteGuide) -> GuideEditForm:
        items = list(guide.items.order_by("order", "id"))
        initial: dict[str, Any] = {
            "version": guide.version,
            "item_count": len(items),
            "introduction": guide.introduction,
            "closing": guide.closing,
        }
        for n, item in enumerate(items, start=1):
            initial[f"item_{n}_source"] = item.agenda_item_id
            initial[f"item_{n}_heading"] = item.heading
            initial[f"item_{n}_text"] = item.text
            initial[f"item_{n}_position"] = n
        return cls(initial=initial, count=len(items))

    @classmethod
    def from_post(cls, data: Any) -> GuideEditForm:
        try:
            count = int(data.get("item_count", 0))
        except (TypeError, ValueError):
            count = 0
        return cls(data, count=count)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, self.count + 1):
            if data.get(f"item_{n}_remove"):
                continue
            if not (data.get(f"item_{n}_heading") or "").strip():
                self.add_error(f"item_{n}_heading", f"Enter a heading for item {n}")
            if not (data.get(f"item_{n}_text") or "").strip():
                self.add_error(f"item_{n}_text", f"Enter the text of item {n}")
            if data.get(f"item_{n}_position") is None and f"item_{n}_position" not in self.errors:
                self.add_error(f"item_{n}_position", f"Enter a position for item {n}, like {n}")
        heading = (data.get("new_heading") or "").strip()
        text = (data.get("new_text") or "").strip()
        if heading and not text:
            self.add_error("new_text", "Enter the text of the new item, or clear its heading")
        if text and not heading:
            self.add_error("new_heading", "Enter a heading for the new item, or clear its text")
        return data

    def items(self) -> list[GuideItemInput]:
        """The items in their new order: by position, ties kept in their old order; the new
        item goes last."""
        data = self.cleaned_data
        kept = [
            (data[f"item_{n}_position"], n)
            for n in range(1, self.count + 1)
            if not data.get(f"item_{n}_remove")
        ]
        result = [
            GuideItemInput(
                data[f"item_{n}_heading"], data[f"item_{n}_text"], data.get(f"item_{n}_source")
            )
            for _, n in sorted(kept)
        ]
        if (data.get("new_heading") or "").strip():
            result.append(GuideItemInput(data["new_heading"], data["new_text"]))
        return result


class GuideDraftForm(_Form):
    submit_label = "Draft from the minutes"

    replace = forms.BooleanField(
        label="Replace the existing draft (the changes made to it will be lost)",
        required=False,
    )

    def __init__(self, *args: Any, has_draft: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_draft = has_draft
        if has_draft:
            self.layout_fields = [("replace", "checkbox")]
        else:
            del self.fields["replace"]
            self.layout_fields = []
        self.lay_out()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_draft and not data.get("replace"):
            self.add_error(
                "replace", "Confirm that you want to replace the existing draft, or go back"
            )
        return data


class GuideVersionForm(_Form):
    """Publishing: only the version the officer saw, so a stale page publishes nothing."""

    submit_label = "Publish guide"

    version = forms.IntegerField(widget=forms.HiddenInput)
    layout_fields = [("version", "hidden")]


class GuideUnpublishForm(_Form):
    submit_label = "Unpublish guide"

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = _text(
        "Why are you unpublishing it?",
        max_length=90,
        missing="Say why the guide is being unpublished",
        help_text="Kept in the guide's history.",
    )
    layout_fields = [("version", "hidden"), ("reason", "text")]
