from django.urls import path

from . import forward_views as views

app_name = "forward"

F = "<int:group>/forward-plan/"

urlpatterns = [
    path(F, views.ForwardListView.as_view(), name="forward_list"),
    path(f"{F}new/", views.ForwardAddView.as_view(), name="forward_add"),
    path(f"{F}suggest/", views.ForwardSuggestView.as_view(), name="forward_suggest"),
    path(f"{F}<int:item>/accept/", views.ForwardAcceptView.as_view(), name="forward_accept"),
    path(f"{F}<int:item>/decline/", views.ForwardDeclineView.as_view(), name="forward_decline"),
    path(f"{F}<int:item>/schedule/", views.ForwardScheduleView.as_view(), name="forward_schedule"),
]
