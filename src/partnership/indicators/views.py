from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from partnership.web.mixins import PartnershipView
from partnership.web.pages import FormPage, HistoryPage
from partnership.web.permissions import Perm

from . import presenters, services
from .forms import IndicatorForm
from .models import Indicator


class FrameworkView(PartnershipView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.get_context_data(
            rows=presenters.framework_rows(self.partnership, self.perms),
            can_manage=Perm.MANAGE_CATALOGUE in self.perms,
        )
        return render(request, "indicators/framework.html", context)


class IndicatorScoped(PartnershipView):
    def indicator(self) -> Indicator:
        return get_object_or_404(
            Indicator.objects.available_to(self.partnership), code=self.kwargs["code"]
        )

    def detail_url(self, indicator: Indicator) -> str:
        return reverse(
            "indicators:indicator_detail",
            kwargs={"partnership": self.partnership.slug, "code": indicator.code},
        )


class IndicatorDetailView(IndicatorScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        indicator = self.indicator()
        context = self.get_context_data(
            indicator=indicator,
            uses=presenters.indicator_uses(self.partnership, self.perms, indicator),
            can_manage=(
                Perm.MANAGE_CATALOGUE in self.perms
                and indicator.partnership_id == self.partnership.pk
            ),
            can_see_history=Perm.VIEW_UNPUBLISHED in self.perms,
        )
        return render(request, "indicators/indicator_detail.html", context)


class IndicatorCreateView(IndicatorScoped, FormPage):
    permission = Perm.MANAGE_CATALOGUE
    heading = "Add an indicator"
    success_message = "Indicator added"

    def get_form(self, data: Any = None, files: Any = None) -> IndicatorForm:
        return IndicatorForm(data, partnership=self.partnership, initial={"polarity": "none"})

    def save(self, form: Any) -> Indicator:
        return services.indicator_create(
            partnership=self.partnership, by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Indicator) -> str:
        return self.detail_url(result)

    def back_url(self) -> str:
        return reverse("indicators:framework", kwargs={"partnership": self.partnership.slug})


class IndicatorEditView(IndicatorScoped, FormPage):
    permission = Perm.MANAGE_CATALOGUE
    heading = "Edit indicator"
    success_message = "Indicator saved"

    def own_indicator(self) -> Indicator:
        return get_object_or_404(Indicator, partnership=self.partnership, code=self.kwargs["code"])

    def get_form(self, data: Any = None, files: Any = None) -> IndicatorForm:
        ind = self.own_indicator()
        return IndicatorForm(
            data,
            partnership=self.partnership,
            indicator_pk=ind.pk,
            initial={
                "name": ind.name,
                "code": ind.code,
                "description": ind.description,
                "unit": ind.unit,
                "polarity": ind.polarity,
            },
        )

    def save(self, form: Any) -> Indicator:
        return services.indicator_update(
            indicator=self.own_indicator(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Indicator) -> str:
        return self.detail_url(result)

    def back_url(self) -> str:
        return self.detail_url(self.own_indicator())


class IndicatorHistoryView(IndicatorScoped, HistoryPage):
    permission = Perm.VIEW_UNPUBLISHED
    heading = "Changes to this indicator"

    def history_objects(self) -> list[Any]:
        return [Indicator.history.filter(id=self.indicator().pk)]

    def back_url(self) -> str:
        return self.detail_url(self.indicator())
