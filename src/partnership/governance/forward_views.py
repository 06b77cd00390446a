"""A group's forward plan: everyone reads the planned and scheduled items; the partnership's
people also see and make suggestions; those who manage meetings plan, accept, decline and
schedule."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from partnership.web.mixins import PartnershipView
from partnership.web.pages import FormPage
from partnership.web.permissions import Perm

from . import forward
from .forward_forms import DeclineForm, ForwardItemForm, ScheduleForm
from .meeting_models import ForwardPlanItem, ForwardPlanStatus
from .meetings import format_date
from .minutes_selectors import forward_plan, schedulable_meetings
from .models import Group
from .visibility import can_manage, is_member


class ForwardScoped(PartnershipView):
    def group(self) -> Group:
        if not hasattr(self, "_group"):
            self._group = get_object_or_404(
                Group, partnership=self.partnership, pk=self.kwargs["group"]
            )
        return self._group

    def item(self) -> ForwardPlanItem:
        return get_object_or_404(ForwardPlanItem, group=self.group(), pk=self.kwargs["item"])

    def list_url(self) -> str:
        return reverse(
            "forward:forward_list",
            kwargs={"partnership": self.partnership.slug, "group": self.group().pk},
        )

    def back_url(self) -> str:
        return self.list_url()

    def success_url(self, result: Any) -> str:
        return self.list_url()

    def page_context(self) -> dict[str, Any]:
        return {"caption": self.group().name}


def _when(item: ForwardPlanItem) -> str:
    if item.target_meeting:
        return f"Meeting on {format_date(item.target_meeting.start)}"
    return f"{item.target_month:%B %Y}" if item.target_month else "Not decided yet"


class ForwardListView(ForwardScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        group = self.group()
        manage = can_manage(request.user, self.partnership)
        slug = self.partnership.slug
        rows = []
        for item in forward_plan(group, user=request.user):

            def url(name: str, item: ForwardPlanItem = item) -> str:
                return reverse(
                    f"forward:{name}",
                    kwargs={"partnership": slug, "group": group.pk, "item": item.pk},
                )

            rows.append(
                {
                    "item": item,
                    "when": _when(item),
                    "status": item.get_status_display(),
                    "suggested": item.status == ForwardPlanStatus.SUGGESTED,
                    "accept_url": url("forward_accept") if manage else "",
                    "decline_url": url("forward_decline") if manage else "",
                    "schedule_url": url("forward_schedule")
                    if manage and item.status == ForwardPlanStatus.PLANNED
                    else "",
                }
            )
        context = self.get_context_data(
            group=group,
            rows=rows,
            can_manage=manage,
            can_suggest=is_member(request.user, self.partnership),
            add_url=reverse("forward:forward_add", kwargs={"partnership": slug, "group": group.pk}),
            suggest_url=reverse(
                "forward:forward_suggest", kwargs={"partnership": slug, "group": group.pk}
            ),
            group_url=reverse(
                "governance:group_detail", kwargs={"partnership": slug, "group": group.pk}
            ),
        )
        return render(request, "governance/forward/list.html", context)


class ForwardAddView(ForwardScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Add an item to the forward plan"
    success_message = "Item added to the forward plan"

    def get_form(self, data: Any = None, files: Any = None) -> ForwardItemForm:
        return ForwardItemForm(data, group=self.group(), today=timezone.localdate())

    def save(self, form: Any) -> ForwardPlanItem:
        return forward.forward_item_add(
            group=self.group(), by=self.request.user, **form.cleaned_data
        )


class ForwardSuggestView(ForwardScoped, FormPage):
    permission = Perm.VIEW_UNPUBLISHED
    heading = "Suggest an item for the forward plan"
    success_message = "Suggestion sent: the group's officer will accept or decline it"
    intro = "Suggest something the group should hear or decide at a coming meeting."

    def get_form(self, data: Any = None, files: Any = None) -> ForwardItemForm:
        return ForwardItemForm(data, group=self.group(), today=timezone.localdate())

    def save(self, form: Any) -> ForwardPlanItem:
        return forward.forward_item_suggest(
            group=self.group(), by=self.request.user, **form.cleaned_data
        )


class ForwardAcceptView(ForwardScoped):
    permission = Perm.MANAGE_MEETINGS
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            forward.forward_item_accept(item=self.item(), by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Suggestion accepted into the forward plan")
        return HttpResponseRedirect(self.list_url())


class ForwardDeclineView(ForwardScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Decline a suggestion"
    success_message = "Suggestion declined"

    def page_context(self) -> dict[str, Any]:
        return {"caption": self.group().name, "intro": f"“{self.item().title}”"}

    def get_form(self, data: Any = None, files: Any = None) -> DeclineForm:
        return DeclineForm(data)

    def save(self, form: Any) -> ForwardPlanItem:
        return forward.forward_item_decline(
            item=self.item(), by=self.request.user, reason=form.cleaned_data["reason"]
        )


class ForwardScheduleView(ForwardScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Schedule an item into a meeting"
    success_message = "Item put on the meeting's agenda"

    def page_context(self) -> dict[str, Any]:
        return {
            "caption": self.group().name,
            "intro": f"“{self.item().title}” goes on the chosen meeting's agenda, at its end.",
        }

    def get_form(self, data: Any = None, files: Any = None) -> ScheduleForm:
        return ScheduleForm(data, meetings=schedulable_meetings(self.group()))

    def save(self, form: Any) -> ForwardPlanItem:
        return forward.forward_item_schedule(
            item=self.item(), by=self.request.user, **form.cleaned_data
        )
