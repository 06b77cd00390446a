from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.GroupListView.as_view(), name="group_list"),
    path("new/", views.GroupCreateView.as_view(), name="group_create"),
    path("structure/", views.StructureView.as_view(), name="structure"),
    path("<int:group>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("<int:group>/edit/", views.GroupEditView.as_view(), name="group_edit"),
    path("<int:group>/history/", views.GroupHistoryView.as_view(), name="group_history"),
    path(
        "<int:group>/relationships/new/",
        views.RelationshipCreateView.as_view(),
        name="relationship_create",
    ),
    path(
        "<int:group>/relationships/<int:relationship>/delete/",
        views.RelationshipDeleteView.as_view(),
        name="relationship_delete",
    ),
]
