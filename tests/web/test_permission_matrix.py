"""Who gets what on every page of the product, role by role.

``MATRIX`` names every named URL outside the admin site, with the status each role gets. A new
view without a row here fails ``test_every_named_url_has_a_rule``, so no page ships without a
decision about who may see it.

Expected outcomes: a status code, ``LOGIN`` (302 to the sign-in page with ?next= this page) or
``REDIRECT`` (302 anywhere else: a form page's success, a move's way back).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from partnership.web.models import Role

# The roles every permission test walks through; "anonymous" is the public. (Mirrors ROLES in
# tests/conftest.py, which is not importable under --import-mode=importlib.)
ROLES = ["anonymous", "administrator", *[r.value for r in Role]]

LOGIN = "login"
REDIRECT = "redirect"

STOCKTON = "stockton-on-tees"
STOCKTON_PLAN = "cypp-2015-2018"
KENT = "kent"
KENT_PLAN = "cypf"


def roles(anonymous, administrator, officer, governance, contributor, board):
    return {
        "anonymous": anonymous,
        "administrator": administrator,
        "officer": officer,
        "governance": governance,
        "contributor": contributor,
        "board": board,
    }


EVERYONE = roles(200, 200, 200, 200, 200, 200)
SIGNED_IN = roles(LOGIN, 200, 200, 200, 200, 200)
EDIT_PLAN = roles(LOGIN, 200, 200, 403, 403, 403)
CATALOGUE = roles(LOGIN, 200, 200, 403, 403, 403)
GROUPS = roles(LOGIN, 200, 200, 200, 403, 403)
DATA = roles(LOGIN, 200, 200, 403, 403, 403)
UNPUBLISHED = roles(LOGIN, 200, 200, 200, 200, 200)
# Delivery tracking: rounds, champions and agreed remedial actions (Perm.MANAGE_DELIVERY).
DELIVERY = roles(LOGIN, 200, 200, 403, 403, 403)
# Updating an action and its milestones (delivery.can_update_action): officers every action, a
# contributor only those their groups lead. The matrix's action is priority 1's first, led by
# the CESC CYP Management Team, not the contributor's group: see
# test_the_contributor_updates_the_actions_their_group_leads for the other side.
UPDATE_ACTION = roles(LOGIN, 200, 200, 403, 403, 403)
# POST-only views: a GET by someone allowed to move is "method not allowed".
MOVE_GET = roles(LOGIN, 405, 405, 403, 403, 403)
MOVE_POST = roles(LOGIN, REDIRECT, REDIRECT, 403, 403, 403)
# Meetings (Perm.MANAGE_MEETINGS): officers and governance officers run them.
MEETINGS = roles(LOGIN, 200, 200, 200, 403, 403)
MEETINGS_MOVE_GET = roles(LOGIN, 405, 405, 405, 403, 403)
MEETINGS_MOVE_POST = roles(LOGIN, REDIRECT, REDIRECT, REDIRECT, 403, 403)
# What only the partnership's own people see is "not found" to the public, as if absent: a
# circulated minute or a guide in draft is not announced by a sign-in page.
PARTNERS = roles(404, 200, 200, 200, 200, 200)
MANAGERS_ONLY = roles(404, 200, 200, 200, 404, 404)


@dataclass(frozen=True)
class Rule:
    kwargs: tuple[str, ...]
    get: dict[str, object]
    post: dict[str, object] | None = None  # checked with direction=up for POST-only views
    # Where a URL argument comes from when it is not demo_kwargs()'s entry of the same name:
    # {"round": "closed_round"} for the pages of a round that has closed.
    take: dict[str, str] = field(default_factory=dict)


P = ("partnership",)
PL = ("partnership", "plan")
PR = ("partnership", "plan", "priority")
PA = (*PR, "action")
RD = ("partnership", "round")
# The matrix's meetings (see _governance): a held meeting with its agenda published and its
# minutes circulated, and the next meeting, which confirms them.
GM = ("partnership", "meeting")
GI = (*GM, "item")
GP = ("partnership", "group")

MATRIX: dict[str, Rule] = {
    # web
    "web:home": Rule((), EVERYONE),
    "web:accessibility": Rule((), EVERYONE),
    # Signed-in people are sent on from the sign-in page (redirect_authenticated_user).
    "web:login": Rule((), roles(200, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    # Signing out is POST only (a link could sign people out); POST sends everyone home.
    "web:logout": Rule((), roles(405, 405, 405, 405, 405, 405), post=roles(*[REDIRECT] * 6)),
    "web:password_change": Rule((), SIGNED_IN),
    "web:password_change_done": Rule((), SIGNED_IN),
    "web:partnership_home": Rule(P, EVERYONE),
    # plans: lists, creation and import
    "plans:plan_list": Rule(P, EVERYONE),
    "plans:plan_create": Rule(P, EDIT_PLAN),
    "plans:plan_import": Rule(P, EDIT_PLAN),
    "plans:action_list": Rule(P, EVERYONE),
    # linked plans and strategies, and the glossary (the partnership's catalogue)
    "plans:strategy_list": Rule(P, EVERYONE),
    "plans:strategy_create": Rule(P, CATALOGUE),
    "plans:strategy_edit": Rule((*P, "strategy"), CATALOGUE),
    "plans:glossary_create": Rule(P, CATALOGUE),
    "plans:glossary_edit": Rule((*P, "term"), CATALOGUE),
    # one plan
    "plans:plan_detail": Rule(PL, EVERYONE),
    "plans:plan_edit": Rule(PL, EDIT_PLAN),
    "plans:plan_status": Rule(PL, EDIT_PLAN),
    "plans:plan_delete": Rule(PL, EDIT_PLAN),
    "plans:plan_history": Rule(PL, UNPUBLISHED),
    "plans:plan_export": Rule(PL, EVERYONE),
    # sections
    "plans:section_create": Rule(PL, EDIT_PLAN),
    "plans:section_detail": Rule((*PL, "section"), EVERYONE),
    "plans:section_edit": Rule((*PL, "section"), EDIT_PLAN),
    "plans:section_delete": Rule((*PL, "section"), EDIT_PLAN),
    "plans:section_move": Rule((*PL, "section"), MOVE_GET, MOVE_POST),
    "plans:section_history": Rule((*PL, "section"), UNPUBLISHED),
    # priorities
    "plans:priority_create": Rule(PL, EDIT_PLAN),
    "plans:priority_detail": Rule(PR, EVERYONE),
    "plans:priority_edit": Rule(PR, EDIT_PLAN),
    "plans:priority_delete": Rule(PR, EDIT_PLAN),
    "plans:priority_move": Rule(PR, MOVE_GET, MOVE_POST),
    "plans:priority_history": Rule(PR, UNPUBLISHED),
    # success criteria
    "plans:criterion_create": Rule(PR, EDIT_PLAN),
    "plans:criterion_edit": Rule((*PR, "criterion"), EDIT_PLAN),
    "plans:criterion_delete": Rule((*PR, "criterion"), EDIT_PLAN),
    "plans:criterion_move": Rule((*PR, "criterion"), MOVE_GET, MOVE_POST),
    # indicators linked to a priority
    "plans:indicator_link_create": Rule(PR, EDIT_PLAN),
    "plans:indicator_link_delete": Rule((*PR, "link"), EDIT_PLAN),
    "plans:indicator_link_move": Rule((*PR, "link"), MOVE_GET, MOVE_POST),
    # key actions
    "plans:action_create": Rule(PR, EDIT_PLAN),
    "plans:action_detail": Rule((*PR, "action"), EVERYONE),
    "plans:action_edit": Rule((*PR, "action"), EDIT_PLAN),
    "plans:action_delete": Rule((*PR, "action"), EDIT_PLAN),
    "plans:action_move": Rule((*PR, "action"), MOVE_GET, MOVE_POST),
    "plans:action_history": Rule((*PR, "action"), UNPUBLISHED),
    # performance
    "indicators:framework": Rule(P, EVERYONE),
    "indicators:indicator_create": Rule(P, CATALOGUE),
    "performance:indicator": Rule((*P, "code"), EVERYONE),
    "performance:indicator_download": Rule((*P, "code", "fmt"), EVERYONE),
    "performance:dashboard": Rule(PL, EVERYONE),
    "performance:scorecard": Rule(PR, EVERYONE),
    "indicators:indicator_edit": Rule((*P, "code"), CATALOGUE),
    "indicators:indicator_history": Rule((*P, "code"), UNPUBLISHED),
    # targets
    "indicators:target_create": Rule((*P, "code"), DATA),
    "indicators:target_edit": Rule((*P, "code", "target"), DATA),
    "indicators:target_delete": Rule((*P, "code", "target"), DATA),
    "indicators:target_history": Rule((*P, "code", "target"), UNPUBLISHED),
    # importing values
    "indicators:data_import": Rule(P, DATA),
    "indicators:import_job": Rule((*P, "job"), DATA),
    "indicators:import_job_status": Rule((*P, "job"), DATA),
    # The mapping page of a job that needs none sends its users back to the job.
    "indicators:import_job_mapping": Rule(
        (*P, "job"), roles(LOGIN, REDIRECT, REDIRECT, 403, 403, 403)
    ),
    "indicators:import_template": Rule((*P, "kind"), DATA),
    # governance
    "governance:group_list": Rule(P, EVERYONE),
    "governance:group_create": Rule(P, GROUPS),
    "governance:group_detail": Rule((*P, "group"), EVERYONE),
    "governance:group_edit": Rule((*P, "group"), GROUPS),
    "governance:group_history": Rule((*P, "group"), UNPUBLISHED),
    # Who reports to whom is as public as the groups themselves.
    "governance:structure": Rule(P, EVERYONE),
    "governance:relationship_create": Rule((*P, "group"), GROUPS),
    "governance:relationship_delete": Rule((*P, "group", "relationship"), GROUPS),
    # reports
    "reports:index": Rule(P, EVERYONE),
    "reports:delivery_plan": Rule(PL, EVERYONE),
    # delivery tracking: every page is for the partnership's own people
    "delivery:home": Rule(P, UNPUBLISHED),
    "delivery:my_actions": Rule(P, UNPUBLISHED),
    "delivery:exceptions": Rule(P, UNPUBLISHED),
    "delivery:round_create": Rule(PL, DELIVERY),
    "delivery:round_detail": Rule(RD, UNPUBLISHED),
    # The round here is open: closing a closed one sends its officers back to it (below).
    "delivery:round_close": Rule(RD, DELIVERY),
    "delivery:round_group": Rule((*RD, "group"), UNPUBLISHED),
    # Everyone reads a compiled update; only its champion comments (test_compilation_post).
    "delivery:compilation": Rule((*RD, "priority"), UNPUBLISHED, take={"round": "closed_round"}),
    "delivery:champion": Rule(PR, DELIVERY),
    "delivery:action_update": Rule(PA, UPDATE_ACTION),
    "delivery:remedial": Rule(PA, DELIVERY),
    "delivery:milestone_create": Rule(PA, UPDATE_ACTION),
    "delivery:milestone_edit": Rule((*PA, "milestone"), UPDATE_ACTION),
    "delivery:milestone_delete": Rule((*PA, "milestone"), UPDATE_ACTION),
    # An evidence file, downloaded.
    "delivery:evidence": Rule((*P, "evidence"), UNPUBLISHED),
    # people and their registers of interests: public, as a council's are
    "people:person_list": Rule(P, EVERYONE),
    "people:person_detail": Rule((*P, "person"), EVERYONE),
    "people:person_create": Rule(P, MEETINGS),
    "people:person_edit": Rule((*P, "person"), MEETINGS),
    "people:person_history": Rule((*P, "person"), UNPUBLISHED),
    # The board member writes their own register (test_people_pages); this person is not them.
    "people:interest_create": Rule((*P, "person"), MEETINGS),
    "people:interest_end": Rule((*P, "person", "interest"), MEETINGS),
    # a group's members and seats
    "members:current": Rule(GP, EVERYONE),
    "members:past": Rule(GP, EVERYONE),
    "members:register": Rule(GP, EVERYONE),
    "members:membership_create": Rule(GP, MEETINGS),
    "members:membership_edit": Rule((*GP, "membership"), MEETINGS),
    "members:membership_end": Rule((*GP, "membership"), MEETINGS),
    "members:membership_replace": Rule((*GP, "membership"), MEETINGS),
    # Seats are part of the group, like its other details (Perm.MANAGE_GROUPS).
    "members:post_create": Rule(GP, GROUPS),
    "members:post_edit": Rule((*GP, "post"), GROUPS),
    "members:post_delete": Rule((*GP, "post"), GROUPS),
    # meetings and their agendas
    "meetings:meeting_list": Rule(P, EVERYONE),
    "meetings:meeting_create": Rule(P, MEETINGS),
    "meetings:meeting_detail": Rule(GM, EVERYONE),
    "meetings:meeting_edit": Rule(GM, MEETINGS),
    "meetings:meeting_status": Rule(GM, MEETINGS),
    "meetings:item_create": Rule(GM, MEETINGS),
    "meetings:standing_items_add": Rule(GM, MEETINGS_MOVE_GET, MEETINGS_MOVE_POST),
    "meetings:agenda_publish": Rule(GM, MEETINGS_MOVE_GET, MEETINGS_MOVE_POST),
    "meetings:item_edit": Rule(GI, MEETINGS),
    "meetings:item_delete": Rule(GI, MEETINGS),
    "meetings:item_move": Rule(GI, MEETINGS_MOVE_GET, MEETINGS_MOVE_POST),
    "meetings:link_create": Rule(GI, MEETINGS),
    "meetings:link_delete": Rule((*GI, "link"), MEETINGS, take={"link": "agenda_link"}),
    "meetings:paper_upload": Rule(GI, MEETINGS),
    "meetings:paper_download": Rule((*P, "paper"), EVERYONE),
    "meetings:paper_delete": Rule((*P, "paper"), MEETINGS),
    "meetings:attendance": Rule(GM, MEETINGS),
    "meetings:attendance_add": Rule(GM, MEETINGS),
    # A board member declares for themselves where they sit on the group (test_meetings_pages).
    "meetings:declaration_create": Rule(GM, MEETINGS),
    "meetings:declaration_delete": Rule((*GM, "declaration"), MEETINGS),
    "meetings:attendance_statistics": Rule(GP, EVERYONE),
    # minutes: circulated ones are for the partnership's people until published
    "minutes:minutes_detail": Rule(GM, UNPUBLISHED),
    "minutes:minutes_edit": Rule(GM, MEETINGS),
    "minutes:minutes_status": Rule(GM, MEETINGS),
    "minutes:minutes_versions": Rule(GM, UNPUBLISHED),
    # Partners see no drafts: with one version to see, comparing sends them back to the list.
    "minutes:minutes_compare": Rule(GM, roles(LOGIN, 200, 200, 200, REDIRECT, REDIRECT)),
    "minutes:minutes_amend": Rule(GM, MEETINGS),
    "minutes:confirm_previous": Rule(GM, MEETINGS, take={"meeting": "next_meeting"}),
    "minutes:action_add": Rule(GI, MEETINGS),
    "minutes:action_edit": Rule((*GM, "action"), MEETINGS, take={"action": "action_arising"}),
    "minutes:matters_arising": Rule(GM, MEETINGS, take={"meeting": "next_meeting"}),
    "minutes:matters_update": Rule(
        (*GM, "action"),
        MEETINGS,
        take={"meeting": "next_meeting", "action": "action_arising"},
    ),
    "minutes:actions_open": Rule(P, UNPUBLISHED),
    # the forward plan: partners suggest, officers plan and schedule
    "forward:forward_list": Rule(GP, EVERYONE),
    "forward:forward_add": Rule(GP, MEETINGS),
    "forward:forward_suggest": Rule(GP, SIGNED_IN),
    "forward:forward_accept": Rule(
        (*GP, "item"), MEETINGS_MOVE_GET, MEETINGS_MOVE_POST, take={"item": "forward_item"}
    ),
    "forward:forward_decline": Rule((*GP, "item"), MEETINGS, take={"item": "forward_item"}),
    "forward:forward_schedule": Rule((*GP, "item"), MEETINGS, take={"item": "forward_item"}),
    # documents: the agenda is published; the minutes are circulated, not yet published
    "documents:agenda_print": Rule(GM, EVERYONE),
    "documents:agenda_pdf": Rule(GM, EVERYONE),
    "documents:agenda_docx": Rule(GM, EVERYONE),
    "documents:minutes_print": Rule(GM, PARTNERS),
    "documents:minutes_pdf": Rule(GM, PARTNERS),
    "documents:minutes_docx": Rule(GM, PARTNERS),
    # the one-minute guide, in draft
    "documents:guide_detail": Rule(GM, MANAGERS_ONLY),
    "documents:guide_pdf": Rule(GM, MANAGERS_ONLY),
    "documents:guide_docx": Rule(GM, MANAGERS_ONLY),
    "documents:guide_draft": Rule(GM, MEETINGS),
    "documents:guide_edit": Rule(GM, MEETINGS),
    "documents:guide_publish": Rule(GM, MEETINGS_MOVE_GET, MEETINGS_MOVE_POST),
    # A guide in draft has nothing to unpublish.
    "documents:guide_unpublish": Rule(GM, roles(LOGIN, 404, 404, 404, 403, 403)),
    "documents:group_calendar": Rule(GP, EVERYONE),
    "documents:feed": Rule(P, EVERYONE),
    "documents:popolo": Rule(P, EVERYONE),
    "search:search": Rule(P, EVERYONE),
}


def named_urls() -> set[str]:
    """Every named URL pattern the product serves, as namespace:name, without the admin site."""
    found: set[str] = set()

    def walk(patterns: list, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                if inner == "admin":
                    continue
                joined = ":".join(x for x in (namespace, inner) if x)
                walk(pattern.url_patterns, joined)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, "")
    return found


def demo_kwargs(partnership: str = STOCKTON, plan_slug: str = STOCKTON_PLAN) -> dict[str, object]:
    """Concrete URL arguments: the plan's first priority, and the first of everything in it."""
    from partnership.governance.models import Group
    from partnership.plans.models import Plan, Strategy
    from partnership.web.models import GlossaryTerm

    plan = Plan.objects.get(partnership__slug=partnership, slug=plan_slug)
    priority = plan.priorities.order_by("order").first()
    criterion = priority.criteria.order_by("order").first()
    link = priority.indicator_links.order_by("order").first()
    action = priority.actions.order_by("order").first()
    section = plan.sections.order_by("order").first()
    group = (
        Group.objects.filter(partnership__slug=partnership, led_actions__isnull=False)
        .order_by("name")
        .first()
        or Group.objects.filter(partnership__slug=partnership).order_by("name").first()
    )
    return {
        "partnership": partnership,
        "plan": plan.slug,
        "priority": priority.pk,
        "section": section.pk,
        "criterion": criterion.pk if criterion else 0,
        "link": link.pk,
        "action": action.pk if action else 0,
        "code": link.indicator.code,
        "group": group.pk,
        "relationship": _relationship(group).pk,
        "strategy": Strategy.objects.filter(partnership__slug=partnership).order_by("pk")[0].pk
        if Strategy.objects.filter(partnership__slug=partnership).exists()
        else 0,
        "term": GlossaryTerm.objects.filter(partnership__slug=partnership).order_by("pk")[0].pk,
        "job": _import_job(partnership).pk,
        "kind": "csv",
        "fmt": "xlsx",
        "target": _target(partnership, link.indicator).pk,
        **_delivery(plan, priority, action),
        **_governance(group, priority),
    }


