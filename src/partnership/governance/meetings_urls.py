from django.urls import path

from . import meetings_views as views

app_name = "meetings"

M = "<int:meeting>/"
I = M + "items/<int:item>/"  # noqa: E741

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="meeting_list"),
    path("new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path(M, views.MeetingDetailView.as_view(), name="meeting_detail"),
    path(M + "edit/", views.MeetingEditView.as_view(), name="meeting_edit"),
    path(M + "status/", views.MeetingStatusView.as_view(), name="meeting_status"),
    path(M + "items/new/", views.ItemCreateView.as_view(), name="item_create"),
    path(M + "items/standing/", views.StandingItemsAddView.as_view(), name="standing_items_add"),
    path(M + "items/publish/", views.AgendaPublishView.as_view(), name="agenda_publish"),
    path(I + "edit/", views.ItemEditView.as_view(), name="item_edit"),
    path(I + "delete/", views.ItemDeleteView.as_view(), name="item_delete"),
    path(I + "move/", views.ItemMoveView.as_view(), name="item_move"),
    path(I + "links/new/", views.LinkCreateView.as_view(), name="link_create"),
    path(I + "links/<int:link>/delete/", views.LinkDeleteView.as_view(), name="link_delete"),
    path(I + "papers/new/", views.PaperUploadView.as_view(), name="paper_upload"),
    path("papers/<int:paper>/", views.PaperDownloadView.as_view(), name="paper_download"),
    path("papers/<int:paper>/delete/", views.PaperDeleteView.as_view(), name="paper_delete"),
    path(M + "attendance/", views.AttendanceView.as_view(), name="attendance"),
    path(M + "attendance/add/", views.AttendanceAddView.as_view(), name="attendance_add"),
    path(M + "declarations/new/", views.DeclarationCreateView.as_view(), name="declaration_create"),
    path(
        M + "declarations/<int:declaration>/delete/",
        views.DeclarationDeleteView.as_view(),
        name="declaration_delete",
    ),
    path(
        "attendance/<int:group>/",
        views.AttendanceStatisticsView.as_view(),
        name="attendance_statistics",
    ),
]
