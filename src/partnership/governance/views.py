from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from partnership.plans.presenters import actions_page
from partnership.web.mixins import PartnershipView
from partnership.web.pages import ConfirmDeletePage, FormPage, HistoryPage
from partnership.web.permissions import Perm

from . import services
from .forms import GroupForm, RelationshipForm
from .models import Group, GroupRelationship
from .presenters import group_meetings_panel, group_relationships, structure_page


class GroupListView(PartnershipView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        groups = (
            Group.objects.for_partnership(self.partnership)
            .annotate(
                seats=Count("posts", distinct=True), actions=Count("led_actions", distinct=True)
            )
            .order_by("name")
        )
        context = self.get_context_data(groups=groups, can_manage=Perm.MANAGE_GROUPS in self.perms)
        return render(request, "governance/group_list.html", context)


class GroupScoped(PartnershipView):
    def group(self) -> Group:
        return get_object_or_404(Group, partnership=self.partnership, pk=self.kwargs["group"])

    def detail_url(self, group: Group) -> str:
        return reverse(
            "governance:group_detail",
            kwargs={"partnership": self.partnership.slug, "group": group.pk},
        )


class GroupDetailView(GroupScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        group = self.group()
        outgoing, incoming = group_relationships(group)
        context = self.get_context_data(
            group=group,
            outgoing=outgoing,
            incoming=incoming,
            panel=group_meetings_panel(request.user, group),
            actions=actions_page(self.partnership, self.perms, str(group.pk), ""),
            can_manage=Perm.MANAGE_GROUPS in self.perms,
            can_see_history=Perm.VIEW_UNPUBLISHED in self.perms,
        )
        return render(request, "governance/group_detail.html", context)


class GroupCreateView(GroupScoped, FormPage):
    permission = Perm.MANAGE_GROUPS
    heading = "Add a group"
    success_message = "Group added"

    def get_form(self, data: Any = None, files: Any = None) -> GroupForm:
        return GroupForm(data, partnership=self.partnership)

    def save(self, form: Any) -> Group:
        return services.group_create(
            partnership=self.partnership, by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Group) -> str:
        return self.detail_url(result)

    def back_url(self) -> str:
        return reverse("governance:group_list", kwargs={"partnership": self.partnership.slug})


class GroupEditView(GroupScoped, FormPage):
    permission = Perm.MANAGE_GROUPS
    heading = "Edit group"
    success_message = "Group saved"

    def get_form(self, data: Any = None, files: Any = None) -> GroupForm:
        group = self.group()
        return GroupForm(
            data,
            partnership=self.partnership,
            group_pk=group.pk,
            initial={
                "name": group.name,
                "classification": group.classification,
                "description": group.description,
                "scope": group.scope,
                "area": group.area_id,
                "focus": group.focus,
                "terms_of_reference": group.terms_of_reference,
            },
        )

    def save(self, form: Any) -> Group:
        return services.group_update(group=self.group(), by=self.request.user, **form.cleaned_data)

    def success_url(self, result: Group) -> str:
        return self.detail_url(result)

    def back_url(self) -> str:
        return self.detail_url(self.group())


class GroupHistoryView(GroupScoped, HistoryPage):
    permission = Perm.VIEW_UNPUBLISHED
    heading = "Changes to this group"

    def history_objects(self) -> list[Any]:
        group = self.group()
        return [
            Group.history.filter(id=group.pk),
            group.posts.model.history.filter(group_id=group.pk),
            GroupRelationship.history.filter(from_group_id=group.pk),
        ]

    def back_url(self) -> str:
        return self.detail_url(self.group())


class StructureView(PartnershipView):
    """The partnership's groups and who reports to whom: the diagram, then the same in words."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context = self.get_context_data(page=structure_page(self.partnership))
        return render(request, "governance/structure.html", context)


class RelationshipCreateView(GroupScoped, FormPage):
    permission = Perm.MANAGE_GROUPS
    heading = "Add a relationship"
    success_message = "Relationship added"

    def page_context(self) -> dict[str, Any]:
        return {"caption": self.group().name}

    def get_form(self, data: Any = None, files: Any = None) -> RelationshipForm:
        return RelationshipForm(data, group=self.group())

    def save(self, form: Any) -> GroupRelationship:
        return services.relationship_add(
            from_group=self.group(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: GroupRelationship) -> str:
        return self.detail_url(result.from_group)

    def back_url(self) -> str:
        return self.detail_url(self.group())


class RelationshipDeleteView(GroupScoped, ConfirmDeletePage):
    permission = Perm.MANAGE_GROUPS
    heading = "Remove this relationship"
    success_message = "Relationship removed"

    def relationship(self) -> GroupRelationship:
        return get_object_or_404(
            GroupRelationship.objects.select_related("from_group", "to_group"),
            from_group=self.group(),
            pk=self.kwargs["relationship"],
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.warning = f"{self.relationship().sentence()}. The group's history keeps a record."
        return super().get(request, *args, **kwargs)

    def delete(self) -> None:
        services.relationship_remove(relationship=self.relationship(), by=self.request.user)

    def success_url(self) -> str:
        return self.detail_url(self.group())

    def back_url(self) -> str:
        return self.detail_url(self.group())
