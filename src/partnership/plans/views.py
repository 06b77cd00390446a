"""Plan pages. Each view fetches, checks, calls a service and redirects or renders."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from partnership.web.mixins import PartnershipView
from partnership.web.models import GlossaryTerm
from partnership.web.pages import ConfirmDeletePage, FormPage, HistoryPage, MoveAction
from partnership.web.permissions import Perm
from partnership.web.services import glossary_term_save

from . import presenters, services
from .delivery_presenters import action_delivery
from .forms import (
    ActionForm,
    CriterionForm,
    GlossaryTermForm,
    IndicatorLinkForm,
    PlanForm,
    PlanImportForm,
    PlanStatusForm,
    PriorityForm,
    SectionForm,
    StrategyForm,
)
from .models import (
    KeyAction,
    Plan,
    PlanSection,
    Priority,
    PriorityIndicator,
    Strategy,
    SuccessCriterion,
)
from .planfile.dump import plan_file_text
from .planfile.load import PlanFileError, plan_file_import
from .planfile.parse import parse_plan_file
from .selectors import plans_visible_to


def _url(name: str, **kwargs: Any) -> str:
    return reverse(f"plans:{name}", kwargs=kwargs)


class PlanListView(PartnershipView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plans = list(plans_visible_to(self.partnership, self.perms))
        context = self.get_context_data(
            plans=[presenters.plan_summary(plan) for plan in plans],
            can_edit=Perm.EDIT_PLAN in self.perms,
        )
        return render(request, "plans/plan_list.html", context)


class PlanScoped(PartnershipView):
    """A page about one plan; drafts are hidden (404) from anyone who may not see them."""

    plan: Plan

    def get_plan(self) -> Plan:
        if not hasattr(self, "plan"):
            plan = get_object_or_404(Plan, partnership=self.partnership, slug=self.kwargs["plan"])
            if not plan.is_public and Perm.VIEW_UNPUBLISHED not in self.perms:
                raise Http404("No such plan")
            self.plan = plan
        return self.plan

    def plan_url(self) -> str:
        return _url("plan_detail", partnership=self.partnership.slug, plan=self.get_plan().slug)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["plan"] = self.get_plan()
        return context

    def priority(self) -> Priority:
        return get_object_or_404(Priority, plan=self.get_plan(), pk=self.kwargs["priority"])

    def priority_url(self, priority: Priority) -> str:
        return _url(
            "priority_detail",
            partnership=self.partnership.slug,
            plan=self.get_plan().slug,
            priority=priority.pk,
        )


class PlanDetailView(PlanScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.get_plan()
        context = self.get_context_data(page=presenters.plan_page(plan, self.perms))
        return render(request, "plans/plan_detail.html", context)


class PlanCreateView(FormPage):
    permission = Perm.EDIT_PLAN
    heading = "Create a plan"
    success_message = "Plan created"

    def get_form(self, data: Any = None, files: Any = None) -> PlanForm:
        return PlanForm(data, partnership=self.partnership, initial={"priority_term": "priority"})

    def save(self, form: Any) -> Plan:
        return services.plan_create(
            partnership=self.partnership, by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Plan) -> str:
        return _url("plan_detail", partnership=self.partnership.slug, plan=result.slug)

    def back_url(self) -> str:
        return _url("plan_list", partnership=self.partnership.slug)


class PlanEditView(PlanScoped, FormPage):
    permission = Perm.EDIT_PLAN
    heading = "Edit the plan's details"
    success_message = "Plan details saved"

    def get_form(self, data: Any = None, files: Any = None) -> PlanForm:
        plan = self.get_plan()
        initial = {
            "title": plan.title,
            "slug": plan.slug,
            "priority_term": plan.priority_term,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "vision": plan.vision,
            "aims": "\n".join(plan.aims),
        }
        return PlanForm(data, partnership=self.partnership, plan_pk=plan.pk, initial=initial)

    def save(self, form: Any) -> Plan:
        return services.plan_update(plan=self.get_plan(), by=self.request.user, **form.cleaned_data)

    def success_url(self, result: Plan) -> str:
        return _url("plan_detail", partnership=self.partnership.slug, plan=result.slug)

    def back_url(self) -> str:
        return self.plan_url()


class PlanStatusView(PlanScoped, FormPage):
    permission = Perm.EDIT_PLAN
    heading = "Change the plan's status"
    success_message = "Plan status changed"

    def get_form(self, data: Any = None, files: Any = None) -> PlanStatusForm:
        return PlanStatusForm(data, choices=services.plan_status_choices(self.get_plan()))

    def page_context(self) -> dict[str, Any]:
        return {"intro": f"The plan is {self.get_plan().get_status_display().lower()}."}

    def save(self, form: Any) -> Plan:
        return services.plan_change_status(
            plan=self.get_plan(), by=self.request.user, status=form.cleaned_data["status"]
        )

    def success_url(self, result: Plan) -> str:
        return self.plan_url()

    def back_url(self) -> str:
        return self.plan_url()


class PlanDeleteView(PlanScoped, ConfirmDeletePage):
    permission = Perm.EDIT_PLAN
    heading = "Delete this plan"
    success_message = "Plan deleted"
    warning = (
        "This deletes the plan with all its sections, priorities, success criteria and key "
        "actions. Its history is kept. Groups, strategies and indicators stay."
    )

    def delete(self) -> None:
        services.plan_delete(plan=self.get_plan(), by=self.request.user)

    def success_url(self) -> str:
        return _url("plan_list", partnership=self.partnership.slug)

    def back_url(self) -> str:
        return self.plan_url()


class PlanHistoryView(PlanScoped, HistoryPage):
    permission = Perm.VIEW_UNPUBLISHED

    @property
    def heading(self) -> str:  # type: ignore[override]
        return "Changes to this plan"

    def history_objects(self) -> list[Any]:
        plan = self.get_plan()
        return [
            Plan.history.filter(id=plan.pk),
            PlanSection.history.filter(plan_id=plan.pk),
            Priority.history.filter(plan_id=plan.pk),
            *presenters.priority_history_querysets(
                list(Priority.history.filter(plan_id=plan.pk).values_list("id", flat=True))
            ),
        ]

    def back_url(self) -> str:
        return self.plan_url()


class PlanExportView(PlanScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = self.get_plan()
        response = HttpResponse(
            plan_file_text(plan), content_type="application/yaml; charset=utf-8"
        )
        filename = f"{self.partnership.slug}-{plan.slug}.yaml"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class PlanImportView(PartnershipView):
    """Upload a plan file, see what it will change, then confirm. Nothing is written until then."""

    permission = Perm.EDIT_PLAN
    session_key = "plan_import"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.show(PlanImportForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "confirm" in request.POST:
            return self.confirm(request)
        form = PlanImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        limit = settings.PLAN_FILE_MAX_BYTES
        if upload.size > limit:
            form.add_error(
                "file",
                f"The file is {upload.size:,} bytes; the largest plan file "
                f"accepted is {limit:,} bytes",
            )
            return self.show(form, status=400)
        raw = upload.read()
        try:
            # Which partnership the file is for comes first: the problems of another
            # partnership's file (its groups' areas, its indicators) are not this one's to fix.
            slug = parse_plan_file(raw, max_bytes=limit).data["partnership"]["slug"]
            if slug != self.partnership.slug:
                form.add_error(
                    "file",
                    f"This file is for the partnership “{slug}”, "
                    f"not “{self.partnership.slug}”. Import it there, or change "
                    "partnership > slug in the file",
                )
                return self.show(form, status=400)
            summary = plan_file_import(raw=raw, by=request.user, dry_run=True, max_bytes=limit)
        except PlanFileError as error:
            form.add_error(
                "file",
                f"The file has {len(error.problems)} problem"
                f"{'s' if len(error.problems) != 1 else ''}; nothing was "
                "imported. The problems are listed below the form",
            )
            return self.show(form, status=400, problems=[str(p) for p in error.problems])
        token = secrets.token_urlsafe(16)
        request.session[self.session_key] = {
            "token": token,
            "text": raw.decode("utf-8-sig"),
            "name": upload.name,
        }
        return render(
            request,
            "plans/plan_import_preview.html",
            self.get_context_data(summary=summary, token=token, filename=upload.name),
        )

    def confirm(self, request: HttpRequest) -> HttpResponse:
        pending = request.session.get(self.session_key)
        if not pending or pending.get("token") != request.POST.get("token"):
            return self.show(
                self.refused("The file to import has expired or was replaced; upload it again"),
                status=400,
            )
        try:
            summary = plan_file_import(raw=pending["text"], by=request.user)
        except PlanFileError as error:
            # The database changed between preview and confirm (another officer's edit).
            form = self.refused("The plan changed since you checked the file; upload it again")
            return self.show(form, status=400, problems=[str(p) for p in error.problems])
        del request.session[self.session_key]
        messages.success(request, f"Imported “{summary.plan_title}”")
        return HttpResponseRedirect(
            _url("plan_detail", partnership=self.partnership.slug, plan=summary.plan_slug)
        )

    @staticmethod
    def refused(message: str) -> PlanImportForm:
        """An upload form showing ``message`` against the file field, with nothing uploaded."""
        form = PlanImportForm(data={}, files={})
        form.is_valid()
        form.errors["file"] = form.error_class([message])
        return form

    def show(
        self, form: PlanImportForm, status: int = 200, problems: list[str] | None = None
    ) -> HttpResponse:
        context = self.get_context_data(
            form=form,
            problems=problems or [],
            back_url=_url("plan_list", partnership=self.partnership.slug),
        )
        return render(self.request, "plans/plan_import.html", context, status=status)


# Sections ------------------------------------------------------------------------------------


class SectionScoped(PlanScoped):
    def section(self) -> PlanSection:
        return get_object_or_404(PlanSection, plan=self.get_plan(), pk=self.kwargs["section"])

    def section_url(self, section: PlanSection) -> str:
        return _url(
            "section_detail",
            partnership=self.partnership.slug,
            plan=self.get_plan().slug,
            section=section.pk,
        )


class SectionDetailView(SectionScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        section = self.section()
        context = self.get_context_data(
            section=section,
            can_edit=Perm.EDIT_PLAN in self.perms,
            urls=presenters.section_urls(self.get_plan(), section),
        )
        return render(request, "plans/section_detail.html", context)


class SectionCreateView(SectionScoped, FormPage):
    permission = Perm.EDIT_PLAN
    heading = "Add a section"
    success_message = "Section added"

    def get_form(self, data: Any = None, files: Any = None) -> SectionForm:
        return SectionForm(data, plan=self.get_plan())

    def save(self, form: Any) -> PlanSection:
        return services.section_create(
            plan=self.get_plan(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: PlanSection) -> str:
        return self.section_url(result)

    def back_url(self) -> str:
        return self.plan_url()


class SectionEditView(SectionScoped, FormPage):
    permission = Perm.EDIT_PLAN
    heading = "Edit section"
    success_message = "Section saved"

    def get_form(self, data: Any = None, files: Any = None) -> SectionForm:
        section = self.section()
        return SectionForm(
            data,
            plan=self.get_plan(),
            section_pk=section.pk,
            initial={"title": section.title, "key": section.key, "body": section.body},
        )

    def save(self, form: Any) -> PlanSection:
        return services.section_update(
            section=self.section(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: PlanSection) -> str:
        return self.section_url(result)

    def back_url(self) -> str:
        return self.section_url(self.section())


class SectionDeleteView(SectionScoped, ConfirmDeletePage):
    permission = Perm.EDIT_PLAN
    heading = "Delete this section"
    success_message = "Section deleted"

    def delete(self) -> None:
        services.section_delete(section=self.section(), by=self.request.user)

    def success_url(self) -> str:
        return self.plan_url()

    def back_url(self) -> str:
        return self.section_url(self.section())


class SectionMoveView(SectionScoped, MoveAction):
    permission = Perm.EDIT_PLAN

    def move(self, direction: str) -> None:
        services.section_move(section=self.section(), direction=direction, by=self.request.user)

    def back_url(self) -> str:
        return self.plan_url() + "#sections"


class SectionHistoryView(SectionScoped, HistoryPage):
    permission = Perm.VIEW_UNPUBLISHED
    heading = "Changes to this section"

    def history_objects(self) -> list[Any]:
        return [PlanSection.history.filter(id=self.section().pk)]

    def back_url(self) -> str:
        return self.section_url(self.section())


# Priorities ----------------------------------------------------------------------------------


class PriorityDetailView(PlanScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from partnership.governance.meetings_presenters import discussed_rows

        priority = self.priority()
        page = presenters.priority_page(priority, self.perms)
        # Meetings are governance's: it says which ones this viewer may see.
        discussed = discussed_rows(request.user, priority)
        context = self.get_context_data(page=page, discussed=discussed)
        return render(request, "plans/priority_detail.html", context)


class PriorityCreateView(PlanScoped, FormPage):
    permission = Perm.EDIT_PLAN

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Add a {self.get_plan().term.lower()}"

    @property
    def success_message(self) -> str:  # type: ignore[override]
        return f"{self.get_plan().term} added"

    def get_form(self, data: Any = None, files: Any = None) -> PriorityForm:
        return PriorityForm(data, term=self.get_plan().term)

    def save(self, form: Any) -> Priority:
        return services.priority_create(
            plan=self.get_plan(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Priority) -> str:
        return self.priority_url(result)

    def back_url(self) -> str:
        return self.plan_url()


class PriorityEditView(PlanScoped, FormPage):
    permission = Perm.EDIT_PLAN

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Edit {self.get_plan().term.lower()} {self.priority().number}"

    success_message = "Saved"

    def get_form(self, data: Any = None, files: Any = None) -> PriorityForm:
        priority = self.priority()
        return PriorityForm(
            data,
            term=self.get_plan().term,
            initial={"title": priority.title, "description": priority.description},
        )

    def save(self, form: Any) -> Priority:
        return services.priority_update(
            priority=self.priority(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Priority) -> str:
        return self.priority_url(result)

    def back_url(self) -> str:
        return self.priority_url(self.priority())


class PriorityDeleteView(PlanScoped, ConfirmDeletePage):
    permission = Perm.EDIT_PLAN

    @property
    def success_message(self) -> str:  # type: ignore[override]
        return f"{self.get_plan().term} {self.priority().number} deleted"

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Delete {self.get_plan().term.lower()} {self.priority().number}"

    warning = (
        "This deletes its success criteria, indicator links and key actions too. "
        "The history keeps them."
    )

    def delete(self) -> None:
        services.priority_delete(priority=self.priority(), by=self.request.user)

    def success_url(self) -> str:
        return self.plan_url()

    def back_url(self) -> str:
        return self.priority_url(self.priority())


class PriorityMoveView(PlanScoped, MoveAction):
    permission = Perm.EDIT_PLAN

    def move(self, direction: str) -> None:
        services.priority_move(priority=self.priority(), direction=direction, by=self.request.user)

    def back_url(self) -> str:
        return self.plan_url() + "#priorities"


class PriorityHistoryView(PlanScoped, HistoryPage):
    permission = Perm.VIEW_UNPUBLISHED

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Changes to {self.get_plan().term.lower()} {self.priority().number}"

    def history_objects(self) -> list[Any]:
        priority = self.priority()
        return [
            Priority.history.filter(id=priority.pk),
            *presenters.priority_history_querysets([priority.pk]),
        ]

    def back_url(self) -> str:
        return self.priority_url(self.priority())


# Success criteria ----------------------------------------------------------------------------


class CriterionScoped(PlanScoped):
    permission = Perm.EDIT_PLAN

    def criterion(self) -> SuccessCriterion:
        return get_object_or_404(
            SuccessCriterion, priority=self.priority(), pk=self.kwargs["criterion"]
        )

    def back_url(self) -> str:
        return self.priority_url(self.priority()) + "#criteria"


class CriterionCreateView(CriterionScoped, FormPage):
    heading = "Add a success criterion"
    success_message = "Success criterion added"

    def get_form(self, data: Any = None, files: Any = None) -> CriterionForm:
        return CriterionForm(data)

    def save(self, form: Any) -> SuccessCriterion:
        return services.criterion_create(
            priority=self.priority(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Any) -> str:
        return self.back_url()


class CriterionEditView(CriterionScoped, FormPage):
    heading = "Edit success criterion"
    success_message = "Success criterion saved"

    def get_form(self, data: Any = None, files: Any = None) -> CriterionForm:
        return CriterionForm(data, initial={"text": self.criterion().text})

    def save(self, form: Any) -> SuccessCriterion:
        return services.criterion_update(
            criterion=self.criterion(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Any) -> str:
        return self.back_url()


class CriterionDeleteView(CriterionScoped, ConfirmDeletePage):
    heading = "Delete success criterion"
    success_message = "Success criterion deleted"

    def delete(self) -> None:
        services.criterion_delete(criterion=self.criterion(), by=self.request.user)

    def success_url(self) -> str:
        return self.back_url()


class CriterionMoveView(CriterionScoped, MoveAction):
    def move(self, direction: str) -> None:
        services.criterion_move(
            criterion=self.criterion(), direction=direction, by=self.request.user
        )


# Indicators linked to a priority -------------------------------------------------------------


class IndicatorLinkScoped(PlanScoped):
    permission = Perm.EDIT_PLAN

    def link(self) -> PriorityIndicator:
        return get_object_or_404(
            PriorityIndicator, priority=self.priority(), pk=self.kwargs["link"]
        )

    def back_url(self) -> str:
        return self.priority_url(self.priority()) + "#indicators"


class IndicatorLinkCreateView(IndicatorLinkScoped, FormPage):
    heading = "Add a performance indicator"
    success_message = "Indicator added"

    def get_form(self, data: Any = None, files: Any = None) -> IndicatorLinkForm:
        return IndicatorLinkForm(data, priority=self.priority())

    def save(self, form: Any) -> PriorityIndicator:
        return services.priority_indicator_add(
            priority=self.priority(), by=self.request.user, indicator=form.cleaned_data["indicator"]
        )

    def success_url(self, result: Any) -> str:
        return self.back_url()


class IndicatorLinkDeleteView(IndicatorLinkScoped, ConfirmDeletePage):
    heading = "Remove indicator"
    success_message = "Indicator removed"

    @property
    def warning(self) -> str:  # type: ignore[override]
        return (
            f"“{self.link().indicator}” will no longer be used to evaluate this "
            f"{self.get_plan().term.lower()}. It stays in the indicator catalogue."
        )

    def delete(self) -> None:
        services.priority_indicator_remove(link=self.link(), by=self.request.user)

    def success_url(self) -> str:
        return self.back_url()


class IndicatorLinkMoveView(IndicatorLinkScoped, MoveAction):
    def move(self, direction: str) -> None:
        services.priority_indicator_move(
            link=self.link(), direction=direction, by=self.request.user
        )


# Key actions ---------------------------------------------------------------------------------


class ActionScoped(PlanScoped):
    def action(self) -> KeyAction:
        return get_object_or_404(KeyAction, priority=self.priority(), pk=self.kwargs["action"])

    def action_url(self, action: KeyAction) -> str:
        return _url(
            "action_detail",
            partnership=self.partnership.slug,
            plan=self.get_plan().slug,
            priority=action.priority_id,
            action=action.pk,
        )

    def actions_url(self) -> str:
        return self.priority_url(self.priority()) + "#actions"


class ActionDetailView(ActionScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        action = self.action()
        page = presenters.action_page(action, self.perms)
        # How delivery is going is for the partnership's own people; the public reads the plan.
        tracking = (
            action_delivery(action, request.user, self.perms)
            if Perm.VIEW_UNPUBLISHED in self.perms
            else None
        )
        context = self.get_context_data(page=page, delivery=tracking)
        return render(request, "plans/action_detail.html", context)


def _ordered_selection(current: list[Any], selected: list[Any]) -> list[Any]:
    """Keep the existing order of what stays selected; append the newly ticked in list order."""
    chosen = {item.pk for item in selected}
    kept = [item for item in current if item.pk in chosen]
    kept_pks = {item.pk for item in kept}
    return kept + [item for item in selected if item.pk not in kept_pks]


class ActionCreateView(ActionScoped, FormPage):
    permission = Perm.EDIT_PLAN
    heading = "Add a key action"
    success_message = "Key action added"

    def get_form(self, data: Any = None, files: Any = None) -> ActionForm:
        return ActionForm(data, partnership=self.partnership)

    def save(self, form: Any) -> KeyAction:
        data = form.cleaned_data
        return services.action_create(
            priority=self.priority(),
            by=self.request.user,
            text=data["text"],
            lead_groups=list(data["lead_groups"]),
            linked_strategies=list(data["linked_strategies"]),
            start_date=data["start_date"],
            due_date=data["due_date"],
        )

    def success_url(self, result: KeyAction) -> str:
        return self.actions_url()

    def back_url(self) -> str:
        return self.actions_url()


class ActionEditView(ActionScoped, FormPage):
    permission = Perm.EDIT_PLAN
    heading = "Edit key action"
    success_message = "Key action saved"

    def get_form(self, data: Any = None, files: Any = None) -> ActionForm:
        action = self.action()
        return ActionForm(
            data,
            partnership=self.partnership,
            initial={
                "text": action.text,
                "lead_groups": action.ordered_lead_groups(),
                "linked_strategies": action.ordered_strategies(),
                "start_date": action.start_date,
                "due_date": action.due_date,
            },
        )

    def save(self, form: Any) -> KeyAction:
        action = self.action()
        data = form.cleaned_data
        return services.action_update(
            action=action,
            by=self.request.user,
            text=data["text"],
            lead_groups=_ordered_selection(action.ordered_lead_groups(), list(data["lead_groups"])),
            linked_strategies=_ordered_selection(
                action.ordered_strategies(), list(data["linked_strategies"])
            ),
            start_date=data["start_date"],
            due_date=data["due_date"],
        )

    def success_url(self, result: KeyAction) -> str:
        return self.action_url(result)

    def back_url(self) -> str:
        return self.action_url(self.action())


class ActionDeleteView(ActionScoped, ConfirmDeletePage):
    permission = Perm.EDIT_PLAN
    heading = "Delete key action"
    success_message = "Key action deleted"

    @property
    def warning(self) -> str:  # type: ignore[override]
        return presenters.action_delete_warning(self.action())

    def delete(self) -> None:
        services.action_delete(action=self.action(), by=self.request.user)

    def success_url(self) -> str:
        return self.actions_url()

    def back_url(self) -> str:
        return self.action_url(self.action())


class ActionMoveView(ActionScoped, MoveAction):
    permission = Perm.EDIT_PLAN

    def move(self, direction: str) -> None:
        services.action_move(action=self.action(), direction=direction, by=self.request.user)

    def back_url(self) -> str:
        return self.actions_url()


class ActionHistoryView(ActionScoped, HistoryPage):
    permission = Perm.VIEW_UNPUBLISHED
    heading = "Changes to this key action"

    def history_objects(self) -> list[Any]:
        return [KeyAction.history.filter(id=self.action().pk)]

    def back_url(self) -> str:
        return self.action_url(self.action())


class ActionListView(PartnershipView):
    """Every key action of the partnership's current plans, filterable by lead group."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        page = presenters.actions_page(
            self.partnership, self.perms, request.GET.get("group", ""), request.GET.get("plan", "")
        )
        return render(request, "plans/action_list.html", self.get_context_data(page=page))


