from django.urls import path

from . import views

app_name = "plans"

P = "<slug:plan>/"
PR = P + "priorities/<int:priority>/"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("import/", views.PlanImportView.as_view(), name="plan_import"),
    path("actions/", views.ActionListView.as_view(), name="action_list"),
    path("strategies/", views.StrategyListView.as_view(), name="strategy_list"),
    path("strategies/new/", views.StrategyFormView.as_view(), name="strategy_create"),
    path("strategies/<int:strategy>/edit/", views.StrategyFormView.as_view(), name="strategy_edit"),
    path("glossary/new/", views.GlossaryTermFormView.as_view(), name="glossary_create"),
    path("glossary/<int:term>/edit/", views.GlossaryTermFormView.as_view(), name="glossary_edit"),
    path(P, views.PlanDetailView.as_view(), name="plan_detail"),
    path(P + "edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path(P + "status/", views.PlanStatusView.as_view(), name="plan_status"),
    path(P + "delete/", views.PlanDeleteView.as_view(), name="plan_delete"),
    path(P + "history/", views.PlanHistoryView.as_view(), name="plan_history"),
    path(P + "export/", views.PlanExportView.as_view(), name="plan_export"),
    path(P + "sections/new/", views.SectionCreateView.as_view(), name="section_create"),
    path(P + "sections/<int:section>/", views.SectionDetailView.as_view(), name="section_detail"),
    path(P + "sections/<int:section>/edit/", views.SectionEditView.as_view(), name="section_edit"),
    path(
        P + "sections/<int:section>/delete/",
        views.SectionDeleteView.as_view(),
        name="section_delete",
    ),
    path(P + "sections/<int:section>/move/", views.SectionMoveView.as_view(), name="section_move"),
    path(
        P + "sections/<int:section>/history/",
        views.SectionHistoryView.as_view(),
        name="section_history",
    ),
    path(P + "priorities/new/", views.PriorityCreateView.as_view(), name="priority_create"),
    path(PR, views.PriorityDetailView.as_view(), name="priority_detail"),
    path(PR + "edit/", views.PriorityEditView.as_view(), name="priority_edit"),
    path(PR + "delete/", views.PriorityDeleteView.as_view(), name="priority_delete"),
    path(PR + "move/", views.PriorityMoveView.as_view(), name="priority_move"),
    path(PR + "history/", views.PriorityHistoryView.as_view(), name="priority_history"),
    path(PR + "criteria/new/", views.CriterionCreateView.as_view(), name="criterion_create"),
    path(
        PR + "criteria/<int:criterion>/edit/",
        views.CriterionEditView.as_view(),
        name="criterion_edit",
    ),
    path(
        PR + "criteria/<int:criterion>/delete/",
        views.CriterionDeleteView.as_view(),
        name="criterion_delete",
    ),
    path(
        PR + "criteria/<int:criterion>/move/",
        views.CriterionMoveView.as_view(),
        name="criterion_move",
    ),
    path(
        PR + "indicators/add/",
        views.IndicatorLinkCreateView.as_view(),
        name="indicator_link_create",
    ),
    path(
        PR + "indicators/<int:link>/remove/",
        views.IndicatorLinkDeleteView.as_view(),
        name="indicator_link_delete",
    ),
    path(
        PR + "indicators/<int:link>/move/",
        views.IndicatorLinkMoveView.as_view(),
        name="indicator_link_move",
    ),
    path(PR + "actions/new/", views.ActionCreateView.as_view(), name="action_create"),
    path(PR + "actions/<int:action>/", views.ActionDetailView.as_view(), name="action_detail"),
    path(PR + "actions/<int:action>/edit/", views.ActionEditView.as_view(), name="action_edit"),
    path(
        PR + "actions/<int:action>/delete/", views.ActionDeleteView.as_view(), name="action_delete"
    ),
    path(PR + "actions/<int:action>/move/", views.ActionMoveView.as_view(), name="action_move"),
    path(
        PR + "actions/<int:action>/history/",
        views.ActionHistoryView.as_view(),
        name="action_history",
    ),
]
