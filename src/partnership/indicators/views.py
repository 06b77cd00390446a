from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from partnership.web.mixins import PartnershipView
from partnership.web.pages import ConfirmDeletePage, FormPage, HistoryPage
from partnership.web.permissions import Perm

from . import presenters, services
from .forms import IndicatorForm, TargetAddForm, TargetForm
from .models import Indicator, IntervalMethod, Multiplier, PeriodType, Polarity, Target


class FrameworkView(PartnershipView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.get_context_data(
            rows=presenters.framework_rows(self.partnership, self.perms),
            dashboards=presenters.dashboard_links(self.partnership, self.perms),
            can_manage=Perm.MANAGE_CATALOGUE in self.perms,
            can_import=Perm.MANAGE_DATA in self.perms,
        )
        return render(request, "indicators/framework.html", context)


class IndicatorScoped(PartnershipView):
    def indicator(self) -> Indicator:
        return get_object_or_404(
            Indicator.objects.available_to(self.partnership), code=self.kwargs["code"]
        )

    def detail_url(self, indicator: Indicator) -> str:
        return reverse(
            "performance:indicator",
            kwargs={"partnership": self.partnership.slug, "code": indicator.code},
        )


class IndicatorCreateView(IndicatorScoped, FormPage):
    permission = Perm.MANAGE_CATALOGUE
    heading = "Add an indicator"
    success_message = "Indicator added"

    def get_form(self, data: Any = None, files: Any = None) -> IndicatorForm:
        # The model's defaults, but no value type or rating: the officer decides those.
        initial = {
            "polarity": Polarity.NONE,
            "multiplier": Multiplier.ONE,
            "decimal_places": 1,
            "period_type": PeriodType.FINANCIAL_YEAR,
            "interval_method": IntervalMethod.NONE,
            "quartiles_meaningful": "yes",
        }
        return IndicatorForm(data, partnership=self.partnership, initial=initial)

    def save(self, form: Any) -> Indicator:
        return services.indicator_create(
            partnership=self.partnership, by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Indicator) -> str:
        return self.detail_url(result)

    def back_url(self) -> str:
        return reverse("indicators:framework", kwargs={"partnership": self.partnership.slug})


class IndicatorEditView(IndicatorScoped, FormPage):
    """Only the partnership's own indicators: the national catalogue is not theirs to change
    (it is 404 here, as if it were not there to edit)."""

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
            initial=IndicatorForm.initial_for(ind),
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


# Targets -------------------------------------------------------------------------------------


class TargetScoped(IndicatorScoped):
    """A page about one of the partnership's targets for an indicator it can see."""

    def target(self) -> Target:
        return get_object_or_404(
            Target.objects.select_related("area", "period", "indicator"),
            partnership=self.partnership,
            indicator=self.indicator(),
            pk=self.kwargs["target"],
        )

    def targets_url(self) -> str:
        return self.detail_url(self.indicator()) + "#targets"

    def back_url(self) -> str:
        return self.targets_url()

    def page_context(self) -> dict[str, Any]:
        # FormPage's caption: which indicator the target is for.
        return {"caption": self.indicator().name}

    @staticmethod
    def describe(target: Target) -> str:
        return f"the target for {target.area.name}, {target.period.label}"


class TargetCreateView(TargetScoped, FormPage):
    permission = Perm.MANAGE_DATA
    heading = "Add a target"
    success_message = "Target added"

    def get_form(self, data: Any = None, files: Any = None) -> TargetAddForm:
        return TargetAddForm(data, indicator=self.indicator(), partnership=self.partnership)

    def save(self, form: Any) -> Target:
        data = form.cleaned_data
        return services.target_add(
            partnership=self.partnership,
            indicator=self.indicator(),
            area=data["area"],
            period_label=data["period"],
            value=data["value"],
            value_upper=data["value_upper"],
            reason=data["reason"],
            by=self.request.user,
        )

    def success_url(self, result: Target) -> str:
        return self.targets_url()


class TargetEditView(TargetScoped, FormPage):
    permission = Perm.MANAGE_DATA
    success_message = "Target saved"

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Change {self.describe(self.target())}"

    intro = "To set a target for another area or period, add a new target."

    def get_form(self, data: Any = None, files: Any = None) -> TargetForm:
        target = self.target()
        return TargetForm(data, indicator=target.indicator, initial=TargetForm.initial_for(target))

    def save(self, form: Any) -> Target:
        return services.target_change(
            target=self.target(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Target) -> str:
        return self.targets_url()


class TargetDeleteView(TargetScoped, ConfirmDeletePage):
    permission = Perm.MANAGE_DATA
    success_message = "Target deleted"
    warning = "Its history keeps what it was, who set it and who deleted it."

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Delete {self.describe(self.target())}"

    def delete(self) -> None:
        services.target_delete(target=self.target(), by=self.request.user)

    def success_url(self) -> str:
        return self.targets_url()


class TargetHistoryView(TargetScoped, HistoryPage):
    permission = Perm.VIEW_UNPUBLISHED

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Changes to {self.describe(self.target())}"

    def history_objects(self) -> list[Any]:
        return [Target.history.filter(id=self.target().pk)]
