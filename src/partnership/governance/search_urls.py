"""Search of published agendas, minutes, guides and papers, under /p/<partnership>/search/."""

from django.urls import path

from . import search_views as views

app_name = "search"

urlpatterns = [
    path("", views.SearchView.as_view(), name="search"),
]
