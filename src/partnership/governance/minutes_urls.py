from django.urls import path

from . import minutes_views as views

app_name = "minutes"

M = "<int:meeting>/minutes/"

urlpatterns = [
    path(M, views.MinutesDetailView.as_view(), name="minutes_detail"),
    path(f"{M}edit/", views.MinutesEditView.as_view(), name="minutes_edit"),
    path(f"{M}status/", views.MinutesStatusView.as_view(), name="minutes_status"),
    path(f"{M}versions/", views.MinutesVersionsView.as_view(), name="minutes_versions"),
    path(f"{M}versions/compare/", views.MinutesCompareView.as_view(), name="minutes_compare"),
    path(f"{M}amend/", views.AmendView.as_view(), name="minutes_amend"),
    path(f"{M}confirm-previous/", views.ConfirmPreviousView.as_view(), name="confirm_previous"),
    path(f"{M}items/<int:item>/actions/new/", views.ActionAddView.as_view(), name="action_add"),
    path(f"{M}actions/<int:action>/edit/", views.ActionEditView.as_view(), name="action_edit"),
    path(f"{M}matters-arising/", views.MattersArisingView.as_view(), name="matters_arising"),
    path(
        f"{M}matters-arising/<int:action>/",
        views.MattersUpdateView.as_view(),
        name="matters_update",
    ),
    path("actions-arising/", views.OpenActionsView.as_view(), name="actions_open"),
]
