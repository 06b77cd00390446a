"""The performance pages: an indicator for an area, a priority's scorecard, a plan's dashboard
and the downloads of what the indicator page shows. Each page is about one local authority:
``?area=`` (ONS code or DfE number) chooses another, the partnership's own is the default."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from partnership.indicators.models import Indicator
from partnership.plans.models import Plan, Priority
from partnership.web.mixins import PartnershipView
from partnership.web.permissions import Perm

from . import downloads
from . import performance as pages


class IndicatorPageView(PartnershipView):
    def indicator(self) -> Indicator:
        return get_object_or_404(
            Indicator.objects.available_to(self.partnership).select_related("partnership"),
            code=self.kwargs["code"],
        )

    def page(self) -> pages.AreaIndicatorPage:
        choice = pages.choose_area(self.partnership, self.request.GET.get("area"))
        return pages.area_indicator_page(
            partnership=self.partnership,
            perms=self.perms,
            indicator=self.indicator(),
            choice=choice,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        page = self.page()
        return render(
            request,
            "reports/performance/indicator.html",
            self.get_context_data(page=page, choice=page.choice),
        )


class IndicatorDownloadView(IndicatorPageView):
    """``?table=trend|comparison|benchmarks`` as CSV or XLSX; every table as XLSX without one."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        page = self.page()
        if page.choice.error:
            raise Http404(page.choice.error)
        tables = pages.download_tables(page)
        name = request.GET.get("table", "")
        fmt = kwargs["fmt"]
        if name and name not in tables:
            raise Http404("This page has no such table for this area.")
        if not name and fmt == "csv":
            raise Http404("A CSV file holds one table: choose which.")
        area = page.choice.area
        stem = slugify(f"{page.catalogue.indicator.code} {area.name if area else ''} {name}")
        if fmt == "csv":
            body = downloads.csv_bytes(tables[name][1])
            response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        else:
            chosen = [tables[name]] if name else list(tables.values())
            body = downloads.xlsx_bytes(chosen, pages.about_rows(page))
            response = HttpResponse(
                body,
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
        return response


class PlanPerformanceView(PartnershipView):
    """A page about one of the partnership's plans: unpublished plans are 404 to anyone who may
    not see drafts, as the plan's own pages are."""

    def plan(self) -> Plan:
        plan = get_object_or_404(Plan, partnership=self.partnership, slug=self.kwargs["plan"])
        if not plan.is_public and Perm.VIEW_UNPUBLISHED not in self.perms:
            raise Http404("No such plan")
        return plan


class DashboardView(PlanPerformanceView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.plan()
        choice = pages.choose_area(self.partnership, request.GET.get("area"))
        page = None
        if choice.area is not None:
            page = pages.dashboard_page(partnership=self.partnership, plan=plan, choice=choice)
        context = self.get_context_data(plan=plan, choice=choice, page=page)
        return render(request, "reports/performance/dashboard.html", context)


class ScorecardView(PlanPerformanceView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.plan()
        priority = get_object_or_404(Priority, plan=plan, pk=kwargs["priority"])
        choice = pages.choose_area(self.partnership, request.GET.get("area"))
        page = None
        if choice.area is not None:
            page = pages.scorecard_page(
                partnership=self.partnership,
                plan=plan,
                priority=priority,
                choice=choice,
                query=request.GET,
            )
        context = self.get_context_data(plan=plan, priority=priority, choice=choice, page=page)
        return render(request, "reports/performance/scorecard.html", context)
