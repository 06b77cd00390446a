"""Puts the service navigation and the account links on every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from govuk_frontend_django.components.service_navigation import (
    GovUKServiceNavigation,
    ServiceNavigationNavigation,
)

from .models import Partnership

SERVICE_NAME = "Children's Partnership"

MEETINGS = {"governance", "meetings", "minutes", "documents", "people", "members", "forward"}

# (label, url name, the URL namespaces that count as "in" this section)
SECTIONS = [
    ("Plan", "plans:plan_list", {"plans"}),
    ("Performance", "indicators:framework", {"indicators", "performance"}),
    ("Actions", "plans:action_list", {"delivery"}),
    ("Meetings", "meetings:meeting_list", MEETINGS | {"search"}),
    ("Reports", "reports:index", {"reports"}),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("partnership") if match else None
    # PartnershipView has found it already; other pages look it up.
    partnership = getattr(request, "partnership", None)
    if partnership is None or partnership.slug != slug:
        partnership = Partnership.objects.filter(slug=slug).first() if slug else None
    items: list[ServiceNavigationNavigation] = []
    if partnership is not None:
        current_url = match.url_name if match else ""
        namespace = match.namespace if match else ""
        for label, url_name, namespaces in SECTIONS:
            is_exact = url_name == f"{namespace}:{current_url}"
            # "Actions" is a page inside the plans app, so it wins over "Plan" when it is current.
            active = is_exact or (
                namespace in namespaces
                and current_url != "action_list"
                and not _exact_other(f"{namespace}:{current_url}", url_name)
            )
            items.append(
                ServiceNavigationNavigation(
                    text=label,
                    href=reverse(url_name, kwargs={"partnership": partnership.slug}),
                    active=active,
                    current=is_exact,
                )
            )
    service_navigation = GovUKServiceNavigation(
        serviceName=partnership.name if partnership else SERVICE_NAME,
        serviceUrl=(
            reverse("web:partnership_home", kwargs={"partnership": partnership.slug})
            if partnership
            else reverse("web:home")
        ),
        navigation=items,
        navigationLabel="Sections",
    )
    return {
        "service_navigation": service_navigation,
        "current_partnership": partnership,
        "service_name": SERVICE_NAME,
    }


def _exact_other(current: str, url_name: str) -> bool:
    """True when ``current`` is exactly another section's page (so this one is not active)."""
    return any(current == other for _, other, _ in SECTIONS if other != url_name)
