from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.FrameworkView.as_view(), name="framework"),
    path("indicators/new/", views.IndicatorCreateView.as_view(), name="indicator_create"),
    path("indicators/<slug:code>/", views.IndicatorDetailView.as_view(), name="indicator_detail"),
    path("indicators/<slug:code>/edit/", views.IndicatorEditView.as_view(), name="indicator_edit"),
    path(
        "indicators/<slug:code>/history/",
        views.IndicatorHistoryView.as_view(),
        name="indicator_history",
    ),
]
