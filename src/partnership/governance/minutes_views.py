"""Minutes pages: reading them, editing them item by item, their lifecycle, versions and
comparison, confirming the previous minutes, amendments, actions arising and matters arising.

Who sees minutes is visibility.minutes_visible's rule; every change is for those who manage
meetings. A meeting of another partnership under this one's address is 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from partnership.web.mixins import PartnershipView
from partnership.web.pages import FormPage, apply_validation_error
from partnership.web.permissions import Perm

from . import minutes as service
from . import minutes_presenters as presenters
from .meeting_models import ActionArising, AgendaItem, Minutes, MinutesStatus
from .meetings_views import MeetingScoped as MeetingPage
from .minutes_forms import (
    ActionArisingForm,
    ActionUpdateForm,
    AmendmentForm,
    ConfirmForm,
    MinutesEditForm,
)
from .minutes_selectors import matters_arising, minutes_to_confirm, open_actions, versions_visible
from .visibility import can_manage, minutes_visible


class MeetingScoped(MeetingPage):
    def existing_minutes(self) -> Minutes | None:
        return Minutes.objects.filter(meeting=self.meeting()).first()

    def readable_minutes(self) -> Minutes:
        """The minutes, if this person may read them: 404 when there are none yet (for those
        who cannot start them), sign in or 403 when they are not theirs to see."""
        minutes = self.existing_minutes()
        if minutes is None:
            raise Http404
        if not minutes_visible(self.request.user, minutes):
            self.deny()
        return minutes

    def url(self, name: str, **extra: Any) -> str:
        return presenters.meeting_url(name, self.meeting(), **extra)

    def meeting_caption(self) -> str:
        meeting = self.meeting()
        return f"{meeting.group.name}, {presenters.format_date(meeting.start)}"


class MinutesDetailView(MeetingScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = self.meeting()
        minutes = self.existing_minutes()
        if minutes is None and not can_manage(request.user, self.partnership):
            raise Http404
        if minutes is not None and not minutes_visible(request.user, minutes):
            self.deny()
        page = presenters.minutes_page(meeting, minutes, request.user)
        return render(request, "governance/minutes/detail.html", self.get_context_data(page=page))


class MinutesEditView(MeetingScoped):
    permission = Perm.MANAGE_MEETINGS

    def items(self) -> list[AgendaItem]:
        return list(
            AgendaItem.objects.filter(meeting=self.meeting())
            .select_related("minute")
            .order_by("order")
        )

    def locked(self, minutes: Minutes, status: int = 200, error: str = "") -> HttpResponse:
        context = self.get_context_data(
            minutes=minutes,
            caption=self.meeting_caption(),
            error=error,
            amend_url=self.url("minutes_amend"),
            minutes_url=self.url("minutes_detail"),
        )
        return render(self.request, "governance/minutes/locked.html", context, status=status)

    def show(
        self, form: MinutesEditForm, minutes: Minutes, status: int = 200, latest: Any = None
    ) -> HttpResponse:
        context = self.get_context_data(
            form=form,
            latest=latest,
            minutes=minutes,
            caption=self.meeting_caption(),
            minutes_url=self.url("minutes_detail"),
            status_url=self.url("minutes_status"),
        )
        return render(self.request, "governance/minutes/edit.html", context, status=status)

    def stale(self, minutes: Minutes, error: ValidationError) -> HttpResponse:
        """Keep the editor's text, show what the minutes now say, and take the form as made
        from the latest version: once they have compared, saving again goes through."""
        minutes.refresh_from_db()
        data = self.request.POST.copy()
        data["seen_version"] = str(minutes.version)
        form = MinutesEditForm(data, items=self.items())
        form.is_valid()
        apply_validation_error(form, error)
        latest = presenters.minutes_page(self.meeting(), minutes, self.request.user).items
        return self.show(form, minutes, status=400, latest=latest)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        minutes = service.minutes_for(self.meeting(), by=request.user)
        if minutes.status in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
            return self.locked(minutes)
        form = MinutesEditForm(items=self.items(), initial={"seen_version": minutes.version})
        return self.show(form, minutes)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        minutes = service.minutes_for(self.meeting(), by=request.user)
        form = MinutesEditForm(request.POST, items=self.items())
        if form.is_valid():
            try:
                service.minutes_save(
                    minutes=minutes,
                    by=request.user,
                    seen_version=form.cleaned_data["seen_version"],
                    items=form.item_texts(),
                )
            except service.MinutesLocked as error:
                return self.locked(minutes, status=409, error=" ".join(error.messages))
            except service.StaleMinutes as error:
                return self.stale(minutes, error)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Minutes saved")
                return HttpResponseRedirect(self.url("minutes_edit"))
        # The editor's own text stays in the form (it is bound to what they sent).
        return self.show(form, minutes, status=400)


class MinutesStatusView(MeetingScoped):
    permission = Perm.MANAGE_MEETINGS

    def show(self, minutes: Minutes, error: str = "", status: int = 200) -> HttpResponse:
        context = self.get_context_data(
            page=presenters.status_page(minutes), caption=self.meeting_caption(), error=error
        )
        return render(self.request, "governance/minutes/status.html", context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.show(service.minutes_for(self.meeting(), by=request.user))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        minutes = service.minutes_for(self.meeting(), by=request.user)
        try:
            changed = service.minutes_set_status(
                minutes=minutes, status=request.POST.get("status", ""), by=request.user
            )
        except ValidationError as error:
            minutes.refresh_from_db()
            return self.show(minutes, error=" ".join(error.messages), status=400)
        messages.success(request, f"Minutes are now {changed.get_status_display().lower()}")
        return HttpResponseRedirect(self.url("minutes_status"))


class MinutesVersionsView(MeetingScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        minutes = self.readable_minutes()
        rows = presenters.version_rows(versions_visible(request.user, minutes))
        context = self.get_context_data(
            rows=rows,
            caption=self.meeting_caption(),
            minutes_url=self.url("minutes_detail"),
            compare_url=self.url("minutes_compare"),
        )
        return render(request, "governance/minutes/versions.html", context)


class MinutesCompareView(MeetingScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        minutes = self.readable_minutes()
        versions = {v.number: v for v in versions_visible(request.user, minutes)}
        try:
            old, new = int(request.GET.get("from", "")), int(request.GET.get("to", ""))
        except ValueError:
            numbers = sorted(versions)
            if len(numbers) < 2:
                # Partners see no drafts, so just-circulated minutes have one version for them.
                messages.info(request, "There is only one version yet, so nothing to compare.")
                return redirect(self.url("minutes_versions"))
            old, new = numbers[-2], numbers[-1]
        if old not in versions or new not in versions:
            raise Http404("Choose two versions from the list")
        if old > new:
            old, new = new, old
        context = self.get_context_data(
            caption=self.meeting_caption(),
            old=old,
            new=new,
            diffs=presenters.compare_versions(versions[old], versions[new]),
            versions_url=self.url("minutes_versions"),
        )
        return render(request, "governance/minutes/compare.html", context)


class ConfirmPreviousView(MeetingScoped):
    permission = Perm.MANAGE_MEETINGS

    def show(self, form: ConfirmForm | None, previous: Minutes | None, status: int = 200):
        context = self.get_context_data(
            form=form,
            previous=previous,
            previous_date=presenters.format_date(previous.meeting.start) if previous else "",
            caption=self.meeting_caption(),
            minutes_url=self.url("minutes_detail"),
        )
        return render(self.request, "governance/minutes/confirm.html", context, status=status)

    def items_of(self, previous: Minutes) -> list[AgendaItem]:
        return list(AgendaItem.objects.filter(meeting=previous.meeting).order_by("order"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        previous = minutes_to_confirm(self.meeting())
        form = ConfirmForm(items=self.items_of(previous)) if previous else None
        return self.show(form, previous)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        previous = minutes_to_confirm(self.meeting())
        if previous is None:
            return self.show(None, None, status=400)
        form = ConfirmForm(request.POST, items=self.items_of(previous))
        if form.is_valid():
            try:
                service.minutes_confirm(
                    minutes=previous,
                    at_meeting=self.meeting(),
                    corrections=form.corrections(),
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Previous minutes confirmed as a true record")
                return HttpResponseRedirect(self.url("minutes_detail"))
        return self.show(form, previous, status=400)


class AmendView(MeetingScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Record an amendment to approved minutes"
    success_message = "Amendment recorded"
    intro = (
        "Approved minutes are never edited: a correction is recorded as an amendment, kept with "
        "the minutes and shown with them, and makes a new version."
    )

    def minutes(self) -> Minutes:
        minutes = self.existing_minutes()
        if minutes is None:
            raise Http404
        return minutes

    def page_context(self) -> dict[str, Any]:
        return {"caption": self.meeting_caption()}

    def get_form(self, data: Any = None, files: Any = None) -> AmendmentForm:
        minutes = self.minutes()
        items = list(AgendaItem.objects.filter(meeting=self.meeting()).order_by("order"))
        return AmendmentForm(data, items=items, initial={"seen_version": minutes.version})

    def save(self, form: Any) -> Any:
        return service.minutes_amend(
            minutes=self.minutes(),
            by=self.request.user,
            seen_version=form.cleaned_data["seen_version"],
            correction=service.Correction(
                description=form.cleaned_data["description"],
                item=form.chosen_item(),
                part=form.cleaned_data["part"],
                text=form.cleaned_data["text"],
            ),
        )

    def success_url(self, result: Any) -> str:
        return self.url("minutes_detail")

    def back_url(self) -> str:
        return self.url("minutes_detail")


class ActionAddView(MeetingScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Add an action arising"
    success_message = "Action arising added"

    def item(self) -> AgendaItem:
        return get_object_or_404(AgendaItem, meeting=self.meeting(), pk=self.kwargs["item"])

    def page_context(self) -> dict[str, Any]:
        return {"caption": f"{self.meeting_caption()}: item {self.item()}"}

    def get_form(self, data: Any = None, files: Any = None) -> ActionArisingForm:
        return ActionArisingForm(data, partnership=self.partnership)

    def save(self, form: Any) -> ActionArising:
        return service.action_arising_add(
            item=self.item(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Any) -> str:
        return self.url("minutes_detail")

    def back_url(self) -> str:
        return self.url("minutes_detail")


class ActionEditView(MeetingScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Change an action arising"
    success_message = "Action arising saved"

    def action(self) -> ActionArising:
        return get_object_or_404(
            ActionArising.objects.select_related("item__meeting__group"),
            item__meeting=self.meeting(),
            pk=self.kwargs["action"],
        )

    def page_context(self) -> dict[str, Any]:
        return {"caption": f"{self.meeting_caption()}: item {self.action().item}"}

    def get_form(self, data: Any = None, files: Any = None) -> ActionArisingForm:
        action = self.action()
        return ActionArisingForm(
            data,
            partnership=self.partnership,
            with_status=True,
            initial={
                "description": action.description,
                "owner": action.owner,
                "owner_person": action.owner_person_id,
                "due_date": action.due_date,
                "status": action.status,
            },
        )

    def save(self, form: Any) -> ActionArising:
        return service.action_arising_change(
            action=self.action(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Any) -> str:
        return self.url("minutes_detail")

    def back_url(self) -> str:
        return self.url("minutes_detail")


class MattersArisingView(MeetingScoped):
    permission = Perm.MANAGE_MEETINGS

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        today = timezone.localdate()
        rows = [
            presenters.action_row(
                a, today=today, update_url=self.url("matters_update", action=a.pk)
            )
            for a in matters_arising(self.meeting())
        ]
        context = self.get_context_data(
            rows=rows, caption=self.meeting_caption(), minutes_url=self.url("minutes_detail")
        )
        return render(request, "governance/minutes/matters.html", context)


class MattersUpdateView(MeetingScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Record progress on an action arising"
    success_message = "Update recorded"

    def action(self) -> ActionArising:
        action = matters_arising(self.meeting()).filter(pk=self.kwargs["action"]).first()
        if action is None:
            raise Http404("This action does not come under this meeting's matters arising")
        return action

    def page_context(self) -> dict[str, Any]:
        action = self.action()
        return {
            "caption": self.meeting_caption(),
            "intro": f"{action.description} (owner: {action.owner})",
        }

    def get_form(self, data: Any = None, files: Any = None) -> ActionUpdateForm:
        return ActionUpdateForm(data, initial={"status": self.action().status})

    def save(self, form: Any) -> Any:
        return service.action_arising_record_update(
            action=self.action(), meeting=self.meeting(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Any) -> str:
        return self.url("matters_arising")

    def back_url(self) -> str:
        return self.url("matters_arising")


class OpenActionsView(PartnershipView):
    permission = Perm.VIEW_UNPUBLISHED

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        today = timezone.localdate()
        rows = [
            presenters.action_row(a, today=today)
            for a in open_actions(request.user, self.partnership, today=today)
        ]
        return render(
            request, "governance/minutes/actions_open.html", self.get_context_data(rows=rows)
        )
