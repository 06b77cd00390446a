"""The performance pages, under /p/<partnership>/performance/ beside the indicator catalogue's
own pages (indicators/urls.py): they read through the indicators app and draw charts, so they
belong to reports."""

from django.urls import path, re_path

from . import performance_views as views

app_name = "performance"

urlpatterns = [
    path("indicators/<slug:code>/", views.IndicatorPageView.as_view(), name="indicator"),
    re_path(
        r"^indicators/(?P<code>[-a-zA-Z0-9_]+)/data\.(?P<fmt>csv|xlsx)$",
        views.IndicatorDownloadView.as_view(),
        name="indicator_download",
    ),
    path("plans/<slug:plan>/", views.DashboardView.as_view(), name="dashboard"),
    path(
        "plans/<slug:plan>/priorities/<int:priority>/",
        views.ScorecardView.as_view(),
        name="scorecard",
    ),
]
