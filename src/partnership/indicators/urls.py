from django.urls import path, re_path

from . import import_views, views

app_name = "indicators"

urlpatterns = [
    path("", views.FrameworkView.as_view(), name="framework"),
    path("indicators/new/", views.IndicatorCreateView.as_view(), name="indicator_create"),
    path("indicators/<slug:code>/edit/", views.IndicatorEditView.as_view(), name="indicator_edit"),
    path(
        "indicators/<slug:code>/history/",
        views.IndicatorHistoryView.as_view(),
        name="indicator_history",
    ),
    # The partnership's targets for an indicator.
    path(
        "indicators/<slug:code>/targets/new/",
        views.TargetCreateView.as_view(),
        name="target_create",
    ),
    path(
        "indicators/<slug:code>/targets/<int:target>/edit/",
        views.TargetEditView.as_view(),
        name="target_edit",
    ),
    path(
        "indicators/<slug:code>/targets/<int:target>/delete/",
        views.TargetDeleteView.as_view(),
        name="target_delete",
    ),
    path(
        "indicators/<slug:code>/targets/<int:target>/history/",
        views.TargetHistoryView.as_view(),
        name="target_history",
    ),
    # Importing values: upload, the job's page (progress, preview, result), its progress as
    # JSON for the progress bar, and the blank template.
    path("import/", import_views.DataImportView.as_view(), name="data_import"),
    path("import/<int:job>/", import_views.ImportJobView.as_view(), name="import_job"),
    path(
        "import/<int:job>/mapping/",
        import_views.ImportJobMappingView.as_view(),
        name="import_job_mapping",
    ),
    path(
        "import/<int:job>/status/",
        import_views.ImportJobStatusView.as_view(),
        name="import_job_status",
    ),
    re_path(
        r"^import/template\.(?P<kind>csv|xlsx)$",
        import_views.TemplateDownloadView.as_view(),
        name="import_template",
    ),
]
