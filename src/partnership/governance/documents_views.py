"""Agendas and minutes as print pages, PDFs and Word files; one-minute guides; the calendar,
Atom and Popolo feeds.

Who may see what is governance.visibility's: a document someone may not see is 404, as if it
did not exist (a hidden tentative meeting, an unpublished agenda, draft minutes). Managing the
guide needs Perm.MANAGE_MEETINGS: anonymous visitors are asked to sign in, others get 403.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from partnership.web.mixins import PartnershipView
from partnership.web.pages import apply_validation_error
from partnership.web.permissions import Perm

from . import documents, feeds, guide, visibility
from .documents_forms import GuideDraftForm, GuideEditForm, GuideUnpublishForm, GuideVersionForm
from .meeting_models import GuideStatus, MeetingStatus, OneMinuteGuide
from .meetings_views import MeetingScoped as MeetingPage
from .models import Group
from .popolo import popolo_export

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class MeetingScoped(MeetingPage):
    def url(self, name: str) -> str:
        return reverse(
            f"documents:{name}",
            kwargs={"partnership": self.partnership.slug, "meeting": self.meeting().pk},
        )


# -- Agenda and minutes documents ------------------------------------------------------------


class MeetingDocumentView(MeetingScoped):
    kind = "agenda"  # or "minutes"
    format = "print"  # or "pdf", "docx"

    def document(self) -> documents.MeetingDocument:
        meeting = self.meeting()
        if self.kind == "agenda":
            doc = documents.agenda_document(meeting, self.request.user)
        else:
            doc = documents.minutes_document(meeting, self.request.user)
        if doc is None:
            raise Http404(f"No {self.kind} you may see")
        return doc

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        doc = self.document()
        if self.format == "pdf":
            return download(documents.meeting_pdf(doc), PDF, f"{doc.filename_stem}.pdf")
        if self.format == "docx":
            return download(documents.meeting_docx(doc), DOCX, f"{doc.filename_stem}.docx")
        prefix = "agenda" if self.kind == "agenda" else "minutes"
        context = {
            "doc": doc,
            "for_pdf": False,
            "back_url": self.meeting_url(),
            "pdf_url": self.url(f"{prefix}_pdf"),
            "docx_url": self.url(f"{prefix}_docx"),
        }
        return render(request, "governance/documents/meeting_document.html", context)


# -- One-minute guide ------------------------------------------------------------------------


class GuideScoped(MeetingScoped):
    def guide(self) -> OneMinuteGuide | None:
        return OneMinuteGuide.objects.filter(meeting=self.meeting()).first()

    def visible_guide(self) -> OneMinuteGuide:
        found = self.guide()
        if found is None or not visibility.guide_visible(self.request.user, found):
            raise Http404("No guide you may see")
        return found

    def detail_url(self) -> str:
        return self.url("guide_detail")

    def form_page(
        self, form: Any, *, heading: str, intro: str = "", status: int = 200
    ) -> HttpResponse:
        context = self.get_context_data(
            form=form,
            heading=heading,
            caption=str(self.meeting()),
            intro=intro,
            back_url=self.detail_url(),
        )
        return render(self.request, "web/form_page.html", context, status=status)


class GuideDetailView(GuideScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = self.meeting()
        can_manage = Perm.MANAGE_MEETINGS in self.perms
        found = self.guide()
        if found is None and not can_manage:
            raise Http404("No guide yet")
        if found is not None and not visibility.guide_visible(request.user, found):
            raise Http404("No guide you may see")
        context = self.get_context_data(
            meeting=meeting,
            guide=found,
            doc=documents.guide_document(found) if found else None,
            can_manage=can_manage,
            published=found is not None and found.status == GuideStatus.PUBLISHED,
            can_publish=meeting.status == MeetingStatus.HELD,
            meeting_url=self.meeting_url(),
            urls={
                name: self.url(f"guide_{name}")
                for name in ("draft", "edit", "publish", "unpublish", "pdf", "docx")
            },
        )
        return render(request, "governance/guide/detail.html", context)


class GuideDownloadView(GuideScoped):
    format = "pdf"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        doc = documents.guide_document(self.visible_guide())
        if self.format == "pdf":
            return download(documents.guide_pdf(doc), PDF, f"{doc.filename_stem}.pdf")
        return download(documents.guide_docx(doc), DOCX, f"{doc.filename_stem}.docx")


class GuideDraftView(GuideScoped):
    permission = Perm.MANAGE_MEETINGS
    heading = "Draft the one-minute guide from the minutes"

    def intro(self, existing: OneMinuteGuide | None) -> str:
        if existing and existing.status == GuideStatus.PUBLISHED:
            return "This guide is published. Unpublish it first to draft it again."
        if existing:
            return (
                "A draft guide already exists. Drafting again replaces its items with new ones "
                "drafted from the minutes."
            )
        return (
            "A numbered headline is drafted for each substantive item (not apologies, "
            "declarations, previous minutes, matters arising or the forward plan), from its "
            "resolutions and minutes. You can then edit every word before publishing."
        )

    def make_form(self, data: Any = None) -> GuideDraftForm:
        existing = self.guide()
        return GuideDraftForm(data, has_draft=existing is not None)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.form_page(
            self.make_form(), heading=self.heading, intro=self.intro(self.guide())
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.make_form(request.POST)
        if form.is_valid():
            try:
                guide.guide_draft_from_minutes(
                    meeting=self.meeting(),
                    by=request.user,
                    replace=bool(form.cleaned_data.get("replace")),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Guide drafted from the minutes: check and edit it")
                return HttpResponseRedirect(self.url("guide_edit"))
        return self.form_page(
            form, heading=self.heading, intro=self.intro(self.guide()), status=400
        )


class GuideEditView(GuideScoped):
    permission = Perm.MANAGE_MEETINGS
    heading = "Edit the one-minute guide"

    def existing(self) -> OneMinuteGuide:
        found = self.guide()
        if found is None:
            raise Http404("No guide yet: draft it first")
        return found

    def show(self, form: GuideEditForm, status: int = 200) -> HttpResponse:
        return self.form_page(
            form,
            heading=self.heading,
            intro="Write for people who were not at the meeting: one or two plain sentences "
            "per item. Change an item's position number to move it.",
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        found = self.existing()
        if found.status == GuideStatus.PUBLISHED:
            messages.error(
                request,
                "This guide is published, so it cannot be edited as it stands. Unpublish it, "
                "edit it, then publish it again.",
            )
            return HttpResponseRedirect(self.detail_url())
        return self.show(GuideEditForm.for_guide(found))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        found = self.existing()
        form = GuideEditForm.from_post(request.POST)
        if form.is_valid():
            try:
                guide.guide_save(
                    guide=found,
                    seen_version=form.cleaned_data["version"],
                    introduction=form.cleaned_data["introduction"],
                    closing=form.cleaned_data["closing"],
                    items=form.items(),
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Guide saved")
                return HttpResponseRedirect(self.detail_url())
        return self.show(form, status=400)


class GuidePublishView(GuideScoped):
    permission = Perm.MANAGE_MEETINGS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        found = self.guide()
        if found is None:
            raise Http404("No guide yet: draft it first")
        form = GuideVersionForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError("Open the guide again and publish it from there.")
            guide.guide_publish(
                guide=found, seen_version=form.cleaned_data["version"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Guide published")
        return HttpResponseRedirect(self.detail_url())


class GuideUnpublishView(GuideScoped):
    permission = Perm.MANAGE_MEETINGS
    heading = "Unpublish the one-minute guide"
    intro = "It goes back to draft and off the public pages until you publish it again."

    def published(self) -> OneMinuteGuide:
        found = self.guide()
        if found is None or found.status != GuideStatus.PUBLISHED:
            raise Http404("No published guide")
        return found

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = GuideUnpublishForm(initial={"version": self.published().version})
        return self.form_page(form, heading=self.heading, intro=self.intro)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        found = self.published()
        form = GuideUnpublishForm(request.POST)
        if form.is_valid():
            try:
                guide.guide_unpublish(
                    guide=found,
                    seen_version=form.cleaned_data["version"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Guide unpublished: it is a draft again")
                return HttpResponseRedirect(self.detail_url())
        return self.form_page(form, heading=self.heading, intro=self.intro, status=400)


# -- Feeds -----------------------------------------------------------------------------------


class GroupCalendarView(PartnershipView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        group = get_object_or_404(Group, partnership=self.partnership, pk=kwargs["group"])
        body = feeds.group_calendar(group, now=timezone.now())
        response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{slugify(group.name)}.ics"'
        return response


def partnership_home(slug: str) -> str:
    return reverse("web:partnership_home", kwargs={"partnership": slug})


class AtomFeedView(PartnershipView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        slug = self.partnership.slug
        body = feeds.atom_feed(
            self.partnership,
            self_url=feeds.absolute(reverse("documents:feed", kwargs={"partnership": slug})),
            home_url=feeds.absolute(partnership_home(slug)),
            title=f"{self.partnership.name}: minutes and one-minute guides",
        )
        return HttpResponse(
            body.encode("utf-8"), content_type="application/atom+xml; charset=utf-8"
        )


class PopoloView(PartnershipView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        body = json.dumps(popolo_export(self.partnership), indent=2, ensure_ascii=False)
        return HttpResponse(body.encode("utf-8"), content_type="application/json; charset=utf-8")