def _governance(group, priority) -> dict[str, object]:
    """A person with a seat, a post and a registered interest on ``group``; a held meeting of it
    (September 2020) with a published agenda, a paper, a link to ``priority``, a declaration,
    minutes circulated with an action arising, and a one-minute guide in draft; the next
    meeting (January 2021), which has the previous minutes and matters arising; a partner's
    suggestion for the forward plan. Made through the services, as a governance officer would."""
    from io import BytesIO
    from zoneinfo import ZoneInfo

    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    from partnership.governance import forward, guide, meetings, people
    from partnership.governance import minutes as minutes_service
    from partnership.governance.meeting_models import Meeting, MeetingStatus

    found = Meeting.objects.filter(group=group, contact="The permission tests").first()
    if found is None:
        london = ZoneInfo("Europe/London")
        person = people.person_create(
            partnership=group.partnership, by=None, name="Matrix Member", organisation="A school"
        )
        post = people.post_add(group=group, by=None, title="Secondary head teacher representative")
        membership = people.membership_add(
            group=group,
            person=person,
            by=None,
            role="member",
            start_date=dt.date(2020, 5, 1),
            post=post,
            on_behalf_of="Secondary schools",
        )
        people.interest_add(
            person=person, by=None, category="employment", description="Head teacher"
        )
        found = meetings.meeting_create(
            group=group,
            by=None,
            start=dt.datetime(2020, 9, 29, 16, tzinfo=london),
            venue="Municipal Buildings",
            contact="The permission tests",
            status=MeetingStatus.HELD,
        )
        item = meetings.agenda_item_add(meeting=found, by=None, title="Performance report")
        meetings.agenda_link_add(item=item, by=None, priority=priority)
        pdf = BytesIO()
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        writer.write(pdf)
        meetings.paper_upload(
            item=item,
            by=None,
            title="Report",
            file=SimpleUploadedFile("report.pdf", pdf.getvalue(), "application/pdf"),
        )
        meetings.declaration_record(
            item=item,
            by=None,
            person=person,
            kind="other-registerable",
            nature="Head teacher of a school the report names",
            action="remained",
        )
        meetings.agenda_publish(meeting=found, by=None)
        minutes = minutes_service.minutes_for(found, by=None)
        minutes_service.minutes_save(
            minutes=minutes,
            by=None,
            seen_version=minutes.version,
            items={item.pk: minutes_service.ItemText("The board noted the report.")},
        )
        minutes_service.action_arising_add(
            item=item, by=None, description="Circulate the report", owner="The officer"
        )
        minutes_service.minutes_set_status(minutes=minutes, status="circulated", by=None)
        guide.guide_draft_from_minutes(meeting=found, by=None)
        following = meetings.meeting_create(
            group=group,
            by=None,
            start=dt.datetime(2021, 1, 5, 16, tzinfo=london),
            venue="Municipal Buildings",
            contact="The permission tests (next)",
            status=MeetingStatus.HELD,
        )
        meetings.standing_items_add(meeting=following, by=None)
        forward.forward_item_suggest(group=group, by=None, title="Play and youth services")
    item = found.items.get(title="Performance report")
    following = Meeting.objects.get(group=group, contact="The permission tests (next)")
    membership = group.memberships.get(person__name="Matrix Member")
    return {
        "meeting": found.pk,
        "next_meeting": following.pk,
        "item": item.pk,
        "agenda_link": item.links.get().pk,
        "paper": item.papers.get().pk,
        "declaration": item.declarations.get().pk,
        "action_arising": item.actions_arising.get().pk,
        "person": membership.person_id,
        "membership": membership.pk,
        "post": membership.post_id,
        "interest": membership.person.interests.get().pk,
        "forward_item": group.forward_plan.get(title="Play and youth services").pk,
    }


