from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Children's Partnership administration"
admin.site.site_title = "Administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("partnership.web.urls")),
    path("p/<slug:partnership>/plans/", include("partnership.plans.urls")),
    # The catalogue's pages first (indicators/new/ is not an indicator called "new"), then the
    # performance pages that read it: an indicator for an area, scorecards and dashboards.
    path("p/<slug:partnership>/performance/", include("partnership.indicators.urls")),
    path("p/<slug:partnership>/performance/", include("partnership.reports.performance_urls")),
    path("p/<slug:partnership>/delivery/", include("partnership.plans.delivery_urls")),
    path("p/<slug:partnership>/groups/", include("partnership.governance.urls")),
    # Governance: people; a group's members and forward plan (beside its pages); meetings,
    # their minutes and their documents and feeds; search of what is published.
    path("p/<slug:partnership>/people/", include("partnership.governance.people_urls")),
    path("p/<slug:partnership>/groups/", include("partnership.governance.members_urls")),
    path("p/<slug:partnership>/groups/", include("partnership.governance.forward_urls")),
    path("p/<slug:partnership>/meetings/", include("partnership.governance.meetings_urls")),
    path("p/<slug:partnership>/meetings/", include("partnership.governance.minutes_urls")),
    path("p/<slug:partnership>/meetings/", include("partnership.governance.documents_urls")),
    path("p/<slug:partnership>/search/", include("partnership.governance.search_urls")),
    path("p/<slug:partnership>/reports/", include("partnership.reports.urls")),
]

handler403 = "partnership.web.views.error_403"
handler404 = "partnership.web.views.error_404"
handler500 = "partnership.web.views.error_500"
