"""The performance pages: an indicator for an area, a priority's scorecard, a plan's dashboard
and the downloads of what the indicator page shows. Each page is about one local authority:
``?area=`` (ONS code or DfE number) chooses another, the partnership's own is the default.

A page's content is kept in the page cache under its address, the reader's permissions and the
data stamp (web/datastamp.py), so it is built once per change of the data for everyone who may
see the same thing; the header with the reader's own account links is rendered each time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify

from partnership.indicators.models import Indicator
from partnership.plans.models import Plan, Priority
from partnership.web.datastamp import data_stamp, page_cache
from partnership.web.mixins import PartnershipView
from partnership.web.permissions import Perm

from . import downloads
from . import performance as pages


@dataclass(frozen=True)
class PageParts:
    title: str
    back_url: str
    back_text: str
    content: str


class CachedPage(PartnershipView):
    def content_key(self) -> str:
        perms = ",".join(sorted(p.value for p in self.perms))
        what = f"{self.request.get_full_path()}|{perms}"
        return f"page:{data_stamp()}:{hashlib.sha256(what.encode()).hexdigest()}"

    def cached(self, build: Callable[[], PageParts]) -> HttpResponse:
        cache = page_cache()
        key = self.content_key()
        parts = cache.get(key)
        if not isinstance(parts, PageParts):
            parts = build()
            cache.set(key, parts)
        context = self.get_context_data(parts=parts)
        return render(self.request, "reports/performance/page.html", context)

    def content(self, template: str, **context: Any) -> str:
        # The request is only read (its path, for forms that come back here): rendering without
        # it skips the context processors, which the page around the content runs anyway.
        context = {"partnership": self.partnership, "request": self.request, **context}
        return render_to_string(f"reports/performance/{template}", context)

    def framework_url(self) -> str:
        return reverse("indicators:framework", kwargs={"partnership": self.partnership.slug})


def _title(choice: pages.AreaChoice, title: str) -> str:
    """A page's title: "Error: " first when the request had a problem, the area last."""
    prefix = "Error: " if choice.error else ""
    suffix = f", {choice.area.name}" if choice.area else ""
    return f"{prefix}{title}{suffix}"


class IndicatorPageView(CachedPage):
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
        def build() -> PageParts:
            page = self.page()
            return PageParts(
                title=_title(page.choice, page.catalogue.indicator.name),
                back_url=self.framework_url(),
                back_text="Performance framework",
                content=self.content("indicator.html", page=page, choice=page.choice),
            )

        return self.cached(build)


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


class PlanPerformanceView(CachedPage):
    """A page about one of the partnership's plans: unpublished plans are 404 to anyone who may
    not see drafts, as the plan's own pages are."""

    def plan(self) -> Plan:
        plan = get_object_or_404(Plan, partnership=self.partnership, slug=self.kwargs["plan"])
        if not plan.is_public and Perm.VIEW_UNPUBLISHED not in self.perms:
            raise Http404("No such plan")
        return plan


class DashboardView(PlanPerformanceView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The plan is found (and a draft refused) only when the page is built: a page kept for
        # readers who may see it is under their permissions, and a change of the plan's status
        # changes the data stamp, so no reader gets a page they could not have had built.
        def build() -> PageParts:
            plan = self.plan()
            choice = pages.choose_area(self.partnership, request.GET.get("area"))
            page = None
            if choice.area is not None:
                page = pages.dashboard_page(partnership=self.partnership, plan=plan, choice=choice)
            return PageParts(
                title=_title(choice, f"Performance: {plan.title}"),
                back_url=self.framework_url(),
                back_text="Performance framework",
                content=self.content("dashboard.html", plan=plan, choice=choice, page=page),
            )

        return self.cached(build)


class ScorecardView(PlanPerformanceView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # As the dashboard: the plan and priority are found when the page is built.
        def build() -> PageParts:
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
            dashboard = reverse(
                "performance:dashboard",
                kwargs={"partnership": self.partnership.slug, "plan": plan.slug},
            )
            return PageParts(
                title=_title(choice, f"Scorecard: {priority.title}"),
                back_url=page.dashboard_url if page else dashboard,
                back_text="Performance dashboard",
                content=self.content(
                    "scorecard.html", plan=plan, priority=priority, choice=choice, page=page
                ),
            )

        return self.cached(build)
