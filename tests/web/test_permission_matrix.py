"""Who gets what on every page of the product, role by role.

``MATRIX`` names every named URL outside the admin site, with the status each role gets. A new
view without a row here fails ``test_every_named_url_has_a_rule``, so no page ships without a
decision about who may see it.

Expected outcomes: a status code, ``LOGIN`` (302 to the sign-in page with ?next= this page) or
``REDIRECT`` (302 anywhere else: a form page's success, a move's way back).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

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
# POST-only views: a GET by someone allowed to move is "method not allowed".
MOVE_GET = roles(LOGIN, 405, 405, 403, 403, 403)
MOVE_POST = roles(LOGIN, REDIRECT, REDIRECT, 403, 403, 403)


@dataclass(frozen=True)
class Rule:
    kwargs: tuple[str, ...]
    get: dict[str, object]
    post: dict[str, object] | None = None  # checked with direction=up for POST-only views


P = ("partnership",)
PL = ("partnership", "plan")
PR = ("partnership", "plan", "priority")

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
    # reports
    "reports:index": Rule(P, EVERYONE),
    "reports:delivery_plan": Rule(PL, EVERYONE),
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
        "strategy": Strategy.objects.filter(partnership__slug=partnership).order_by("pk")[0].pk
        if Strategy.objects.filter(partnership__slug=partnership).exists()
        else 0,
        "term": GlossaryTerm.objects.filter(partnership__slug=partnership).order_by("pk")[0].pk,
        "job": _import_job(partnership).pk,
        "kind": "csv",
        "fmt": "xlsx",
        "target": _target(partnership, link.indicator).pk,
    }


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
    return reverse(name, kwargs={key: available[key] for key in rule.kwargs})


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
    from partnership.governance.models import Group
    from partnership.indicators.models import Indicator, Target
    from partnership.plans.models import (
        KeyAction,
        Plan,
        PlanSection,
        Priority,
        PriorityIndicator,
        SuccessCriterion,
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
    ]
    counts = {m.__name__: m.objects.count() for m in models}
    counts["history"] = sum(m.history.count() for m in models)
    return counts


@pytest.mark.parametrize(("name", "role"), REFUSED, ids=[f"{n}-{r}" for n, r in REFUSED])
def test_refused_post_writes_nothing(client_for, name, role):
    url = url_for(name, demo_kwargs())
    before = _row_counts()
    data = {
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
    response = client_for(role).post(url, data)
    check(response, MATRIX[name].get[role], url)
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
]


@pytest.mark.parametrize("name", KENT_EDIT_PAGES)
def test_stockton_officer_is_refused_kents_edit_pages(client_for, name):
    url = url_for(name, demo_kwargs(KENT, KENT_PLAN))
    response = client_for("officer").get(url)
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()
    # ... while the administrator, who works everywhere, gets them.
    assert client_for("administrator").get(url).status_code == 200


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
