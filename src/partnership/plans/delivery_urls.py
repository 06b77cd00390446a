"""Delivery tracking's pages, under /p/<partnership>/delivery/."""

from django.urls import path

from . import delivery_views as views

app_name = "delivery"

PR = "plans/<slug:plan>/priorities/<int:priority>/"
A = PR + "actions/<int:action>/"
R = "rounds/<int:round>/"

urlpatterns = [
    path("", views.DeliveryHomeView.as_view(), name="home"),
    path("my-actions/", views.MyActionsView.as_view(), name="my_actions"),
    path("exceptions/", views.ExceptionListView.as_view(), name="exceptions"),
    path("plans/<slug:plan>/rounds/new/", views.RoundCreateView.as_view(), name="round_create"),
    path(R, views.RoundDetailView.as_view(), name="round_detail"),
    path(R + "close/", views.RoundCloseView.as_view(), name="round_close"),
    path(R + "groups/<int:group>/", views.RoundGroupView.as_view(), name="round_group"),
    path(R + "priorities/<int:priority>/", views.CompilationView.as_view(), name="compilation"),
    path(PR + "champion/", views.ChampionView.as_view(), name="champion"),
    path(A + "update/", views.ActionUpdateView.as_view(), name="action_update"),
    path(A + "remedial/", views.RemedialView.as_view(), name="remedial"),
    path(A + "milestones/new/", views.MilestoneCreateView.as_view(), name="milestone_create"),
    path(
        A + "milestones/<int:milestone>/edit/",
        views.MilestoneEditView.as_view(),
        name="milestone_edit",
    ),
    path(
        A + "milestones/<int:milestone>/delete/",
        views.MilestoneDeleteView.as_view(),
        name="milestone_delete",
    ),
    path("evidence/<int:evidence>/", views.EvidenceDownloadView.as_view(), name="evidence"),
]