# Linked plans and strategies, and the glossary -----------------------------------------------


class StrategyListView(PartnershipView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.get_context_data(
            strategies=presenters.strategy_rows(self.partnership),
            terms=GlossaryTerm.objects.filter(partnership=self.partnership).order_by("term"),
            can_edit=Perm.MANAGE_CATALOGUE in self.perms,
        )
        return render(request, "plans/strategy_list.html", context)


class StrategyFormView(FormPage):
    permission = Perm.MANAGE_CATALOGUE
    success_message = "Saved"

    @property
    def heading(self) -> str:  # type: ignore[override]
        return (
            "Edit linked plan or strategy"
            if "strategy" in self.kwargs
            else ("Add a linked plan or strategy")
        )

    def strategy(self) -> Strategy | None:
        if "strategy" not in self.kwargs:
            return None
        return get_object_or_404(Strategy, partnership=self.partnership, pk=self.kwargs["strategy"])

    def get_form(self, data: Any = None, files: Any = None) -> StrategyForm:
        strategy = self.strategy()
        initial = {"title": strategy.title, "url": strategy.url} if strategy else {}
        return StrategyForm(
            data,
            partnership=self.partnership,
            strategy_pk=strategy.pk if strategy else None,
            initial=initial,
        )

    def save(self, form: Any) -> Strategy:
        strategy = self.strategy()
        if strategy is None:
            return services.strategy_create(
                partnership=self.partnership, by=self.request.user, **form.cleaned_data
            )
        return services.strategy_update(
            strategy=strategy, by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Any) -> str:
        return self.back_url()

    def back_url(self) -> str:
        return _url("strategy_list", partnership=self.partnership.slug)


class GlossaryTermFormView(FormPage):
    permission = Perm.MANAGE_CATALOGUE
    success_message = "Saved"

    @property
    def heading(self) -> str:  # type: ignore[override]
        return "Edit glossary term" if "term" in self.kwargs else "Add a glossary term"

    def term(self) -> GlossaryTerm | None:
        if "term" not in self.kwargs:
            return None
        return get_object_or_404(GlossaryTerm, partnership=self.partnership, pk=self.kwargs["term"])

    def get_form(self, data: Any = None, files: Any = None) -> GlossaryTermForm:
        term = self.term()
        initial = {"term": term.term, "meaning": term.meaning} if term else {}
        return GlossaryTermForm(
            data, partnership=self.partnership, term_pk=term.pk if term else None, initial=initial
        )

    def save(self, form: Any) -> GlossaryTerm:
        return glossary_term_save(
            partnership=self.partnership,
            by=self.request.user,
            existing=self.term(),
            **form.cleaned_data,
        )

    def success_url(self, result: Any) -> str:
        return self.back_url()

    def back_url(self) -> str:
        return _url("strategy_list", partnership=self.partnership.slug) + "#glossary"
