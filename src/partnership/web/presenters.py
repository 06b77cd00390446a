"""What the shared pages show, worked out here so templates hold no logic."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .models import Partnership, Role, UserRole
from .permissions import Perm, partnerships_for, permissions_for


@dataclass(frozen=True)
class PartnershipCard:
    name: str
    url: str
    area: str
    plans: list[tuple[str, str]]  # (title, url) of the plans this visitor may see
    your_roles: str


def partnership_cards(user: Any) -> list[PartnershipCard]:
    from partnership.plans.selectors import plans_visible_to

    mine = {p.pk for p in partnerships_for(user)}
    roles: dict[int, list[str]] = {}
    if getattr(user, "is_authenticated", False):
        for role in UserRole.objects.filter(user=user):
            roles.setdefault(role.partnership_id, []).append(Role(role.role).label)
    cards = []
    partnerships = Partnership.objects.select_related("area").order_by("name")
    for partnership in partnerships:
        visible = plans_visible_to(partnership, permissions_for(user, partnership))
        role_text = ", ".join(roles.get(partnership.pk, []))
        if getattr(user, "is_superuser", False):
            role_text = "Administrator"
        cards.append(
            PartnershipCard(
                name=partnership.name,
                url=reverse("web:partnership_home", kwargs={"partnership": partnership.slug}),
                area=partnership.area.name if partnership.area else "",
                plans=[
                    (
                        plan.title,
                        reverse(
                            "plans:plan_detail",
                            kwargs={"partnership": partnership.slug, "plan": plan.slug},
                        ),
                    )
                    for plan in visible
                ],
                your_roles=role_text if partnership.pk in mine else "",
            )
        )
    # People see their own partnerships first.
    cards.sort(key=lambda card: (card.your_roles == "", card.name))
    return cards


@dataclass(frozen=True)
class PartnershipHome:
    plans: list[dict[str, str]]
    can_edit: bool
    new_plan_url: str
    import_url: str


def partnership_home(partnership: Partnership, perms: frozenset[Perm]) -> PartnershipHome:
    from partnership.plans.selectors import plans_visible_to

    plans = [
        {
            "title": plan.title,
            "url": reverse(
                "plans:plan_detail", kwargs={"partnership": partnership.slug, "plan": plan.slug}
            ),
            "status": plan.get_status_display(),
            "period": plan_period_text(plan.period_start, plan.period_end),
        }
        for plan in plans_visible_to(partnership, perms)
    ]
    return PartnershipHome(
        plans=plans,
        can_edit=Perm.EDIT_PLAN in perms,
        new_plan_url=reverse("plans:plan_create", kwargs={"partnership": partnership.slug}),
        import_url=reverse("plans:plan_import", kwargs={"partnership": partnership.slug}),
    )


def plan_period_text(start: Any, end: Any) -> str:
    if start and end:
        return f"{start:%B %Y} to {end:%B %Y}"
    if start:
        return f"From {start:%B %Y}"
    return ""
