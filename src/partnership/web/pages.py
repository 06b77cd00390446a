"""Page patterns every app's views reuse: a form page, a confirm-and-delete page, a move button
and a history page. Views supply the objects and call their app's services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from .history import history_entries
from .mixins import PartnershipView


def apply_validation_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, on the field it names where it can."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.message if hasattr(item, "message") else str(item))
    else:
        for message in error.messages:
            form.add_error(None, message)


class FormPage(PartnershipView):
    """GET shows the form; POST validates it and calls ``save``; success redirects."""

    template_name = "web/form_page.html"
    heading = ""
    caption = ""
    intro = ""
    success_message = ""

    def get_form(self, data: Any = None, files: Any = None) -> forms.Form:
        raise NotImplementedError

    def save(self, form: forms.Form) -> Any:
        raise NotImplementedError

    def success_url(self, result: Any) -> str:
        raise NotImplementedError

    def back_url(self) -> str:
        raise NotImplementedError

    def page_context(self) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.show(self.get_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = self.save(form)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if self.success_message:
                    messages.success(request, self.success_message)
                return HttpResponseRedirect(self.success_url(result))
        return self.show(form, status=400)

    def show(self, form: forms.Form, status: int = 200) -> HttpResponse:
        values = {"heading": self.heading, "caption": self.caption, "intro": self.intro}
        values.update(self.page_context())
        context = self.get_context_data(form=form, back_url=self.back_url(), **values)
        return render(self.request, self.template_name, context, status=status)


class ConfirmDeletePage(PartnershipView):
    """GET asks "are you sure?"; POST deletes through ``delete`` and redirects."""

    template_name = "web/confirm_delete.html"
    heading = ""
    warning = ""
    success_message = "Deleted"

    def delete(self) -> None:
        raise NotImplementedError

    def success_url(self) -> str:
        raise NotImplementedError

    def back_url(self) -> str:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.get_context_data(
            heading=self.heading, warning=self.warning, back_url=self.back_url()
        )
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Work out where to go and what to say before the object is gone.
        target, message = self.success_url(), self.success_message
        self.delete()
        messages.success(request, message)
        return HttpResponseRedirect(target)


class MoveAction(PartnershipView):
    """POST with direction=up|down moves an item within its list, then returns to the list."""

    http_method_names = ["post"]

    def move(self, direction: str) -> None:
        raise NotImplementedError

    def back_url(self) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        direction = request.POST.get("direction", "")
        if direction not in {"up", "down"}:
            return HttpResponse(
                "Say whether to move the item up or down.", status=400, content_type="text/plain"
            )
        self.move(direction)
        return HttpResponseRedirect(self.back_url())


class HistoryPage(PartnershipView):
    template_name = "web/history.html"
    heading = ""

    def history_objects(self) -> list[Any]:
        """Querysets of historical records (model.history) whose entries the page shows."""
        raise NotImplementedError

    def back_url(self) -> str:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.get_context_data(
            heading=self.heading,
            back_url=self.back_url(),
            entries=history_entries(self.history_objects()),
        )
        return render(request, self.template_name, context)
