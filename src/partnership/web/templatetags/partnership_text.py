"""Renders the plan's simple text markup (paragraphs, hyphen bullets, ### sub-headings) as
GOV.UK-styled HTML. Everything is escaped first: the markup never lets HTML through."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def plan_text(value: str | None) -> SafeString:
    if not value:
        return mark_safe("")
    html: list[str] = []
    paragraph: list[str] = []
    depth = 0  # how many <ul> are open

    def close_paragraph() -> None:
        if paragraph:
            html.append(f'<p class="govuk-body">{" ".join(paragraph)}</p>')
            paragraph.clear()

    def close_lists(to: int = 0) -> None:
        nonlocal depth
        while depth > to:
            html.append("</li></ul>")
            depth -= 1

    for raw in value.replace("\r\n", "\n").split("\n"):
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip(" "))
        if not stripped:
            close_paragraph()
            close_lists()
            continue
        if stripped.startswith("### "):
            close_paragraph()
            close_lists()
            html.append(f'<h3 class="govuk-heading-s">{escape(stripped[4:])}</h3>')
            continue
        if stripped.startswith("- "):
            close_paragraph()
            level = 1 + min(indent // 2, 1)
            item = escape(stripped[2:])
            if level > depth:
                while depth < level:
                    html.append('<ul class="govuk-list govuk-list--bullet"><li>')
                    depth += 1
                html.append(item)
            else:
                close_lists(level)
                html.append(f"</li><li>{item}")
            continue
        if depth:
            # A continuation line of the current bullet.
            html.append(" " + escape(stripped))
            continue
        paragraph.append(escape(stripped))
    close_paragraph()
    close_lists()
    return mark_safe("".join(html))


@register.filter
def summary_target(bound_field: Any, field_id: str) -> str:
    """The id an error-summary link should point at. Radios and checkboxes have no element with
    the field's own id, so point at the first option (crispy-forms-gds numbers them from 1); a
    day / month / year date points at its day box, which can take focus."""
    if field_id != getattr(bound_field, "auto_id", None):
        return field_id
    field = getattr(bound_field, "field", None)
    widget = getattr(field, "widget", None)
    if isinstance(field, forms.MultiValueField):
        return f"{field_id}_0"
    choices = getattr(widget, "allow_multiple_selected", False) or getattr(
        widget, "input_type", ""
    ) in {"radio", "checkbox"}
    if choices and not isinstance(widget, forms.CheckboxInput):
        return f"{field_id}_1"
    return field_id