def _relationship(group):
    """A relationship from ``group`` (the demo's first if it has one), for its delete page."""
    from partnership.governance import services
    from partnership.governance.models import Group, GroupRelationship

    found = GroupRelationship.objects.filter(from_group=group).order_by("pk").first()
    if found is not None:
        return found
    other = Group.objects.filter(partnership=group.partnership).exclude(pk=group.pk).first()
    return services.relationship_add(
        from_group=group, to_group=other, kind="information-sharing", by=None
    )


def _delivery(plan, priority, action) -> dict[str, object]:
    """What the delivery pages need, made through the services where the demo has none: a
    closed round with a compiled update for ``priority``, an evidence file and a milestone on
    ``action`` (0 when the priority has no action, as in Kent's framework), and an open round
    for ``priority`` (the demo's round has closed)."""
    closed = _closed_round(plan, priority)
    evidence = _evidence(plan, action) if action else None
    milestone = _milestone(action) if action else None
    return {
        "closed_round": closed.pk,
        "evidence": evidence.pk if evidence else 0,
        "milestone": milestone.pk if milestone else 0,
        "round": _open_round(plan, priority).pk,
    }


def _closed_round(plan, priority):
    """A closed round of ``plan`` with ``priority``'s compiled update (the demo's
    "Mid-year 2015/16" when it is there)."""
    from partnership.plans import delivery
    from partnership.plans.delivery_selectors import open_round_for
    from partnership.plans.models import PriorityCompilation

    compilation = (
        PriorityCompilation.objects.filter(round__plan=plan, priority=priority)
        .select_related("round")
        .order_by("-compiled_at")
        .first()
    )
    if compilation is not None:
        return compilation.round
    assert open_round_for(priority) is None, "make the closed round before the open one"
    update_round = delivery.round_open(
        plan=plan,
        by=None,
        title="Closed for the permission tests",
        deadline=timezone.localdate(),
        priorities=[priority],
        notify=False,
    )
    delivery.round_close(update_round=update_round, by=None, notify=False)
    return update_round


