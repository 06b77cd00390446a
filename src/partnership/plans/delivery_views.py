"""Delivery tracking pages. Each view fetches, checks, calls plans.delivery and redirects or
renders; the presenters in delivery_presenters work out what the templates show.

Every page here is for the partnership's own people (delivery is reported to the public
through the board's reports): anonymous visitors are asked to sign in, people with no role in
the partnership get 403, and another partnership's rounds or actions under this one's address
are 404.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from partnership.governance.models import Group
from partnership.web.mixins import PartnershipView
from partnership.web.pages import ConfirmDeletePage, FormPage, apply_validation_error
from partnership.web.permissions import Perm

from . import delivery
from . import delivery_presenters as presenters
from .delivery_forms import (
    ChampionForm,
    CommentForm,
    MilestoneForm,
    ProgressUpdateForm,
    RemedialForm,
    RoundForm,
)
from .delivery_models import ActionStatus, Evidence, Milestone, PriorityCompilation, UpdateRound
from .delivery_selectors import latest_update, open_round_for
from .models import KeyAction, Plan, Priority


class DeliveryView(PartnershipView):
    permission = Perm.VIEW_UNPUBLISHED

    def home_url(self) -> str:
        return reverse("delivery:home", kwargs={"partnership": self.partnership.slug})

    def get_plan(self) -> Plan:
        return get_object_or_404(Plan, partnership=self.partnership, slug=self.kwargs["plan"])

    def get_priority(self) -> Priority:
        return get_object_or_404(
            Priority.objects.select_related("plan__partnership", "champion"),
            plan=self.get_plan(),
            pk=self.kwargs["priority"],
        )

    def get_action(self) -> KeyAction:
        if not hasattr(self, "_action"):
            self._action = get_object_or_404(
                KeyAction.objects.select_related("priority__plan__partnership"),
                priority=self.get_priority(),
                pk=self.kwargs["action"],
            )
        return self._action

    def action_url(self) -> str:
        return presenters.action_url(self.get_action())

    def get_round(self) -> UpdateRound:
        return get_object_or_404(
            UpdateRound.objects.select_related("plan__partnership"),
            plan__partnership=self.partnership,
            pk=self.kwargs["round"],
        )


class ActionUpdater(DeliveryView):
    """A page that changes one action: only its lead groups' contributors and officers."""

    def check_updater(self) -> None:
        if not delivery.can_update_action(self.request.user, self.get_action()):
            raise PermissionDenied


# Overview pages -------------------------------------------------------------------------------


