"""People, a group's members, posts and registers of interests.

Who sits on a board, whom they represent and what interests they have registered is public
information, so the lists, person pages and registers are open to everyone. Changes need
MANAGE_MEETINGS (posts: MANAGE_GROUPS, as on the group's own pages), except that a signed-in
person may keep their own register of interests. Another partnership's people, groups or
memberships under this one's address are 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from partnership.web.mixins import PartnershipView
from partnership.web.pages import ConfirmDeletePage, FormPage, HistoryPage, apply_validation_error
from partnership.web.permissions import Perm

from . import people
from . import people_presenters as presenters
from .meeting_models import Membership, Person, RegisteredInterest
from .models import Group, Post
from .people_forms import (
    InterestEndForm,
    InterestForm,
    MembershipEndForm,
    MembershipForm,
    PersonForm,
    PostForm,
    ReplaceForm,
)

# People --------------------------------------------------------------------------------------


class PersonScoped(PartnershipView):
    def person(self) -> Person:
        if not hasattr(self, "_person"):
            self._person = get_object_or_404(
                Person.objects.select_related("partnership", "user"),
                partnership=self.partnership,
                pk=self.kwargs["person"],
            )
        return self._person

    def person_url(self) -> str:
        return presenters.person_url(self.person())

    def list_url(self) -> str:
        return reverse("people:person_list", kwargs={"partnership": self.partnership.slug})


class PersonListView(PartnershipView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        page = presenters.people_page(
            self.partnership,
            search=request.GET.get("q", "")[:200],
            can_manage=Perm.MANAGE_MEETINGS in self.perms,
        )
        return render(
            request, "governance/people/person_list.html", self.get_context_data(page=page)
        )


class PersonDetailView(PersonScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        page = presenters.person_page(
            self.person(),
            user=request.user,
            can_manage=Perm.MANAGE_MEETINGS in self.perms,
            can_see_history=Perm.VIEW_UNPUBLISHED in self.perms,
        )
        return render(
            request, "governance/people/person_detail.html", self.get_context_data(page=page)
        )


class PersonCreateView(PersonScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Add a person"
    success_message = "Person added"

    def get_form(self, data: Any = None, files: Any = None) -> PersonForm:
        return PersonForm(data, partnership=self.partnership)

    def save(self, form: Any) -> Person:
        return people.person_create(
            partnership=self.partnership, by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Person) -> str:
        return presenters.person_url(result)

    def back_url(self) -> str:
        return self.list_url()


class PersonEditView(PersonScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Edit person"
    success_message = "Person saved"

    def get_form(self, data: Any = None, files: Any = None) -> PersonForm:
        person = self.person()
        return PersonForm(
            data,
            partnership=self.partnership,
            initial={
                "honorific_prefix": person.honorific_prefix,
                "name": person.name,
                "role_title": person.role_title,
                "organisation": person.organisation,
                "email": person.email,
                "user": person.user_id,
            },
        )

    def save(self, form: Any) -> Person:
        return people.person_update(person=self.person(), by=self.request.user, **form.cleaned_data)

    def success_url(self, result: Person) -> str:
        return presenters.person_url(result)

    def back_url(self) -> str:
        return self.person_url()


class PersonHistoryView(PersonScoped, HistoryPage):
    permission = Perm.VIEW_UNPUBLISHED
    heading = "Changes to this person's record"

    def history_objects(self) -> list[Any]:
        person = self.person()
        return [
            Person.history.filter(id=person.pk),
            Membership.history.filter(person_id=person.pk),
            RegisteredInterest.history.filter(person_id=person.pk),
        ]

    def back_url(self) -> str:
        return self.person_url()


class InterestWriter(PersonScoped):
    """Only those who manage meetings, or the person themselves, write a register."""

    def check_writer(self) -> None:
        if not people.can_edit_interests(self.request.user, self.person()):
            self.deny()

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_writer()
        return super().get(request, *args, **kwargs)  # type: ignore[misc]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_writer()
        return super().post(request, *args, **kwargs)  # type: ignore[misc]


class InterestCreateView(InterestWriter, FormPage):
    heading = "Add to the register of interests"
    success_message = "Interest registered"

    @property
    def caption(self) -> str:  # type: ignore[override]
        return self.person().display_name

    def get_form(self, data: Any = None, files: Any = None) -> InterestForm:
        return InterestForm(data)

    def save(self, form: Any) -> RegisteredInterest:
        return people.interest_add(person=self.person(), by=self.request.user, **form.cleaned_data)

    def success_url(self, result: RegisteredInterest) -> str:
        return self.person_url()

    def back_url(self) -> str:
        return self.person_url()


class InterestEndView(InterestWriter, FormPage):
    heading = "End this interest"
    success_message = "Interest ended"

    def interest(self) -> RegisteredInterest:
        return get_object_or_404(
            RegisteredInterest, person=self.person(), pk=self.kwargs["interest"]
        )

    @property
    def caption(self) -> str:  # type: ignore[override]
        return self.person().display_name

    @property
    def intro(self) -> str:  # type: ignore[override]
        return f"{self.interest().get_category_display()}: {self.interest().description}"

    def get_form(self, data: Any = None, files: Any = None) -> InterestEndForm:
        return InterestEndForm(data)

    def save(self, form: Any) -> RegisteredInterest:
        return people.interest_end(
            interest=self.interest(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: RegisteredInterest) -> str:
        return self.person_url()

    def back_url(self) -> str:
        return self.person_url()


# A group's members ---------------------------------------------------------------------------


class MembersScoped(PartnershipView):
    def group(self) -> Group:
        if not hasattr(self, "_group"):
            self._group = get_object_or_404(
                Group.objects.select_related("partnership"),
                partnership=self.partnership,
                pk=self.kwargs["group"],
            )
        return self._group

    def membership(self) -> Membership:
        return get_object_or_404(
            Membership.objects.select_related("person", "post", "group__partnership"),
            group=self.group(),
            pk=self.kwargs["membership"],
        )

    def post_object(self) -> Post:
        return get_object_or_404(Post, group=self.group(), pk=self.kwargs["post"])

    def members_url(self) -> str:
        return presenters.members_url(self.group())


class MembersView(MembersScoped):
    template = "governance/people/members.html"
    past = False

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        can_manage = Perm.MANAGE_MEETINGS in self.perms
        make = presenters.past_members_page if self.past else presenters.members_page
        page = make(self.group(), can_manage=can_manage)
        context = self.get_context_data(
            page=page, can_manage_posts=Perm.MANAGE_GROUPS in self.perms
        )
        return render(request, self.template, context)


class PastMembersView(MembersView):
    template = "governance/people/past_members.html"
    past = True


class RegisterView(MembersScoped):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        group = self.group()
        context = self.get_context_data(
            group=group,
            entries=presenters.register_page(group),
            members_url=self.members_url(),
        )
        return render(request, "governance/people/register.html", context)


class MembershipCreateView(MembersScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Add a member"
    success_message = "Member added"

    @property
    def caption(self) -> str:  # type: ignore[override]
        return self.group().name

    def get_form(self, data: Any = None, files: Any = None) -> MembershipForm:
        return MembershipForm(data, group=self.group(), adding=True)

    @transaction.atomic
    def save(self, form: Any) -> Membership:
        data = dict(form.cleaned_data)
        person = people.person_or_new(
            partnership=self.partnership,
            by=self.request.user,
            person=data.pop("person"),
            new_name=data.pop("new_name"),
            new_organisation=data.pop("new_organisation"),
        )
        return people.membership_add(
            group=self.group(), person=person, by=self.request.user, **data
        )

    def success_url(self, result: Membership) -> str:
        return self.members_url()

    def back_url(self) -> str:
        return self.members_url()


class MembershipEditView(MembersScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "Edit membership"
    success_message = "Membership saved"

    @property
    def caption(self) -> str:  # type: ignore[override]
        return f"{self.membership().person.display_name}, {self.group().name}"

    def get_form(self, data: Any = None, files: Any = None) -> MembershipForm:
        membership = self.membership()
        return MembershipForm(
            data,
            group=self.group(),
            adding=False,
            initial={
                "post": membership.post_id,
                "on_behalf_of": membership.on_behalf_of,
                "role": membership.role,
                "start_date": membership.start_date,
                "end_date": membership.end_date,
            },
        )

    def save(self, form: Any) -> Membership:
        return people.membership_update(
            membership=self.membership(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Membership) -> str:
        return self.members_url()

    def back_url(self) -> str:
        return self.members_url()


class MembershipEndView(MembersScoped, FormPage):
    permission = Perm.MANAGE_MEETINGS
    heading = "End membership"
    success_message = "Membership ended"

    @property
    def caption(self) -> str:  # type: ignore[override]
        return f"{self.membership().person.display_name}, {self.group().name}"

    def get_form(self, data: Any = None, files: Any = None) -> MembershipEndForm:
        return MembershipEndForm(data)

    def save(self, form: Any) -> Membership:
        return people.membership_end(
            membership=self.membership(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Membership) -> str:
        return self.members_url()

    def back_url(self) -> str:
        return self.members_url()


class MembershipReplaceView(MembersScoped, FormPage):
    """One form replaces a member; when it is to be minuted, a second look shows the
    resolution's wording, editable, before anything is saved."""

    permission = Perm.MANAGE_MEETINGS
    success_message = "Replacement saved"

    @property
    def heading(self) -> str:  # type: ignore[override]
        return f"Replace {self.membership().person.display_name}"

    @property
    def caption(self) -> str:  # type: ignore[override]
        membership = self.membership()
        return f"{self.group().name}: {people.seat_words(membership)}"

    def get_form(self, data: Any = None, files: Any = None) -> ReplaceForm:
        return ReplaceForm(data, membership=self.membership())

    @transaction.atomic
    def save(self, form: Any) -> Membership:
        data = form.cleaned_data
        person = people.person_or_new(
            partnership=self.partnership,
            by=self.request.user,
            person=data["person"],
            new_name=data["new_name"],
            new_organisation=data["new_organisation"],
        )
        return people.membership_replace(
            membership=self.membership(),
            by=self.request.user,
            person=person,
            on_date=data["on_date"],
            on_behalf_of=data["on_behalf_of"],
            minute_item=data["minute_item"],
            resolution=data.get("resolution", ""),
        )

    def check_without_saving(self, form: Any) -> None:
        """Make the whole change and undo it, so the preview already shows every refusal."""
        with transaction.atomic():
            try:
                self.save(form)
            finally:
                transaction.set_rollback(True)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.show(form, status=400)
        data = form.cleaned_data
        try:
            if data["minute_item"] is not None and not data["confirm"]:
                self.check_without_saving(form)
                return self.show(self.preview(form))
            result = self.save(form)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.show(form, status=400)
        messages.success(request, self.success_message)
        return HttpResponseRedirect(self.success_url(result))

    def preview(self, form: Any) -> ReplaceForm:
        data = form.cleaned_data
        person = data["person"]
        name = person.name if person else data["new_name"]
        organisation = person.organisation if person else data["new_organisation"]
        values = self.request.POST.copy()
        values["confirm"] = "1"
        values["resolution"] = people.replacement_resolution(
            membership=self.membership(),
            name=name,
            organisation=organisation,
            on_behalf_of=data["on_behalf_of"],
        )
        self.intro = (
            f"The resolution below will be added to the minutes of {data['minute_item']}. "
            "Change its wording if you need to, then save the replacement."
        )
        return ReplaceForm(values, membership=self.membership())

    def success_url(self, result: Membership) -> str:
        return self.members_url()

    def back_url(self) -> str:
        return self.members_url()