def _open_round(plan, priority):
    from partnership.plans import delivery
    from partnership.plans.delivery_selectors import open_round_for

    return open_round_for(priority) or delivery.round_open(
        plan=plan,
        by=None,
        title="Open for the permission tests",
        deadline=timezone.localdate() + dt.timedelta(days=28),
        priorities=[priority],
        notify=False,
    )


def _evidence(plan, action):
    """An evidence file sent with a progress update (the demo's updates have none)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from partnership.plans import delivery
    from partnership.plans.models import Evidence

    found = (
        Evidence.objects.filter(update__action__priority__plan__partnership=plan.partnership)
        .exclude(file="")
        .first()
    )
    if found is not None:
        return found
    upload = SimpleUploadedFile(
        "review.pdf", b"%PDF-1.4\n% the permission tests' evidence\n", "application/pdf"
    )
    update = delivery.action_record_progress(
        action=action,
        by=None,
        status=action.status,  # staying put is always allowed
        narrative="Evidence for the permission tests.",
        remedial_action=action.remedial_action or "A weekly review.",
        remedial_owner=action.remedial_owner or "Head of service",
        files=[("evidence_file", upload)],
        check_permission=False,
    )
    return update.evidence.get()


def _milestone(action):
    from partnership.plans import delivery

    return action.milestones.order_by("due_date", "order").first() or delivery.milestone_create(
        action=action,
        by=None,
        title="A milestone for the permission tests",
        due_date=dt.date(2016, 3, 31),
        check_permission=False,
    )


def _target(partnership: str, indicator):
    """The partnership's target for ``indicator`` (the demo sets none)."""
    from partnership.areas.models import Area
    from partnership.indicators.models import Target
    from partnership.indicators.services import period_for_label
    from partnership.web.models import Partnership

    target = Target.objects.filter(partnership__slug=partnership, indicator=indicator).first()
    if target is None:
        owner = Partnership.objects.get(slug=partnership)
        target = Target.objects.create(
            partnership=owner,
            indicator=indicator,
            area=owner.area or Area.objects.get(level="england"),
            period=period_for_label(period_type=indicator.period_type, label="2017"),
            value=50,
            reason="Agreed by the board",
        )
    return target


