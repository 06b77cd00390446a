"""Who may do what in a partnership. Every view and service asks here, never checks roles itself."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from .models import Partnership, Role, UserRole

if TYPE_CHECKING:
    from django.http import HttpRequest


class Perm(StrEnum):
    VIEW_UNPUBLISHED = "view_unpublished"  # plans in draft, consultation or archived
    EDIT_PLAN = "edit_plan"  # plans, sections, priorities, criteria, indicators links, actions
    MANAGE_CATALOGUE = "manage_catalogue"  # the partnership's indicators, glossary, strategies
    MANAGE_GROUPS = "manage_groups"  # groups and their posts
    MANAGE_DATA = "manage_data"  # imports of indicator values, column mappings, targets
    # update rounds, any action's progress and milestones, remedial actions, priority champions
    MANAGE_DELIVERY = "manage_delivery"
    # people, memberships, meetings, agendas, papers, attendance, minutes, forward plan, guides
    MANAGE_MEETINGS = "manage_meetings"


ALL_PERMS = frozenset(Perm)

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.OFFICER: ALL_PERMS,
    Role.GOVERNANCE: frozenset({Perm.VIEW_UNPUBLISHED, Perm.MANAGE_GROUPS, Perm.MANAGE_MEETINGS}),
    # Contributors update the actions their groups lead (delivery tracking); on the plan itself
    # they read, like board members, so they can see what they are accountable for.
    Role.CONTRIBUTOR: frozenset({Perm.VIEW_UNPUBLISHED}),
    Role.BOARD: frozenset({Perm.VIEW_UNPUBLISHED}),
}


def permissions_for(user: Any, partnership: Partnership) -> frozenset[Perm]:
    """What ``user`` may do in ``partnership``: nothing for the public or other partnerships."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if user.is_superuser:
        return ALL_PERMS
    roles = UserRole.objects.filter(user=user, partnership=partnership).values_list(
        "role", flat=True
    )
    granted: set[Perm] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def contributor_group_ids(user: Any, partnership: Partnership) -> frozenset[int]:
    """The groups whose key actions ``user`` updates as a lead-group contributor here."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(
        UserRole.groups.through.objects.filter(
            userrole__user=user, userrole__partnership=partnership, userrole__role=Role.CONTRIBUTOR
        ).values_list("group_id", flat=True)
    )


def holds_role(user: Any, partnership: Partnership, role: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return UserRole.objects.filter(user=user, partnership=partnership, role=role).exists()


def request_permissions(request: HttpRequest, partnership: Partnership) -> frozenset[Perm]:
    """``permissions_for`` memoised on the request, since several parts of a page ask."""
    cache: dict[int, frozenset[Perm]] = request.__dict__.setdefault("_partnership_perms", {})
    if partnership.pk not in cache:
        cache[partnership.pk] = permissions_for(request.user, partnership)
    return cache[partnership.pk]


def partnerships_for(user: Any) -> list[Partnership]:
    """The partnerships a signed-in user works in (every one for an administrator)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return list(Partnership.objects.all())
    return list(Partnership.objects.filter(user_roles__user=user).distinct())