# Posts (a group's seats) ---------------------------------------------------------------------


class PostCreateView(MembersScoped, FormPage):
    permission = Perm.MANAGE_GROUPS
    heading = "Add a post"
    success_message = "Post added"

    @property
    def caption(self) -> str:  # type: ignore[override]
        return self.group().name

    def get_form(self, data: Any = None, files: Any = None) -> PostForm:
        return PostForm(data)

    def save(self, form: Any) -> Post:
        return people.post_add(group=self.group(), by=self.request.user, **form.cleaned_data)

    def success_url(self, result: Post) -> str:
        return self.members_url()

    def back_url(self) -> str:
        return self.members_url()


class PostEditView(MembersScoped, FormPage):
    permission = Perm.MANAGE_GROUPS
    heading = "Rename post"
    success_message = "Post saved"

    @property
    def caption(self) -> str:  # type: ignore[override]
        return self.group().name

    def get_form(self, data: Any = None, files: Any = None) -> PostForm:
        post = self.post_object()
        return PostForm(
            data,
            initial={"title": post.title, "organisation": post.organisation, "holder": post.holder},
        )

    def save(self, form: Any) -> Post:
        return people.post_update(
            post=self.post_object(), by=self.request.user, **form.cleaned_data
        )

    def success_url(self, result: Post) -> str:
        return self.members_url()

    def back_url(self) -> str:
        return self.members_url()


class PostDeleteView(MembersScoped, ConfirmDeletePage):
    permission = Perm.MANAGE_GROUPS
    heading = "Remove this post"
    success_message = "Post removed"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.warning = f"{self.post_object().title}. The group's history keeps a record."
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            people.post_remove(post=self.post_object(), by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message)
        return HttpResponseRedirect(self.members_url())

    def success_url(self) -> str:
        return self.members_url()

    def back_url(self) -> str:
        return self.members_url()
