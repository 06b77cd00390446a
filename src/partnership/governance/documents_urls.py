"""Agenda and minutes documents, one-minute guides and the public feeds, under /p/<p>/meetings/."""

from collections.abc import Callable
from typing import Any

from django.urls import path

from . import documents_views as views

app_name = "documents"


def _document(kind: str, fmt: str) -> Callable[..., Any]:
    return views.MeetingDocumentView.as_view(kind=kind, format=fmt)


urlpatterns = [
    path("<int:meeting>/agenda.pdf", _document("agenda", "pdf"), name="agenda_pdf"),
    path("<int:meeting>/agenda.docx", _document("agenda", "docx"), name="agenda_docx"),
    path("<int:meeting>/agenda/print/", _document("agenda", "print"), name="agenda_print"),
    path("<int:meeting>/minutes.pdf", _document("minutes", "pdf"), name="minutes_pdf"),
    path("<int:meeting>/minutes.docx", _document("minutes", "docx"), name="minutes_docx"),
    path("<int:meeting>/minutes-document/", _document("minutes", "print"), name="minutes_print"),
    path("<int:meeting>/guide/", views.GuideDetailView.as_view(), name="guide_detail"),
    path(
        "<int:meeting>/guide/one-minute-guide.pdf",
        views.GuideDownloadView.as_view(format="pdf"),
        name="guide_pdf",
    ),
    path(
        "<int:meeting>/guide/one-minute-guide.docx",
        views.GuideDownloadView.as_view(format="docx"),
        name="guide_docx",
    ),
    path("<int:meeting>/guide/draft/", views.GuideDraftView.as_view(), name="guide_draft"),
    path("<int:meeting>/guide/edit/", views.GuideEditView.as_view(), name="guide_edit"),
    path("<int:meeting>/guide/publish/", views.GuidePublishView.as_view(), name="guide_publish"),
    path(
        "<int:meeting>/guide/unpublish/",
        views.GuideUnpublishView.as_view(),
        name="guide_unpublish",
    ),
    path("calendar/<int:group>.ics", views.GroupCalendarView.as_view(), name="group_calendar"),
    path("feed.atom", views.AtomFeedView.as_view(), name="feed"),
    path("popolo.json", views.PopoloView.as_view(), name="popolo"),
]
