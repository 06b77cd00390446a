"""People and their registers of interests, under /p/<partnership>/people/."""

from django.urls import path

from . import people_views as views

app_name = "people"

P = "<int:person>/"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("new/", views.PersonCreateView.as_view(), name="person_create"),
    path(P, views.PersonDetailView.as_view(), name="person_detail"),
    path(P + "edit/", views.PersonEditView.as_view(), name="person_edit"),
    path(P + "history/", views.PersonHistoryView.as_view(), name="person_history"),
    path(P + "interests/new/", views.InterestCreateView.as_view(), name="interest_create"),
    path(
        P + "interests/<int:interest>/end/",
        views.InterestEndView.as_view(),
        name="interest_end",
    ),
]
