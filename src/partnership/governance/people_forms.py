"""Forms for people, posts, memberships and registers of interests. They check what was typed;
governance.people checks the rules (one chair at a time, posts of this group, dates in order)
and its errors show on these forms, beside the field they name."""

from __future__ import annotations

from typing import Any

from django import forms

from partnership.plans.forms import _long_text, _text
from partnership.web.forms_base import GovDateField, GovForm
from partnership.web.models import Partnership, User

from .meeting_models import AgendaItem, InterestCategory, Membership, MembershipRole, Person
from .models import Group, Post
from .people import replacement_items


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.organisation})" if obj.organisation else obj.name


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.username})"


class ItemChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.meeting}: {obj}"


def _person_field(partnership: Partnership, *, label: str) -> PersonChoiceField:
    return PersonChoiceField(
        label=label,
        queryset=Person.objects.for_partnership(partnership).order_by("name", "organisation"),
        required=False,
        empty_label="Choose a person, or type a new one's name below",
        error_messages={"invalid_choice": "Choose a person from the list"},
    )


class PersonForm(GovForm):
    layout_fields = [
        ("honorific_prefix", "text"),
        ("name", "text"),
        ("role_title", "text"),
        ("organisation", "text"),
        ("email", "text"),
        ("user", "select"),
    ]

    honorific_prefix = _text(
        "Title before the name (optional)",
        max_length=60,
        required=False,
        help_text="As printed in the minutes, for example Councillor or Superintendent",
    )
    name = _text("Name", max_length=200, missing="Enter the person's name")
    role_title = _text(
        "Job title (optional)",
        max_length=300,
        required=False,
        help_text="For example, Head of Children's Strategy and Improvement",
    )
    organisation = _text(
        "Organisation (optional)",
        max_length=300,
        required=False,
        help_text="Needed to tell apart two people with the same name",
    )
    email = forms.EmailField(
        label="Work email address (optional)",
        required=False,
        max_length=254,
        help_text="Only people who run meetings see it",
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    user = UserChoiceField(
        label="Their account (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="No account",
        help_text="Lets them record their own register of interests",
        error_messages={"invalid_choice": "Choose an account from the list"},
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(roles__partnership=partnership)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )


class PostForm(GovForm):
    layout_fields = [("title", "text"), ("organisation", "text"), ("holder", "text")]

    title = _text(
        "Post",
        max_length=300,
        missing="Enter the post's title",
        help_text="The seat, for example Secondary Head Teacher representative",
    )
    organisation = _text("Organisation (optional)", max_length=300, required=False)
    holder = _text(
        "Holder (optional)",
        max_length=200,
        required=False,
        help_text="Shown only while no membership fills the post, for example Vacant",
    )


ROLE_CHOICES = [(role.value, role.label) for role in MembershipRole]


class MembershipForm(GovForm):
    """Add a member (``adding``: choose or type the person) or change a membership."""

    person = forms.Field(required=False)  # replaced in __init__ when adding
    new_name = _text(
        "New person's name",
        max_length=200,
        required=False,
        help_text="Only if they are not in the list above",
    )
    new_organisation = _text("New person's organisation (optional)", max_length=300, required=False)
    post = forms.ModelChoiceField(
        label="Post (optional)",
        queryset=Post.objects.none(),
        required=False,
        empty_label="No post",
        error_messages={"invalid_choice": "Choose one of this group's posts"},
    )
    on_behalf_of = _text(
        "On behalf of (optional)",
        max_length=300,
        required=False,
        help_text="The organisation or sector they represent, for example Secondary schools",
    )
    role = forms.ChoiceField(
        label="Role",
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        initial=MembershipRole.MEMBER,
        error_messages={
            "required": "Choose the member's role",
            "invalid_choice": "Choose one of the roles listed",
        },
    )
    start_date = GovDateField(label="Start date", help_text="For example, 5 1 2021")
    end_date = GovDateField(
        label="End date", required=False, help_text="Leave blank if it has no end date yet"
    )

    def __init__(self, *args: Any, group: Group, adding: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = group.posts.order_by("order", "pk")  # type: ignore[attr-defined]
        if adding:
            self.fields["person"] = _person_field(group.partnership, label="Person")
            self.layout_fields = [("person", "select"), ("new_name", "text")]
            self.layout_fields.append(("new_organisation", "text"))
        else:
            for name in ("person", "new_name", "new_organisation"):
                del self.fields[name]
            self.layout_fields = []
        self.layout_fields = [
            *self.layout_fields,
            ("post", "select"),
            ("on_behalf_of", "text"),
            ("role", "radios"),
            ("start_date", "date"),
            ("end_date", "date"),
        ]
        self.lay_out()


class MembershipEndForm(GovForm):
    submit_label = "End membership"
    layout_fields = [("end_date", "date"), ("reason", "text")]

    end_date = GovDateField(label="End date", help_text="Their last day on the group")
    reason = _text(
        "Reason (optional)", max_length=300, required=False, help_text="For example, Retired"
    )


class ReplaceForm(GovForm):
    """Who replaces the member, from when, and (optionally) the minute that records it."""

    submit_label = "Continue"

    new_name = MembershipForm.base_fields["new_name"]
    new_organisation = MembershipForm.base_fields["new_organisation"]
    on_behalf_of = MembershipForm.base_fields["on_behalf_of"]
    on_date = GovDateField(
        label="Date the new member starts",
        help_text="The current member's last day is the day before. For example, 5 1 2021",
    )
    minute_item = ItemChoiceField(
        label="Minute it under (optional)",
        queryset=AgendaItem.objects.none(),
        required=False,
        empty_label="Do not minute it",
        help_text="The resolution is added to this item's minutes",
        error_messages={"invalid_choice": "Choose an item from the list"},
    )
    resolution = _long_text(
        "Resolution",
        required=False,
        help_text="Leave blank to use the wording shown on the next page",
    )
    confirm = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        group = membership.group
        self.fields["person"] = _person_field(group.partnership, label="New member")
        self.fields["person"].queryset = self.fields["person"].queryset.exclude(  # type: ignore[attr-defined]
            pk=membership.person_id
        )
        self.fields["minute_item"].queryset = replacement_items(group)  # type: ignore[attr-defined]
        self.layout_fields = [
            ("person", "select"),
            ("new_name", "text"),
            ("new_organisation", "text"),
            ("on_behalf_of", "text"),
            ("on_date", "date"),
            ("minute_item", "select"),
        ]
        if self.data.get("confirm"):
            self.layout_fields.append(("resolution", "textarea"))
            self.submit_label = "Save replacement"
        else:
            del self.fields["resolution"]
        self.layout_fields.append(("confirm", "hidden"))
        self.lay_out()


class InterestForm(GovForm):
    submit_label = "Add to the register"
    layout_fields = [
        ("category", "radios"),
        ("description", "textarea"),
        ("organisation", "text"),
        ("start_date", "date"),
        ("end_date", "date"),
    ]

    category = forms.ChoiceField(
        label="Kind of interest",
        choices=InterestCategory.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of interest",
            "invalid_choice": "Choose one of the kinds listed",
        },
    )
    description = _long_text("Description", missing="Describe the interest")
    organisation = _text("Organisation (optional)", max_length=300, required=False)
    start_date = GovDateField(label="From", required=False, help_text="For example, 1 4 2024")
    end_date = GovDateField(label="Until", required=False, help_text="Leave blank if it continues")


class InterestEndForm(GovForm):
    submit_label = "End this interest"
    layout_fields = [("end_date", "date")]

    end_date = GovDateField(label="Date it ended", help_text="For example, 31 3 2025")