class DeliveryHomeView(DeliveryView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        page = presenters.home_page(self.partnership, request.user, self.perms)
        return render(request, "plans/delivery/home.html", self.get_context_data(page=page))


class MyActionsView(DeliveryView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        page = presenters.my_actions_page(self.partnership, request.user, self.perms)
        return render(request, "plans/delivery/my_actions.html", self.get_context_data(page=page))


class ExceptionListView(DeliveryView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        page = presenters.exceptions_page(self.partnership, request.user, self.perms)
        return render(request, "plans/delivery/exceptions.html", self.get_context_data(page=page))


# Rounds ---------------------------------------------------------------------------------------


class RoundCreateView(DeliveryView, FormPage):
    permission = Perm.MANAGE_DELIVERY
    heading = "Open an update round"
    success_message = "Round opened: the lead groups have been emailed"

    @property
    def caption(self) -> str:  # type: ignore[override]
        return self.get_plan().title

    @property
    def intro(self) -> str:  # type: ignore[override]
        return (
            "Each group that leads a key action in the chosen priorities is emailed a link to "
            "its to-do list. Reminders follow before and after the deadline until you close "
            "the round."
        )

    def get_form(self, data: Any = None, files: Any = None) -> RoundForm:
        plan = self.get_plan()
        free = [p for p in plan.priorities.order_by("order") if open_round_for(p) is None]
        return RoundForm(data, plan=plan, initial={"priorities": free})

    def save(self, form: Any) -> UpdateRound:
        data = form.cleaned_data
        return delivery.round_open(
            plan=self.get_plan(),
            by=self.request.user,
            title=data["title"],
            deadline=data["deadline"],
            priorities=list(data["priorities"]),
            message=data["message"],
        )

    def success_url(self, result: UpdateRound) -> str:
        return reverse(
            "delivery:round_detail",
            kwargs={"partnership": self.partnership.slug, "round": result.pk},
        )

    def back_url(self) -> str:
        return self.home_url()


class RoundDetailView(DeliveryView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        page = presenters.round_page(self.get_round(), self.perms)
        return render(request, "plans/delivery/round.html", self.get_context_data(page=page))


class RoundCloseView(DeliveryView):
    permission = Perm.MANAGE_DELIVERY

    def context(self, update_round: UpdateRound, error: str = "") -> dict[str, Any]:
        return self.get_context_data(
            page=presenters.round_page(update_round, self.perms), error=error
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        update_round = self.get_round()
        if not update_round.is_open:
            return HttpResponseRedirect(presenters.round_summary(update_round).url)
        return render(request, "plans/delivery/round_close.html", self.context(update_round))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        update_round = self.get_round()
        try:
            delivery.round_close(update_round=update_round, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, "Round closed: its updates are compiled and the champions emailed"
            )
        return HttpResponseRedirect(presenters.round_summary(update_round).url)


class RoundGroupView(DeliveryView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        update_round = self.get_round()
        group = get_object_or_404(Group, partnership=self.partnership, pk=kwargs["group"])
        page = presenters.todo_page(update_round, group, request.user, self.perms)
        return render(request, "plans/delivery/todo.html", self.get_context_data(page=page))


class CompilationView(DeliveryView):
    def compilation(self) -> PriorityCompilation:
        return get_object_or_404(
            PriorityCompilation.objects.select_related(
                "round__plan__partnership", "priority", "champion"
            ),
            round=self.get_round(),
            priority_id=self.kwargs["priority"],
        )

    def show(self, form: CommentForm | None, status: int = 200) -> HttpResponse:
        compilation = self.compilation()
        page = presenters.compilation_page(compilation, self.request.user)
        if form is None and page.can_comment:
            form = CommentForm()
        context = self.get_context_data(page=page, form=form)
        return render(self.request, "plans/delivery/compilation.html", context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.show(None)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        compilation = self.compilation()
        if not delivery.can_comment(request.user, compilation):
            raise PermissionDenied
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                delivery.champion_comment_add(
                    compilation=compilation, by=request.user, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, "Comment added")
                return HttpResponseRedirect(request.path + "#comments")
        return self.show(form, status=400)


class ChampionView(DeliveryView, FormPage):
    permission = Perm.MANAGE_DELIVERY
    success_message = "Champion saved"

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Champion of {self.get_plan().term.lower()} {self.get_priority().number}"

    @property
    def caption(self) -> str:  # type: ignore[override]
        return self.get_priority().title

    def get_form(self, data: Any = None, files: Any = None) -> ChampionForm:
        priority = self.get_priority()
        return ChampionForm(
            data, partnership=self.partnership, initial={"champion": priority.champion}
        )

    def save(self, form: Any) -> Priority:
        return delivery.priority_set_champion(
            priority=self.get_priority(),
            champion=form.cleaned_data["champion"],
            by=self.request.user,
        )

    def success_url(self, result: Any) -> str:
        return self.back_url()

    def back_url(self) -> str:
        priority = self.get_priority()
        return reverse(
            "plans:priority_detail",
            kwargs={
                "partnership": self.partnership.slug,
                "plan": priority.plan.slug,
                "priority": priority.pk,
            },
        )


# One action -----------------------------------------------------------------------------------


class ActionUpdateView(ActionUpdater, FormPage):
    template_name = "plans/delivery/update_form.html"
    heading = "Update progress"

    def get_form(self, data: Any = None, files: Any = None) -> ProgressUpdateForm:
        self.check_updater()
        action = self.get_action()
        if action.status == ActionStatus.CANCELLED:
            raise Http404("A cancelled action takes no more updates")
        last = latest_update(action)
        current = open_round_for(action.priority)
        return ProgressUpdateForm(
            data,
            files,
            statuses=delivery.allowed_statuses(action),
            progress_now=action.progress,
            check_seen=functools.partial(delivery.check_seen_update, action),
            initial={
                "status": action.status,
                "seen_update": last.pk if last else 0,
                "answering": current.pk if current else None,
                "remedial_action": action.remedial_action,
                "remedial_owner": action.remedial_owner,
            },
        )

    @property
    def caption(self) -> str:  # type: ignore[override]
        return presenters.priority_label(self.get_action().priority)

    def page_context(self) -> dict[str, Any]:
        return {"about": presenters.update_form_context(self.get_action())}

    def save(self, form: Any) -> Any:
        data = form.cleaned_data
        answering = (
            UpdateRound.objects.filter(
                pk=data["answering"], plan__partnership=self.partnership
            ).first()
            if data.get("answering")
            else None
        )
        files = [("evidence_file", data["evidence_file"])] if data.get("evidence_file") else []
        update = delivery.action_record_progress(
            action=self.get_action(),
            by=self.request.user,
            status=data["status"],
            progress=data["progress"],
            narrative=data["narrative"],
            reason=data["reason"],
            remedial_action=data["remedial_action"],
            remedial_owner=data["remedial_owner"],
            links=[delivery.EvidenceLink(title, url) for title, url in form.links()],
            files=files,
            answering=answering,
            seen_update_id=data["seen_update"] if data["seen_update"] is not None else None,
        )
        if update.late_for_id:
            messages.warning(
                self.request,
                f"“{update.late_for.title}” closed before you sent this update, so it is kept "  # type: ignore[union-attr]
                "for the next round.",
            )
        else:
            messages.success(self.request, "Update sent")
        return update

    def success_url(self, result: Any) -> str:
        return self.action_url()

    def back_url(self) -> str:
        return self.action_url()


class RemedialView(DeliveryView, FormPage):
    permission = Perm.MANAGE_DELIVERY
    heading = "Record the agreed remedial action"
    success_message = "Remedial action saved"

    @property
    def caption(self) -> str:  # type: ignore[override]
        return self.get_action().text[:120]

    def get_form(self, data: Any = None, files: Any = None) -> RemedialForm:
        action = self.get_action()
        return RemedialForm(
            data,
            initial={
                "remedial_action": action.remedial_action,
                "remedial_owner": action.remedial_owner,
                "remedial_due": action.remedial_due,
            },
        )

    def save(self, form: Any) -> KeyAction:
        data = form.cleaned_data
        return delivery.action_agree_remedial(
            action=self.get_action(), by=self.request.user, **data
        )

    def success_url(self, result: Any) -> str:
        return reverse("delivery:exceptions", kwargs={"partnership": self.partnership.slug})

    def back_url(self) -> str:
        return self.success_url(None)


class MilestoneScoped(ActionUpdater):
    def action_caption(self) -> str:
        return self.get_action().text[:120]

    def milestone(self) -> Milestone:
        return get_object_or_404(Milestone, action=self.get_action(), pk=self.kwargs["milestone"])

    def back_url(self) -> str:
        return self.action_url() + "#milestones"


class MilestoneCreateView(MilestoneScoped, FormPage):
    heading = "Add a milestone"
    success_message = "Milestone added"

    @property
    def caption(self) -> str:  # type: ignore[override]
        return self.action_caption()

    def get_form(self, data: Any = None, files: Any = None) -> MilestoneForm:
        self.check_updater()
        return MilestoneForm(data)

    def save(self, form: Any) -> Milestone:
        return delivery.milestone_create(
            action=self.get_action(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Any) -> str:
        return self.back_url()


class MilestoneEditView(MilestoneScoped, FormPage):
    heading = "Edit milestone"
    success_message = "Milestone saved"

    @property
    def caption(self) -> str:  # type: ignore[override]
        return self.action_caption()

    def get_form(self, data: Any = None, files: Any = None) -> MilestoneForm:
        self.check_updater()
        m = self.milestone()
        return MilestoneForm(
            data,
            initial={"title": m.title, "due_date": m.due_date, "completed_on": m.completed_on},
        )

    def save(self, form: Any) -> Milestone:
        return delivery.milestone_update(
            milestone=self.milestone(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Any) -> str:
        return self.back_url()


class MilestoneDeleteView(MilestoneScoped, ConfirmDeletePage):
    heading = "Delete milestone"
    success_message = "Milestone deleted"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_updater()
        return super().get(request, *args, **kwargs)

    @property
    def warning(self) -> str:  # type: ignore[override]
        return f"“{self.milestone().title}” will be removed from this action."

    def delete(self) -> None:
        self.check_updater()
        delivery.milestone_delete(milestone=self.milestone(), by=self.request.user)

    def success_url(self) -> str:
        return self.back_url()


class EvidenceDownloadView(DeliveryView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        item = get_object_or_404(
            Evidence.objects.select_related("update__action__priority__plan"),
            update__action__priority__plan__partnership=self.partnership,
            pk=kwargs["evidence"],
        )
        if not item.file:
            return HttpResponseRedirect(item.url)
        response = FileResponse(
            item.file.open("rb"),
            as_attachment=True,
            filename=item.title,
            content_type=item.content_type or "application/octet-stream",
        )
        return response
