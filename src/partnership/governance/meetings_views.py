"""Meeting pages: the list, the agenda, and the forms that change them through
governance.meetings. Who sees what is governance.visibility's to say."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from partnership.web.mixins import PartnershipView
from partnership.web.pages import ConfirmDeletePage, FormPage
from partnership.web.permissions import Perm

from . import meetings, visibility
from . import meetings_presenters as presenters
from . import meetings_selectors as selectors
from .meeting_models import (
    AgendaItem,
    AgendaItemLink,
    Declaration,
    Meeting,
    Paper,
    Person,
    RegisteredInterest,
)
from .meetings_forms import (
    AgendaItemForm,
    AttendanceAddForm,
    AttendanceForm,
    DeclarationForm,
    LinkForm,
    MeetingForm,
    MeetingStatusForm,
    PaperForm,
    meeting_initial,
)
from .models import Group


class MeetingScoped(PartnershipView):
    def meeting(self) -> Meeting:
        if not hasattr(self, "_meeting"):
            meeting = get_object_or_404(
                Meeting.objects.select_related("group__partnership"),
                group__partnership=self.partnership,
                pk=self.kwargs["meeting"],
            )
            # A meeting the viewer may not know about is not found, rather than forbidden.
            if not visibility.meeting_visible(self.request.user, meeting):
                raise Http404
            self._meeting = meeting
        return self._meeting

    def item(self) -> AgendaItem:
        return get_object_or_404(AgendaItem, meeting=self.meeting(), pk=self.kwargs["item"])

    def meeting_url(self, meeting: Meeting | None = None) -> str:
        target = meeting or self.meeting()
        return reverse(
            "meetings:meeting_detail",
            kwargs={"partnership": self.partnership.slug, "meeting": target.pk},
        )

    def back_url(self) -> str:
        return self.meeting_url()

    def page_context(self) -> dict[str, Any]:
        return {"caption": str(self.meeting())}


class MeetingListView(PartnershipView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        group = None
        chosen = request.GET.get("group", "")
        if chosen:
            if not chosen.isdigit():
                raise Http404
            group = get_object_or_404(Group, partnership=self.partnership, pk=int(chosen))
        page = presenters.meeting_list_page(request.user, self.partnership, group)
        return render(request, "governance/meetings/list.html", self.get_context_data(page=page))


class MeetingDetailView(MeetingScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        page = presenters.agenda_page(request.user, self.meeting())
        return render(request, "governance/meetings/detail.html", self.get_context_data(page=page))


class MeetingCreateView(FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Arrange a meeting"
    success_message = "Meeting arranged"

    def get_form(self, data: Any = None, files: Any = None) -> MeetingForm:
        initial = {}
        group = self.request.GET.get("group", "")
        if group.isdigit():
            initial["group"] = int(group)
        return MeetingForm(data, partnership=self.partnership, initial=initial)

    def save(self, form: Any) -> Meeting:
        return meetings.meeting_create(
            group=form.cleaned_data["group"], by=self.request.user, **form.meeting_values()
        )

    def success_url(self, result: Meeting) -> str:
        return reverse(
            "meetings:meeting_detail",
            kwargs={"partnership": self.partnership.slug, "meeting": result.pk},
        )

    def back_url(self) -> str:
        return reverse("meetings:meeting_list", kwargs={"partnership": self.partnership.slug})


class MeetingEditView(MeetingScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Change the meeting's details"
    success_message = "Meeting saved"

    def get_form(self, data: Any = None, files: Any = None) -> MeetingForm:
        meeting = self.meeting()
        return MeetingForm(
            data, partnership=self.partnership, editing=True, initial=meeting_initial(meeting)
        )

    def save(self, form: Any) -> Meeting:
        return meetings.meeting_update(
            meeting=self.meeting(), by=self.request.user, **form.meeting_values()
        )

    def success_url(self, result: Meeting) -> str:
        return self.meeting_url(result)


class MeetingStatusView(MeetingScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Change the meeting's status"
    success_message = "Status changed"

    def page_context(self) -> dict[str, Any]:
        meeting = self.meeting()
        return {
            "caption": str(meeting),
            "intro": f"The meeting is {meeting.get_status_display().lower()}. Tentative meetings "
            "can be confirmed; confirmed meetings are marked as held once they have taken place. "
            "Held and cancelled are final.",
        }

    def get_form(self, data: Any = None, files: Any = None) -> MeetingStatusForm:
        return MeetingStatusForm(data, meeting=self.meeting())

    def save(self, form: Any) -> Meeting:
        return meetings.meeting_set_status(
            meeting=self.meeting(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Meeting) -> str:
        return self.meeting_url(result)


class MeetingAction(MeetingScoped):
    """A button on the agenda page: POST, then back to the agenda with what happened."""

    permission = Perm.MANAGE_MEETINGS
    http_method_names = ["post"]
    done = ""

    def act(self) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.act()
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if self.done:
                messages.success(request, self.done)
        return HttpResponseRedirect(self.meeting_url())


class AgendaPublishView(MeetingAction):
    done = "Agenda published: its item numbers are now fixed"

    def act(self) -> None:
        meetings.agenda_publish(meeting=self.meeting(), by=self.request.user)


class StandingItemsAddView(MeetingAction):
    done = "Standing items added"

    def act(self) -> None:
        meetings.standing_items_add(meeting=self.meeting(), by=self.request.user)


class ItemMoveView(MeetingAction):
    def act(self) -> None:
        direction = self.request.POST.get("direction", "")
        meetings.agenda_item_move(item=self.item(), by=self.request.user, direction=direction)


class ItemCreateView(MeetingScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Add an item"
    success_message = "Item added"

    def get_form(self, data: Any = None, files: Any = None) -> AgendaItemForm:
        return AgendaItemForm(data)

    def save(self, form: Any) -> AgendaItem:
        return meetings.agenda_item_add(
            meeting=self.meeting(), by=self.request.user, **form.item_values()
        )

    def success_url(self, result: AgendaItem) -> str:
        return self.meeting_url()


class ItemEditView(MeetingScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Change the item"
    success_message = "Item saved"

    def get_form(self, data: Any = None, files: Any = None) -> AgendaItemForm:
        item = self.item()
        return AgendaItemForm(
            data,
            standing=bool(item.standing),
            initial={
                "title": item.title,
                "description": item.description,
                "kind": item.kind,
                "purpose": item.purpose,
                "presenter": item.presenter,
                "exempt": ["yes"] if item.exempt else [],
                "exempt_reason": item.exempt_reason,
            },
        )

    def save(self, form: Any) -> AgendaItem:
        return meetings.agenda_item_update(
            item=self.item(), by=self.request.user, **form.item_values()
        )

    def success_url(self, result: AgendaItem) -> str:
        return self.meeting_url()


class ItemDeleteView(MeetingScoped, ConfirmDeletePage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Remove this item"
    success_message = "Item removed"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item = self.item()
        self.warning = f"“{item.title}” and its papers will be removed from the agenda."
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.meeting_url())

    def delete(self) -> None:
        meetings.agenda_item_delete(item=self.item(), by=self.request.user)

    def success_url(self) -> str:
        return self.meeting_url()


class LinkCreateView(MeetingScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Link the item to the plan"
    success_message = "Link added"

    def page_context(self) -> dict[str, Any]:
        return {"caption": str(self.item())}

    def get_form(self, data: Any = None, files: Any = None) -> LinkForm:
        return LinkForm(data, partnership=self.partnership)

    def save(self, form: Any) -> AgendaItemLink:
        return meetings.agenda_link_add(item=self.item(), by=self.request.user, **form.cleaned_data)

    def success_url(self, result: AgendaItemLink) -> str:
        return self.meeting_url()


class LinkDeleteView(MeetingScoped, ConfirmDeletePage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Remove this link"
    success_message = "Link removed"

    def link(self) -> AgendaItemLink:
        return get_object_or_404(AgendaItemLink, item=self.item(), pk=self.kwargs["link"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.warning = f"The item will no longer be linked to “{self.link()}”."
        return super().get(request, *args, **kwargs)

    def delete(self) -> None:
        meetings.agenda_link_remove(link=self.link(), by=self.request.user)

    def success_url(self) -> str:
        return self.meeting_url()


class PaperUploadView(MeetingScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Upload a paper"
    success_message = "Paper uploaded"

    def page_context(self) -> dict[str, Any]:
        return {"caption": str(self.item())}

    def get_form(self, data: Any = None, files: Any = None) -> PaperForm:
        return PaperForm(data, files, limit=meetings.format_size(settings.PAPER_MAX_BYTES))

    def save(self, form: Any) -> Paper:
        data = form.cleaned_data
        return meetings.paper_upload(
            item=self.item(),
            by=self.request.user,
            title=data["title"],
            file=data["file"],
            additional=bool(data["additional"]),
        )

    def success_url(self, result: Paper) -> str:
        return self.meeting_url()


class PaperScoped(MeetingScoped):
    def paper(self) -> Paper:
        paper = get_object_or_404(
            Paper.objects.select_related("item__meeting__group__partnership"),
            item__meeting__group__partnership=self.partnership,
            pk=self.kwargs["paper"],
        )
        self.kwargs["meeting"] = paper.item.meeting_id
        return paper


class PaperDownloadView(PaperScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        paper = self.paper()
        if not visibility.item_visible(request.user, paper.item):
            raise Http404
        return FileResponse(
            paper.file.open("rb"),
            as_attachment=False,
            filename=f"{paper.title}.pdf",
            content_type="application/pdf",
        )


class PaperDeleteView(PaperScoped, ConfirmDeletePage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Remove this paper"
    success_message = "Paper removed"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.warning = f"“{self.paper().title}” will be removed from the agenda."
        return super().get(request, *args, **kwargs)

    def delete(self) -> None:
        meetings.paper_remove(paper=self.paper(), by=self.request.user)

    def success_url(self) -> str:
        self.paper()
        return self.meeting_url()

    def back_url(self) -> str:
        self.paper()
        return self.meeting_url()


class AttendanceView(MeetingScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Attendance"
    success_message = "Attendance saved"
    template_name = "governance/meetings/attendance.html"

    def page_context(self) -> dict[str, Any]:
        meeting = self.meeting()
        return {
            "caption": str(meeting),
            "intro": "For each member, how they attended. Give whom a substitute stood in for, "
            "and any reason given with apologies.",
            "rows": presenters.attendance_rows(meeting),
            "add_url": reverse(
                "meetings:attendance_add",
                kwargs={"partnership": self.partnership.slug, "meeting": meeting.pk},
            ),
        }

    def get_form(self, data: Any = None, files: Any = None) -> AttendanceForm:
        meeting = self.meeting()
        members = list(selectors.members_at(meeting))
        member_ids = {m.person_id for m in members}
        recorded = list(selectors.attendance_of(meeting))
        others = [a.person for a in recorded if a.person_id not in member_ids]
        initial: dict[str, Any] = {}
        for record in recorded:
            initial[f"status_{record.person_id}"] = record.status
            initial[f"for_{record.person_id}"] = (
                str(record.substitute_for_id) if record.substitute_for_id else ""
            )
            initial[f"note_{record.person_id}"] = record.note
        return AttendanceForm(
            data,
            memberships=members,
            others=others,
            substitutable=[m.person for m in members],
            initial=initial,
        )

    def save(self, form: Any) -> None:
        entries = [
            meetings.AttendanceEntry(person, status, whom, note, seat)
            for person, seat, status, whom, note in form.rows()
        ]
        meetings.attendance_record(meeting=self.meeting(), by=self.request.user, entries=entries)

    def success_url(self, result: Any) -> str:
        return self.meeting_url()


class AttendanceAddView(MeetingScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Add someone else in attendance"
    success_message = "Attendance added"

    def get_form(self, data: Any = None, files: Any = None) -> AttendanceAddForm:
        meeting = self.meeting()
        recorded = selectors.attendance_of(meeting).values_list("person_id", flat=True)
        return AttendanceAddForm(
            data,
            people=Person.objects.for_partnership(self.partnership).exclude(pk__in=recorded),
            members=Person.objects.filter(
                pk__in=selectors.members_at(meeting).values_list("person_id", flat=True)
            ),
        )

    def save(self, form: Any) -> Any:
        return meetings.attendance_add(
            meeting=self.meeting(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Any) -> str:
        return reverse(
            "meetings:attendance",
            kwargs={"partnership": self.partnership.slug, "meeting": self.meeting().pk},
        )

    def back_url(self) -> str:
        return self.success_url(None)


class DeclarationCreateView(MeetingScoped, FormPage):
    """Officers record anyone's declaration; a board member records their own, on a meeting of
    a group they sit on."""

    heading = "Declare an interest"
    success_message = "Declaration recorded"
    template_name = "governance/meetings/declarations.html"

    def own_person(self) -> Person | None:
        if Perm.MANAGE_MEETINGS in self.perms:
            return None
        person = selectors.person_for_user(self.request.user, self.partnership)
        if person is None or not selectors.is_member_of(person, self.meeting()):
            self.deny()
        return person

    def page_context(self) -> dict[str, Any]:
        return {
            "caption": str(self.meeting()),
            "rows": presenters.declaration_rows(self.request.user, self.meeting()),
        }

    def get_form(self, data: Any = None, files: Any = None) -> DeclarationForm:
        if not self.request.user.is_authenticated:
            self.deny()
        meeting = self.meeting()
        own = self.own_person()
        items = [(str(i.pk), str(i)) for i in visibility.items_visible(self.request.user, meeting)]
        if own is not None:
            people = Person.objects.filter(pk=own.pk)
        else:
            people = Person.objects.for_partnership(self.partnership)
        interests = RegisteredInterest.objects.filter(person__in=people).select_related("person")
        form = DeclarationForm(data, items=items, people=people, interests=interests)
        if own is not None:
            form.fields["person"].initial = own.pk
        return form

    def save(self, form: Any) -> Declaration:
        data = dict(form.cleaned_data)
        item = get_object_or_404(
            visibility.items_visible(self.request.user, self.meeting()), pk=int(data.pop("item"))
        )
        own = self.own_person()
        if own is not None and data["person"].pk != own.pk:
            raise ValidationError({"person": "You can declare only your own interests"})
        return meetings.declaration_record(item=item, by=self.request.user, **data)

    def success_url(self, result: Declaration) -> str:
        return self.meeting_url()


class DeclarationDeleteView(MeetingScoped, ConfirmDeletePage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Remove this declaration"
    success_message = "Declaration removed"

    def declaration(self) -> Declaration:
        return get_object_or_404(
            Declaration.objects.select_related("person", "item"),
            item__meeting=self.meeting(),
            pk=self.kwargs["declaration"],
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.warning = presenters.declaration_text(self.declaration())
        return super().get(request, *args, **kwargs)

    def delete(self) -> None:
        meetings.declaration_remove(declaration=self.declaration(), by=self.request.user)

    def success_url(self) -> str:
        return self.meeting_url()


class AttendanceStatisticsView(PartnershipView):
    """Attendance per member over a municipal year: held meetings only, shown to everyone as
    published attendance records are."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        group = get_object_or_404(Group, partnership=self.partnership, pk=kwargs["group"])
        year = (
            request.GET.get("year", "")
            or (selectors.municipal_years(group) or [selectors.municipal_year_now()])[0]
        )
        if not _valid_year(year):
            raise Http404
        page = presenters.statistics_page(group, year)
        return render(
            request, "governance/meetings/statistics.html", self.get_context_data(page=page)
        )


def _valid_year(year: str) -> bool:
    first, _, second = year.partition("/")
    return (
        first.isdigit()
        and second.isdigit()
        and len(first) == 4
        and len(second) == 2
        and (int(first) + 1) % 100 == int(second)
    )