def _import_job(partnership: str):
    """A checked upload waiting to be confirmed (the demo has none)."""
    from partnership.indicators.models import ImportJob, ImportJobStatus
    from partnership.web.models import Partnership

    job = ImportJob.objects.filter(partnership__slug=partnership).first()
    if job is None:
        job = ImportJob.objects.create(
            partnership=Partnership.objects.get(slug=partnership),
            file="imports/values.csv",
            source_name="values.csv",
            format="lait",
            status=ImportJobStatus.CHECKED,
        )
    return job


def url_for(name: str, available: dict[str, object]) -> str:
    rule = MATRIX[name]
    return reverse(name, kwargs={key: available[rule.take.get(key, key)] for key in rule.kwargs})


def check(response, expected: object, url: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"] == "/account/sign-in/?next=" + quote(url), response["Location"]
    elif expected == REDIRECT:
        assert response.status_code == 302, (url, response.status_code)
        assert not response["Location"].startswith("/account/sign-in/"), response["Location"]
    else:
        assert response.status_code == expected, (url, response.status_code)


# The table itself ------------------------------------------------------------------------------


def test_every_named_url_has_a_rule():
    served = named_urls()
    assert served, "no URL patterns found: the walk over the resolver is broken"
    missing = sorted(served - set(MATRIX))
    assert not missing, f"Named URLs with no permission rule in MATRIX: {missing}"
    stale = sorted(set(MATRIX) - served)
    assert not stale, f"MATRIX rules for URLs that no longer exist: {stale}"


def test_the_table_covers_every_role():
    for name, rule in MATRIX.items():
        assert set(rule.get) == set(ROLES), name
        if rule.post is not None:
            assert set(rule.post) == set(ROLES), name


CASES = [(name, role) for name in sorted(MATRIX) for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_get(client_for, name, role):
    url = url_for(name, demo_kwargs())
    response = client_for(role).get(url)
    check(response, MATRIX[name].get[role], url)


POST_CASES = [
    (name, role) for name in sorted(MATRIX) if MATRIX[name].post is not None for role in ROLES
]


@pytest.mark.parametrize(("name", "role"), POST_CASES, ids=[f"{n}-{r}" for n, r in POST_CASES])
def test_post_only_views(client_for, name, role):
    url = url_for(name, demo_kwargs())
    response = client_for(role).post(url, {"direction": "up"})
    check(response, MATRIX[name].post[role], url)


# Everything a role may not GET, it may not POST either, and nothing is written. -------------

REFUSED = [
    (name, role)
    for name in sorted(MATRIX)
    for role in ROLES
    if MATRIX[name].get[role] in (LOGIN, 403) and name != "web:password_change"
]


def _row_counts() -> dict[str, int]:
    from partnership.governance import models as governance
    from partnership.governance.models import Group, GroupRelationship
    from partnership.indicators.models import Indicator, Target
    from partnership.plans.models import (
        ChampionComment,
        Evidence,
        KeyAction,
        Milestone,
        Plan,
        PlanSection,
        Priority,
        PriorityCompilation,
        PriorityIndicator,
        ProgressUpdate,
        RoundNotice,
        SuccessCriterion,
        UpdateRound,
    )

    models = [
        Plan,
        PlanSection,
        Priority,
        SuccessCriterion,
        PriorityIndicator,
        KeyAction,
        Indicator,
        Target,
        Group,
        GroupRelationship,
        # delivery tracking
        ProgressUpdate,
        Evidence,
        Milestone,
        UpdateRound,
        PriorityCompilation,
        ChampionComment,
        RoundNotice,
        # meetings
        governance.Person,
        governance.Post,
        governance.Membership,
        governance.RegisteredInterest,
        governance.Meeting,
        governance.AgendaItem,
        governance.AgendaItemLink,
        governance.Paper,
        governance.Attendance,
        governance.Declaration,
        governance.MinutesVersion,
        governance.MinutesAmendment,
        governance.ActionArising,
        governance.ActionArisingUpdate,
        governance.ForwardPlanItem,
        governance.OneMinuteGuide,
        governance.GuideItem,
    ]
    counts = {m.__name__: m.objects.count() for m in models}
    # Changes that add no row: a status, a remedial action, a champion, a milestone's dates
    # (each saved through record_save, which leaves a history entry), a round closing.
    counts["history"] = sum(m.history.count() for m in models if hasattr(m, "history"))
    counts["open rounds"] = UpdateRound.objects.filter(status="open").count()
    return counts


def _free_priorities(available: dict[str, object]) -> list[int]:
    """The plan's priorities in no open round, which a new round may take."""
    from partnership.plans.models import Priority

    return list(
        Priority.objects.filter(
            plan__partnership__slug=available["partnership"], plan__slug=available["plan"]
        )
        .exclude(rounds__status="open")
        .values_list("pk", flat=True)
    )


def _refused_post_data(name: str, available: dict[str, object]) -> dict[str, object]:
    """A POST that each form would accept, so a missing permission check would write."""
    data: dict[str, object] = {
        "direction": "down",
        "title": "Hijacked",
        "name": "Hijacked",
        "slug": "hijacked",
        "key": "hijacked",
        "code": "hijacked",
        "text": "Hijacked",
        "status": "archived",
        "priority_term": "priority",
        "classification": "other",
        "polarity": "high",
        "confirm": "yes",
    }
    if name == "governance:relationship_create":
        from partnership.governance.models import Group

        # Reports-to is not what _relationship() makes, so this would be a new row.
        other = Group.objects.exclude(pk=available["group"]).get(
            partnership__slug=available["partnership"], name="Health and Wellbeing Board"
        )
        data.update({"kind": "reports-to", "to_group": other.pk, "note": "Hijacked"})
    if name.startswith("delivery:"):
        from partnership.web.models import User

        year = str(timezone.localdate().year + 1)
        data.update(
            {
                # a round
                "deadline_0": "1",
                "deadline_1": "3",
                "deadline_2": year,
                "priorities": _free_priorities(available),
                "message": "Hijacked",
                # a progress update, kept as the action is (on track in the demo)
                "status": "on-track",
                "progress": "45",
                "narrative": "Hijacked",
                # a remedial action
                "remedial_action": "Hijacked",
                "remedial_owner": "Hijacked",
                # a champion
                "champion": User.objects.get(username="board").pk,
                # a milestone
                "due_date_0": "1",
                "due_date_1": "3",
                "due_date_2": year,
            }
        )
    return data


@pytest.mark.parametrize(("name", "role"), REFUSED, ids=[f"{n}-{r}" for n, r in REFUSED])
def test_refused_post_writes_nothing(client_for, name, role):
    available = demo_kwargs()
    url = url_for(name, available)
    data = _refused_post_data(name, available)
    before = _row_counts()
    response = client_for(role).post(url, data)
    if response.status_code == 405 and not hasattr(resolve(url).func.view_class, "post"):
        pass  # a page that takes no POST may refuse one before asking who sent it
    else:
        check(response, MATRIX[name].get[role], url)
    assert _row_counts() == before


# Delivery tracking: who updates which action, who comments, a closed round ---------------

DELIVERY_NAMES = sorted(name for name in MATRIX if name.startswith("delivery:"))
ACTION_UPDATE_NAMES = [
    "delivery:action_update",
    "delivery:milestone_create",
    "delivery:milestone_edit",
    "delivery:milestone_delete",
]
# The contributor's own group's action: theirs to update, not the board's or governance's.
OWN_ACTION = roles(LOGIN, 200, 200, 403, 200, 403)


def _contributors_action_kwargs() -> dict[str, object]:
    """demo_kwargs() for priority 1's third action, which the contributor's group (Early Help
    Implementation Team) leads with A Fairer Start Steering Group, and a milestone on it."""
    from partnership.plans.models import KeyAction
    from partnership.web.demo import CONTRIBUTOR_GROUP

    available = demo_kwargs()
    action = KeyAction.objects.get(
        priority_id=available["priority"], lead_groups__name=CONTRIBUTOR_GROUP
    )
    return {**available, "action": action.pk, "milestone": _milestone(action).pk}


CONTRIBUTOR_CASES = [
    (name, role) for name in [*ACTION_UPDATE_NAMES, "delivery:remedial"] for role in ROLES
]


@pytest.mark.parametrize(
    ("name", "role"), CONTRIBUTOR_CASES, ids=[f"{n}-{r}" for n, r in CONTRIBUTOR_CASES]
)
def test_the_contributor_updates_the_actions_their_group_leads(client_for, name, role):
    available = _contributors_action_kwargs()
    url = url_for(name, available)
    # Agreeing a remedial action stays with the officers, whoever leads the action.
    expected = (DELIVERY if name == "delivery:remedial" else OWN_ACTION)[role]
    check(client_for(role).get(url), expected, url)
    if expected in (LOGIN, 403):
        before = _row_counts()
        response = client_for(role).post(url, _refused_post_data(name, available))
        check(response, expected, url)
        assert _row_counts() == before


# The POSTs refused above, sent by an officer: accepted, and seen by _row_counts.
ACCEPTED_FROM_AN_OFFICER = [
    "delivery:round_create",
    "delivery:round_close",
    "delivery:champion",
    "delivery:action_update",
    "delivery:remedial",
    "delivery:milestone_create",
    "delivery:milestone_edit",
    "delivery:milestone_delete",
]


@pytest.mark.parametrize("name", ACCEPTED_FROM_AN_OFFICER)
def test_the_refused_posts_would_have_written(client_for, name):
    """So a refusal that writes nothing proves the permission check, not a bad form."""
    from partnership.plans.models import KeyAction

    available = demo_kwargs()
    if name == "delivery:remedial":
        # A remedial action is agreed only for an action at risk or off track.
        KeyAction.objects.filter(pk=available["action"]).update(status="at-risk")
    url = url_for(name, available)
    before = _row_counts()
    response = client_for("officer").post(url, _refused_post_data(name, available))
    assert response.status_code == 302, (url, response.status_code)
    assert _row_counts() != before


@pytest.mark.parametrize("role", ROLES)
def test_closing_a_round_that_has_closed_sends_its_officers_back_to_it(client_for, role):
    available = demo_kwargs()
    kwargs = {"partnership": STOCKTON, "round": available["closed_round"]}
    url = reverse("delivery:round_close", kwargs=kwargs)
    response = client_for(role).get(url)
    check(response, roles(LOGIN, REDIRECT, REDIRECT, 403, 403, 403)[role], url)
    if response.status_code == 302 and role != "anonymous":
        assert response["Location"] == reverse("delivery:round_detail", kwargs=kwargs)


# Only the priority's champion (the board account) and a superuser comment on its compiled
# update; everyone else who reads it is refused, and nothing is written.
COMMENT_POST = roles(LOGIN, REDIRECT, 403, 403, 403, REDIRECT)


@pytest.mark.parametrize("role", ROLES)
def test_compilation_post(client_for, role):
    from partnership.plans import delivery
    from partnership.plans.models import ChampionComment, Priority
    from partnership.web.models import User

    available = demo_kwargs()
    priority = Priority.objects.get(pk=available["priority"])
    board = User.objects.get(username="board")
    if priority.champion_id != board.pk:
        delivery.priority_set_champion(priority=priority, champion=board, by=None)
    url = url_for("delivery:compilation", available)
    before = _row_counts()
    response = client_for(role).post(url, {"text": "The board should look at this."})
    check(response, COMMENT_POST[role], url)
    if COMMENT_POST[role] == REDIRECT:
        assert response["Location"] == url + "#comments"
        assert ChampionComment.objects.filter(text="The board should look at this.").exists()
    else:
        assert _row_counts() == before


@pytest.mark.parametrize("name", DELIVERY_NAMES)
def test_delivery_pages_refuse_people_with_no_role_in_the_partnership(demo, name):
    """Signed in, but neither Stockton's nor the administrator: 403, and a POST writes nothing."""
    from partnership.web.models import User

    client = Client()
    client.force_login(User.objects.create_user("outsider", password="not-used-here-123"))
    available = demo_kwargs()
    url = url_for(name, available)
    assert client.get(url).status_code == 403, url
    before = _row_counts()
    assert client.post(url, _refused_post_data(name, available)).status_code == 403, url
    assert _row_counts() == before


# Drafts, other partnerships ---------------------------------------------------------------


@pytest.fixture
def stockton_draft(demo):
    """A draft plan in Stockton with one priority, made through the services."""
    from partnership.plans import services
    from partnership.web.models import Partnership

    stockton = Partnership.objects.get(slug=STOCKTON)
    plan = services.plan_create(
        partnership=stockton,
        by=None,
        slug="cypp-2025-2028",
        title="Draft plan 2025 to 2028",
        period_start=dt.date(2025, 4, 1),
        period_end=dt.date(2028, 3, 31),
    )
    priority = services.priority_create(plan=plan, by=None, title="A draft priority")
    return plan, priority


def _draft_urls(plan, priority) -> list[str]:
    kw = {"partnership": plan.partnership.slug, "plan": plan.slug}
    return [
        reverse("plans:plan_detail", kwargs=kw),
        reverse("plans:plan_export", kwargs=kw),
        reverse("plans:priority_detail", kwargs={**kw, "priority": priority.pk}),
        reverse("reports:delivery_plan", kwargs=kw),
        reverse("performance:dashboard", kwargs=kw),
        reverse("performance:scorecard", kwargs={**kw, "priority": priority.pk}),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_draft_plan_hidden_from_the_public_visible_to_stockton_roles(
    client_for, stockton_draft, role
):
    plan, priority = stockton_draft
    client = client_for(role)
    expected = 404 if role == "anonymous" else 200
    for url in _draft_urls(plan, priority):
        assert client.get(url).status_code == expected, url
    listing = client.get(reverse("plans:plan_list", kwargs={"partnership": STOCKTON}))
    assert ("Draft plan 2025 to 2028" in listing.content.decode()) is (role != "anonymous")
    home = client.get(reverse("web:partnership_home", kwargs={"partnership": STOCKTON}))
    assert ("Draft plan 2025 to 2028" in home.content.decode()) is (role != "anonymous")


def test_draft_plan_is_404_to_a_client_for_user_with_no_role_there(client_for, stockton_draft):
    from partnership.web.models import User

    plan, priority = stockton_draft
    client = Client()
    client.force_login(User.objects.create_user("outsider", password="not-used-here-123"))
    for url in _draft_urls(plan, priority):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.content.decode()
    listing = client.get(reverse("plans:plan_list", kwargs={"partnership": STOCKTON}))
    assert "Draft plan 2025 to 2028" not in listing.content.decode()
    assert "Children and Young People&#x27;s Plan 2015-2018" in listing.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_plans_delivery_pages_follow_the_roles(client_for, stockton_draft, role):
    """Delivery pages are for members whatever the plan's status: a draft's are like the
    adopted plan's, for the action no group leads (so the contributor is refused)."""
    from partnership.plans import services

    plan, priority = stockton_draft
    action = services.action_create(priority=priority, by=None, text="A draft key action")
    kw = {"partnership": STOCKTON, "plan": plan.slug}
    pkw = {**kw, "priority": priority.pk}
    akw = {**pkw, "action": action.pk}
    urls = [
        reverse("delivery:round_create", kwargs=kw),
        reverse("delivery:champion", kwargs=pkw),
        reverse("delivery:action_update", kwargs=akw),
        reverse("delivery:remedial", kwargs=akw),
        reverse("delivery:milestone_create", kwargs=akw),
    ]
    expected = roles(LOGIN, 200, 200, 403, 403, 403)[role]
    for url in urls:
        check(client_for(role).get(url), expected, url)


@pytest.mark.parametrize("role", ROLES)
def test_kent_draft_is_404_to_stockton_roles_but_not_the_administrator(client_for, role):
    from partnership.plans import services
    from partnership.plans.models import Plan

    plan = Plan.objects.get(partnership__slug=KENT, slug=KENT_PLAN)
    services.plan_change_status(plan=plan, status="archived", by=None)
    kw = {"partnership": KENT, "plan": KENT_PLAN}
    response = client_for(role).get(reverse("plans:plan_detail", kwargs=kw))
    assert response.status_code == (200 if role == "administrator" else 404)
    response = client_for(role).get(reverse("reports:delivery_plan", kwargs=kw))
    assert response.status_code == (200 if role == "administrator" else 404)
    response = client_for(role).get(reverse("performance:dashboard", kwargs=kw))
    assert response.status_code == (200 if role == "administrator" else 404)


KENT_EDIT_PAGES = [
    "plans:plan_create",
    "plans:plan_import",
    "plans:plan_edit",
    "plans:plan_status",
    "plans:plan_delete",
    "plans:plan_history",
    "plans:strategy_create",
    "plans:glossary_create",
    "plans:glossary_edit",
    "plans:section_create",
    "plans:section_edit",
    "plans:priority_create",
    "plans:priority_edit",
    "plans:priority_delete",
    "plans:priority_history",
    "plans:indicator_link_create",
    "plans:indicator_link_delete",
    "indicators:indicator_create",
    "indicators:indicator_edit",
    "indicators:indicator_history",
    "indicators:target_create",
    "indicators:target_edit",
    "indicators:target_delete",
    "indicators:target_history",
    "governance:group_create",
    "governance:group_edit",
    "governance:group_history",
    "governance:relationship_create",
    "governance:relationship_delete",
]


@pytest.mark.parametrize("name", KENT_EDIT_PAGES)
def test_stockton_officer_is_refused_kents_edit_pages(client_for, name):
    url = url_for(name, demo_kwargs(KENT, KENT_PLAN))
    response = client_for("officer").get(url)
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()
    # ... while the administrator, who works everywhere, gets them.
    assert client_for("administrator").get(url).status_code == 200


# Kent's framework has no key actions, so its delivery pages about one action are left out.
KENT_DELIVERY_PAGES = [
    name
    for name in DELIVERY_NAMES
    if "action" not in MATRIX[name].kwargs and name != "delivery:evidence"
]


@pytest.mark.parametrize("name", KENT_DELIVERY_PAGES)
def test_stockton_people_are_refused_kents_delivery_pages(client_for, name):
    url = url_for(name, demo_kwargs(KENT, KENT_PLAN))
    for role in ("officer", "governance", "contributor", "board"):
        response = client_for(role).get(url)
        assert response.status_code == 403, (role, url)
        assert "You do not have permission to see this page" in response.content.decode()
    assert client_for("administrator").get(url).status_code == 200


@pytest.fixture
def kent_people(demo) -> dict[str, Client]:
    """Kent's own officer and board member (the demo gives Kent no accounts)."""
    from partnership.web.models import Partnership, User, UserRole

    kent = Partnership.objects.get(slug=KENT)
    clients = {}
    for role in (Role.OFFICER, Role.BOARD):
        user = User.objects.create_user(f"kent-{role}", password="not-used-here-123")
        UserRole.objects.create(user=user, partnership=kent, role=role)
        client = Client()
        client.force_login(user)
        clients[role.value] = client
    return clients


@pytest.mark.parametrize("name", DELIVERY_NAMES)
def test_kents_people_are_refused_stocktons_delivery_pages(kent_people, name):
    available = demo_kwargs()
    url = url_for(name, available)
    for role, client in kent_people.items():
        assert client.get(url).status_code == 403, (role, url)
        before = _row_counts()
        assert client.post(url, _refused_post_data(name, available)).status_code == 403, url
        assert _row_counts() == before, (role, url)


def test_delivery_objects_of_another_partnership_are_404(client_for):
    """Stockton's rounds, evidence, groups and priorities under Kent's address (or the other
    way round) are not found, even for the administrator, and a close there closes nothing."""
    from partnership.plans.models import UpdateRound

    kent = demo_kwargs(KENT, KENT_PLAN)
    ours = demo_kwargs()
    admin = client_for("administrator")
    k = {"partnership": KENT}
    s = {"partnership": STOCKTON}
    urls = [
        reverse("delivery:round_detail", kwargs={**k, "round": ours["round"]}),
        reverse("delivery:round_close", kwargs={**k, "round": ours["round"]}),
        reverse(
            "delivery:round_group", kwargs={**k, "round": ours["round"], "group": kent["group"]}
        ),
        reverse(
            "delivery:round_group", kwargs={**s, "round": ours["round"], "group": kent["group"]}
        ),
        reverse(
            "delivery:compilation",
            kwargs={**k, "round": ours["closed_round"], "priority": ours["priority"]},
        ),
        reverse(
            "delivery:compilation",
            kwargs={**s, "round": ours["closed_round"], "priority": kent["priority"]},
        ),
        reverse("delivery:evidence", kwargs={**k, "evidence": ours["evidence"]}),
        reverse(
            "delivery:champion",
            kwargs={**s, "plan": STOCKTON_PLAN, "priority": kent["priority"]},
        ),
        reverse(
            "delivery:action_update",
            kwargs={
                **s,
                "plan": STOCKTON_PLAN,
                "priority": kent["priority"],
                "action": ours["action"],
            },
        ),
        reverse("delivery:round_create", kwargs={**k, "plan": STOCKTON_PLAN}),
    ]
    for url in urls:
        assert admin.get(url).status_code == 404, url
    response = admin.post(reverse("delivery:round_close", kwargs={**k, "round": ours["round"]}))
    assert response.status_code == 404
    assert UpdateRound.objects.get(pk=ours["round"]).is_open


@pytest.mark.parametrize("name", ["plans:priority_move", "plans:indicator_link_move"])
def test_stockton_officer_cannot_reorder_kents_plan(client_for, name):
    from partnership.plans.models import Priority

    kwargs = demo_kwargs(KENT, KENT_PLAN)
    before = list(Priority.objects.filter(plan__slug=KENT_PLAN).values_list("pk", "order"))
    response = client_for("officer").post(url_for(name, kwargs), {"direction": "down"})
    assert response.status_code == 403
    assert list(Priority.objects.filter(plan__slug=KENT_PLAN).values_list("pk", "order")) == before


def test_the_public_sees_kents_adopted_framework(demo):
    client = Client()
    kw = {"partnership": KENT, "plan": KENT_PLAN}
    page = client.get(reverse("plans:plan_detail", kwargs=kw))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Children and Young People&#x27;s Framework" in html
    assert "Children and young people grow up in safe families and communities" in html
    assert "Our key outcomes" in html  # Kent calls its priorities outcomes
    framework = client.get(reverse("indicators:framework", kwargs={"partnership": KENT}))
    assert framework.status_code == 200
    body = framework.content.decode()
    assert "17 indicators" in body
    assert "Children in Care (per 10,000 under 18)" in body
    assert "Children and Young People&#x27;s Framework: Outcome 1" in body
    report = client.get(reverse("reports:delivery_plan", kwargs=kw))
    assert report.status_code == 200
    assert "Outcome 4: Children and young people make safe and positive decisions" in (
        report.content.decode()
    )
    # Public pages offer no editing controls.
    assert "Edit details" not in html
    assert "Add an indicator" not in body


def test_anonymous_sign_in_redirect_keeps_the_query_string(demo):
    url = reverse("plans:plan_create", kwargs={"partnership": STOCKTON}) + "?x=1"
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == "/account/sign-in/?next=" + quote(url, safe="/")


def test_unknown_partnership_is_404(demo):
    response = Client().get("/p/nowhere/plans/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_objects_of_another_plan_are_404(client_for):
    """A Kent priority id under Stockton's plan is not found, even for the administrator."""
    kent = demo_kwargs(KENT, KENT_PLAN)
    url = reverse(
        "plans:priority_edit",
        kwargs={"partnership": STOCKTON, "plan": STOCKTON_PLAN, "priority": kent["priority"]},
    )
    assert client_for("administrator").get(url).status_code == 404
    group_url = reverse(
        "governance:group_detail", kwargs={"partnership": KENT, "group": demo_kwargs()["group"]}
    )
    assert Client().get(group_url).status_code == 404
