"""Every page of the product, as the public, the partnership officer, a lead group's contributor
and a priority's champion, passes axe-core's WCAG 2.2 AA rules in a real browser.

Each test loads the demo once, visits many pages and collects every problem, naming the page, so
one run reports everything at once instead of stopping at the first page that fails.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

REPO_ROOT = Path(__file__).resolve().parents[2]
KENT_PLAN_FILE = REPO_ROOT / "data" / "demo" / "kent-cypf.yaml"
STOCKTON = "stockton-on-tees"
KENT = "kent"
KENT_TITLE = b"title: Children and Young People's Framework"

# A plan file with problems the importer lists one by one.
BROKEN_PLAN_FILE = b"""format: 1
partnership:
  slug: stockton-on-tees
  name: Stockton-on-Tees Children and Young People's Partnership
plan:
  slug: Not A Slug
  title: ''
  status: sometimes
  priorities:
  - title: ''
    actions:
    - lead: [No Such Group]
"""


# What to do on a page once it has loaded --------------------------------------------------------


def main_form_submit(page: Any) -> Any:
    """The main content's form button (not the header's Sign out, nor a filter's button)."""
    return page.locator("main form").last.locator("[type=submit]").first


def submit(page: Any, expect_status: int = 400) -> None:
    """Submit the page's form as it stands and check the server answered ``expect_status``.

    Every form has ``novalidate``: a form without it, whose browser stopped the submission to
    show its own pop-up instead of the GOV.UK error summary, fails here by timing out.
    """
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        main_form_submit(page).click()
    page.wait_for_load_state()
    status = answer.value.status
    assert status == expect_status, f"expected HTTP {expect_status} after submitting, got {status}"


def submit_empty(page: Any) -> None:
    """Submit a form without filling anything in: the page comes back with its errors."""
    submit(page)
    assert page.locator(".govuk-error-summary").is_visible(), "no error summary after submitting"


def clear_form(page: Any) -> None:
    """Empty every text box of the page's form."""
    page.locator("main form input[type=text], main form textarea").evaluate_all(
        "boxes => boxes.forEach(box => { box.value = ''; })"
    )


def submit_cleared(page: Any) -> None:
    """Empty every text box of an edit form, then submit it: required fields show errors."""
    clear_form(page)
    submit_empty(page)


def upload(
    name: str, content: bytes, expect_status: int, expect: str = ""
) -> Callable[[Any], None]:
    """Choose a plan file to upload, send it, and check the answer (and, if given, its text)."""

    def then(page: Any) -> None:
        page.get_by_label("Plan file").set_input_files(
            {"name": name, "mimeType": "application/yaml", "buffer": content}
        )
        submit(page, expect_status=expect_status)
        if expect:
            expect_text(expect)(page)

    return then


def change_field(label: str, value: str) -> Callable[[Any], None]:
    """Edit one field of a form and save it: the change lands in the history."""

    def then(page: Any) -> None:
        page.get_by_label(label, exact=True).fill(value)
        with page.expect_navigation():
            main_form_submit(page).click()
        assert page.locator(".govuk-notification-banner--success").is_visible(), (
            f"saving {label} did not succeed: {page.locator('main').inner_text()[:400]}"
        )

    return then


def click_button(name: str) -> Callable[[Any], None]:
    def then(page: Any) -> None:
        with page.expect_navigation():
            page.get_by_role("button", name=name).first.click()

    return then


def expect_text(text: str) -> Callable[[Any], None]:
    def then(page: Any) -> None:
        assert text in page.locator("main").inner_text(), f"the page does not say “{text}”"

    return then


def shows_charts(count: int) -> Callable[[Any], None]:
    """The page draws ``count`` charts, each with a visible table of its data."""

    def then(page: Any) -> None:
        charts = page.locator("figure.app-chart svg[role=img]")
        assert charts.count() == count, charts.count()
        for i in range(count):
            assert charts.nth(i).is_visible()
        assert page.locator("caption", has_text="The data in the").count() == count

    return then


def submit_empty_to(status: int) -> Callable[[Any], None]:
    """Submit empty a form whose view answers errors with ``status`` (Django's own auth views
    answer 200, the product's forms 400)."""

    def then(page: Any) -> None:
        submit(page, expect_status=status)
        assert page.locator(".govuk-error-summary").is_visible(), "no error summary"

    return then


def wrong_password(page: Any) -> None:
    page.get_by_label("Username").fill("officer")
    page.get_by_label("Password").fill("not-the-password")
    submit_empty_to(200)(page)


def plan_form_with_bad_input(page: Any) -> None:
    """No title, a short name with capitals, a date that does not exist, half an end date."""
    page.locator("#id_slug").fill("Not A Slug")
    page.locator("#id_period_start_0").fill("31")
    page.locator("#id_period_start_1").fill("2")
    page.locator("#id_period_start_2").fill("2025")
    page.locator("#id_period_end_2").fill("2028")
    submit_empty(page)


def action_form_with_bad_dates(page: Any) -> None:
    page.locator("#id_start_date_0").fill("1")
    page.locator("#id_start_date_1").fill("13")
    page.locator("#id_start_date_2").fill("2025")
    submit_empty(page)


def bad_web_address(page: Any) -> None:
    page.get_by_label("Web address (optional)").fill("not a web address")
    submit_empty(page)


def group_form_without_name(page: Any) -> None:
    page.locator("main form input[type=radio]").first.check()
    submit_empty(page)


def shows_diagram(page: Any) -> None:
    """The governance diagram is drawn, as an image with a name, above the list in words."""
    diagram = page.locator("main svg[role=img]")
    assert diagram.count() == 1, "no governance diagram"
    assert diagram.get_attribute("aria-labelledby"), "the diagram has no accessible name"


def change_password(page: Any) -> None:
    from partnership.web.demo import DEMO_ACCOUNTS

    old = next(a.password for a in DEMO_ACCOUNTS if a.username == "officer")
    page.get_by_label("Old password").fill(old)
    page.get_by_label("New password", exact=True).fill("a-new-long-password-2025")
    page.get_by_label("New password confirmation").fill("a-new-long-password-2025")
    with page.expect_navigation():
        main_form_submit(page).click()
    assert page.locator(".govuk-panel").is_visible(), "the password was not changed"


@dataclass(frozen=True)
class Visit:
    """A page to check: its name in reports, its address, what to do there first, its status."""

    name: str
    path: str
    then: Callable[[Any], None] | None = None
    status: int = 200


# The Audit class lives in conftest.py, so the journeys can use it too; test modules cannot
# import it (--import-mode=importlib), so this name is only for the annotations.
Audit = Any


@pytest.fixture
def audit(page: Any, live_demo: Any, audit_for: Any) -> Audit:
    return audit_for(page, live_demo)


# The demo's pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPages:
    """Addresses of the demo's pages, found through the ORM and reverse()."""

    urls: dict[str, str]
    names: set[str]  # the URL names the addresses were made from

    def __getitem__(self, name: str) -> str:
        return self.urls[name]


def demo_pages() -> DemoPages:
    from partnership.governance.models import Group, GroupRelationship
    from partnership.indicators.models import Indicator
    from partnership.plans.models import Plan, PlanStatus
    from partnership.plans.services import plan_create
    from partnership.web.demo import CONTRIBUTOR_GROUP
    from partnership.web.models import GlossaryTerm, Partnership

    stockton = Partnership.objects.get(slug=STOCKTON)
    plan = Plan.objects.get(partnership=stockton, status=PlanStatus.ADOPTED)
    kent_plan = Plan.objects.get(partnership__slug=KENT)
    priority = plan.priorities.order_by("order").first()
    kent_priority = kent_plan.priorities.order_by("order").first()
    assert priority is not None and kent_priority is not None
    section = plan.sections.order_by("order").first()
    action = priority.actions.order_by("order").first()
    criterion = priority.criteria.order_by("order").first()
    link = priority.indicator_links.order_by("order").first()
    group = Group.objects.get(partnership=stockton, name=CONTRIBUTOR_GROUP)
    indicator = Indicator.objects.filter(partnership=stockton).order_by("code").first()
    strategy = stockton.strategies.order_by("title").first()
    term = GlossaryTerm.objects.filter(partnership=stockton).order_by("term").first()
    relationship = GroupRelationship.objects.for_partnership(stockton).order_by("pk").first()
    assert relationship is not None, "the demo has no relationships between groups"
    assert section and action and criterion and link and indicator and strategy and term, (
        "the demo plan is incomplete"
    )
    draft = plan_create(
        partnership=stockton,
        by=None,
        title="Draft plan for the browser tests",
        slug="browser-draft",
        priority_term="priority",
        period_start=None,
        period_end=None,
        vision="",
        aims=[],
    )
    assert draft.status == PlanStatus.DRAFT

    names: set[str] = set()

    def url(name: str, kwargs: dict[str, Any] | None = None) -> str:
        names.add(name)
        return reverse(name, kwargs=kwargs)

    p = {"partnership": STOCKTON}
    pl = {**p, "plan": plan.slug}
    tg = {**p, "code": indicator.code, "target": _demo_target(stockton, indicator).pk}
    pr = {**pl, "priority": priority.pk}
    charted = _demo_values(stockton)
    urls = {
        "home": url("web:home"),
        "accessibility": url("web:accessibility"),
        "sign_in": url("web:login"),
        "password_change": url("web:password_change"),
        "password_change_done": url("web:password_change_done"),
        "partnership_home": url("web:partnership_home", kwargs=p),
        "plan_list": url("plans:plan_list", kwargs=p),
        "plan_create": url("plans:plan_create", kwargs=p),
        "plan_import": url("plans:plan_import", kwargs=p),
        "kent_plan_import": url("plans:plan_import", kwargs={"partnership": KENT}),
        "action_list": url("plans:action_list", kwargs=p) + f"?group={group.pk}",
        "plan": url("plans:plan_detail", kwargs=pl),
        "plan_edit": url("plans:plan_edit", kwargs=pl),
        "plan_status": url("plans:plan_status", kwargs=pl),
        "plan_delete": url("plans:plan_delete", kwargs=pl),
        "plan_history": url("plans:plan_history", kwargs=pl),
        "draft_plan": url("plans:plan_detail", kwargs={**p, "plan": draft.slug}),
        "kent_plan": url("plans:plan_detail", kwargs={"partnership": KENT, "plan": "cypf"}),
        "kent_priority": url(
            "plans:priority_detail",
            kwargs={"partnership": KENT, "plan": kent_plan.slug, "priority": kent_priority.pk},
        ),
        "section": url("plans:section_detail", kwargs={**pl, "section": section.pk}),
        "section_create": url("plans:section_create", kwargs=pl),
        "section_edit": url("plans:section_edit", kwargs={**pl, "section": section.pk}),
        "section_delete": url("plans:section_delete", kwargs={**pl, "section": section.pk}),
        "section_history": url("plans:section_history", kwargs={**pl, "section": section.pk}),
        "priority": url("plans:priority_detail", kwargs=pr),
        "priority_create": url("plans:priority_create", kwargs=pl),
        "priority_edit": url("plans:priority_edit", kwargs=pr),
        "priority_delete": url("plans:priority_delete", kwargs=pr),
        "priority_history": url("plans:priority_history", kwargs=pr),
        "criterion_create": url("plans:criterion_create", kwargs=pr),
        "criterion_edit": url("plans:criterion_edit", kwargs={**pr, "criterion": criterion.pk}),
        "criterion_delete": url("plans:criterion_delete", kwargs={**pr, "criterion": criterion.pk}),
        "indicator_link_create": url("plans:indicator_link_create", kwargs=pr),
        "indicator_link_delete": url("plans:indicator_link_delete", kwargs={**pr, "link": link.pk}),
        "action": url("plans:action_detail", kwargs={**pr, "action": action.pk}),
        "action_create": url("plans:action_create", kwargs=pr),
        "action_edit": url("plans:action_edit", kwargs={**pr, "action": action.pk}),
        "action_delete": url("plans:action_delete", kwargs={**pr, "action": action.pk}),
        "action_history": url("plans:action_history", kwargs={**pr, "action": action.pk}),
        "framework": url("indicators:framework", kwargs=p),
        "indicator": url("performance:indicator", kwargs={**p, "code": indicator.code}),
        "indicator_charts": url("performance:indicator", kwargs={**p, "code": charted}),
        "scorecard": url("performance:scorecard", kwargs=pr),
        "dashboard": url("performance:dashboard", kwargs=pl),
        "indicator_create": url("indicators:indicator_create", kwargs=p),
        "indicator_edit": url("indicators:indicator_edit", kwargs={**p, "code": indicator.code}),
        "indicator_history": url(
            "indicators:indicator_history", kwargs={**p, "code": indicator.code}
        ),
        "target_create": url("indicators:target_create", kwargs={**p, "code": indicator.code}),
        "target_edit": url("indicators:target_edit", kwargs=tg),
        "target_delete": url("indicators:target_delete", kwargs=tg),
        "target_history": url("indicators:target_history", kwargs=tg),
        "data_import": url("indicators:data_import", kwargs=p),
        "import_job_running": url(
            "indicators:import_job", kwargs={**p, "job": _running_import_job(stockton).pk}
        ),
        "group_list": url("governance:group_list", kwargs=p),
        "group": url("governance:group_detail", kwargs={**p, "group": group.pk}),
        "group_create": url("governance:group_create", kwargs=p),
        "group_edit": url("governance:group_edit", kwargs={**p, "group": group.pk}),
        "group_history": url("governance:group_history", kwargs={**p, "group": group.pk}),
        "structure": url("governance:structure", kwargs=p),
        "relationship_create": url(
            "governance:relationship_create", kwargs={**p, "group": group.pk}
        ),
        "relationship_delete": url(
            "governance:relationship_delete",
            kwargs={**p, "group": relationship.from_group_id, "relationship": relationship.pk},
        ),
        "reports": url("reports:index", kwargs=p),
        "delivery_plan": url("reports:delivery_plan", kwargs=pl),
        "strategy_list": url("plans:strategy_list", kwargs=p),
        "strategy_create": url("plans:strategy_create", kwargs=p),
        "strategy_edit": url("plans:strategy_edit", kwargs={**p, "strategy": strategy.pk}),
        "glossary_create": url("plans:glossary_create", kwargs=p),
        "glossary_edit": url("plans:glossary_edit", kwargs={**p, "term": term.pk}),
        "kent_delivery_plan": url(
            "reports:delivery_plan", kwargs={"partnership": KENT, "plan": kent_plan.slug}
        ),
    }
    return DemoPages(urls, names)


def _demo_target(partnership: Any, indicator: Any) -> Any:
    """A target on the partnership's own area (the demo sets none)."""
    from partnership.indicators.services import period_for_label, target_set

    period = period_for_label(period_type=indicator.period_type, label="2025/26")
    return target_set(
        partnership=partnership,
        indicator=indicator,
        area=partnership.area,
        period=period,
        value=50,
        reason="Agreed by the board for the browser tests",
        by=None,
    )


def _demo_values(partnership: Any) -> str:
    """Figures for one of the plan's indicators (the demo loads none): Stockton, two statistical
    neighbours and England over three years, so its page draws both charts. Returns its code."""
    import datetime as dt
    import tempfile
    from pathlib import Path

    from partnership.areas.models import Area, Neighbour, NeighbourSet
    from partnership.indicators.importers import ImportOptions, import_file

    code = "eyfs-good-level-of-development"
    found, _ = NeighbourSet.objects.get_or_create(
        version="browser", defaults={"source": "Browser tests", "published": dt.date(2025, 1, 1)}
    )
    stockton = Area.objects.get(code="E06000004")
    for rank, neighbour in enumerate(["E06000001", "E06000005"], start=1):
        Neighbour.objects.get_or_create(
            set=found, area=stockton, rank=rank, neighbour=Area.objects.get(code=neighbour)
        )
    lines = ["Indicator code,Area code,Period,Value,Lower 95%,Upper 95%"]
    for year, values in (
        ("2021/22", (65.2, 61.0, 63.5, 70.1)),
        ("2022/23", (67.2, 65.0, 66.0, 68.0)),
        ("2023/24", (67.7, 64.1, 66.0, 70.0)),
    ):
        for area, value in zip(
            ("E92000001", "E06000004", "E06000001", "E06000005"), values, strict=True
        ):
            lines.append(f"{code},{area},{year},{value},{value - 1.6:.1f},{value + 1.6:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "values.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        import_file(path=path, format="template", options=ImportOptions(partnership=partnership))
    return code


def _running_import_job(partnership: Any) -> Any:
    """An upload part-way through its check, to show the progress bar."""
    from django.core.files.base import ContentFile

    from partnership.indicators.models import ImportJob, ImportJobStatus

    job = ImportJob(
        partnership=partnership,
        source_name="lait-extract.csv",
        format="lait",
        status=ImportJobStatus.CHECKING,
        rows_total=641_070,
        rows_done=250_000,
    )
    job.file.save("lait-extract.csv", ContentFile(b"Short Desc\n"), save=False)
    job.save()
    return job


def reading_pages(u: DemoPages) -> list[Visit]:
    """The pages anyone may read: what the public sees, and (with edit controls) the officer."""
    return [
        Visit("Home", u["home"]),
        Visit("Accessibility statement", u["accessibility"]),
        Visit("Partnership home", u["partnership_home"]),
        Visit("Plans list", u["plan_list"]),
        Visit("Stockton plan", u["plan"]),
        Visit("Kent plan", u["kent_plan"]),
        Visit("Kent outcome page", u["kent_priority"]),
        Visit("Priority page", u["priority"]),
        Visit("Section page", u["section"]),
        Visit("Key action page", u["action"]),
        Visit("Key actions filtered by lead group", u["action_list"]),
        Visit("Performance framework", u["framework"]),
        Visit("Indicator page", u["indicator"]),
        Visit("Indicator page with its charts", u["indicator_charts"], then=shows_charts(2)),
        Visit(
            # Hartlepool has no neighbours in the browser tests' set: a trend and no comparison.
            "Indicator page for another local authority",
            u["indicator_charts"] + "?area=805",
            then=shows_charts(1),
        ),
        Visit("Indicator page, unknown local authority", u["indicator_charts"] + "?area=nowhere"),
        Visit("Priority scorecard", u["scorecard"]),
        Visit(
            "Priority scorecard sorted and filtered",
            u["scorecard"] + "?sort=-band&rating=red&rating=none&direction=worsened",
        ),
        Visit("Performance dashboard", u["dashboard"]),
        Visit("Performance dashboard for another local authority", u["dashboard"] + "?area=805"),
        Visit("Groups list", u["group_list"]),
        Visit("Group page", u["group"]),
        Visit("Governance structure", u["structure"], then=shows_diagram),
        Visit("Reports index", u["reports"]),
        Visit("Linked plans, strategies and glossary", u["strategy_list"]),
        Visit("Stockton delivery plan", u["delivery_plan"]),
        Visit("Kent delivery plan", u["kent_delivery_plan"]),
        Visit("404 page (no such address)", "/no-such-page/", status=404),
    ]


# The tests -------------------------------------------------------------------------------------


def serve_error_500_page(context: Any) -> str:
    """The 500 page cannot be provoked on purpose: render it as the error handler does and
    serve it at an address on the live server, so its stylesheet loads as it would."""
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    address = "/__error-500__/"
    context.route(
        f"**{address}",
        lambda route: route.fulfill(status=500, body=html, content_type="text/html; charset=utf-8"),
    )
    return address


def test_every_public_page_passes_axe(audit: Audit) -> None:
    u = demo_pages()
    error_500 = serve_error_500_page(audit.page.context)
    audit.run(
        [
            *reading_pages(u),
            Visit("500 page", error_500, status=500),
            Visit("Sign-in page", u["sign_in"]),
            Visit("Sign-in page with errors", u["sign_in"], then=submit_empty_to(200)),
            Visit("Sign-in page, wrong password", u["sign_in"], then=wrong_password),
            Visit("404 page (draft plan, not signed in)", u["draft_plan"], status=404),
        ]
    )
    audit.assert_clean()
    assert len(audit.checked) == len(reading_pages(u)) + 5


def officer_form_pages(u: DemoPages) -> list[Visit]:
    """Every form the officer uses: as it first appears, then sent back with its errors."""
    return [
        Visit("Password change", u["password_change"]),
        Visit("Password change with errors", u["password_change"], then=submit_empty_to(200)),
        # Create forms: empty, then submitted empty.
        Visit("Create plan", u["plan_create"]),
        Visit("Create plan with errors", u["plan_create"], then=plan_form_with_bad_input),
        Visit("Add section", u["section_create"]),
        Visit("Add section with errors", u["section_create"], then=submit_empty),
        Visit("Add priority", u["priority_create"]),
        Visit("Add priority with errors", u["priority_create"], then=submit_empty),
        Visit("Add success criterion", u["criterion_create"]),
        Visit("Add success criterion with errors", u["criterion_create"], then=submit_empty),
        Visit("Add indicator link", u["indicator_link_create"]),
        Visit("Add indicator link with errors", u["indicator_link_create"], then=submit_empty),
        Visit("Add key action", u["action_create"]),
        Visit("Add key action with errors", u["action_create"], then=action_form_with_bad_dates),
        Visit("Add indicator", u["indicator_create"]),
        Visit("Add indicator with errors", u["indicator_create"], then=submit_cleared),
        Visit("Add linked plan or strategy", u["strategy_create"]),
        Visit(
            "Add linked plan or strategy with errors", u["strategy_create"], then=bad_web_address
        ),
        Visit("Add glossary term", u["glossary_create"]),
        Visit("Add glossary term with errors", u["glossary_create"], then=submit_empty),
        Visit("Add group", u["group_create"]),
        Visit("Add group with errors", u["group_create"], then=submit_empty),
        Visit("Add group with a kind but no name", u["group_create"], then=group_form_without_name),
        Visit("Add relationship", u["relationship_create"]),
        Visit("Add relationship with errors", u["relationship_create"], then=submit_empty),
        Visit("Remove relationship", u["relationship_delete"]),
        # Edit forms: as filled in, then with their text cleared.
        Visit("Edit plan", u["plan_edit"]),
        Visit("Edit plan with errors", u["plan_edit"], then=submit_cleared),
        Visit("Edit section", u["section_edit"]),
        Visit("Edit section with errors", u["section_edit"], then=submit_cleared),
        Visit("Edit priority", u["priority_edit"]),
        Visit("Edit priority with errors", u["priority_edit"], then=submit_cleared),
        Visit("Edit success criterion", u["criterion_edit"]),
        Visit("Edit success criterion with errors", u["criterion_edit"], then=submit_cleared),
        Visit("Edit key action", u["action_edit"]),
        Visit("Edit key action with errors", u["action_edit"], then=submit_cleared),
        Visit("Edit indicator", u["indicator_edit"]),
        Visit("Edit indicator with errors", u["indicator_edit"], then=submit_cleared),
        Visit("Edit linked plan or strategy", u["strategy_edit"]),
        Visit("Edit linked plan or strategy with errors", u["strategy_edit"], then=submit_cleared),
        Visit("Edit glossary term", u["glossary_edit"]),
        Visit("Edit glossary term with errors", u["glossary_edit"], then=submit_cleared),
        Visit("Plan status", u["plan_status"]),
        Visit("Plan status with errors", u["plan_status"], then=submit_empty),
        Visit("Edit group", u["group_edit"]),
        Visit("Edit group with errors", u["group_edit"], then=submit_cleared),
        Visit("Add target", u["target_create"]),
        Visit("Add target with errors", u["target_create"], then=submit_cleared),
        Visit("Edit target", u["target_edit"]),
        Visit("Edit target with errors", u["target_edit"], then=submit_cleared),
        Visit("Delete target", u["target_delete"]),
        # Delete confirmations.
        Visit("Delete plan", u["plan_delete"]),
        Visit("Delete section", u["section_delete"]),
        Visit("Delete priority", u["priority_delete"]),
        Visit("Delete success criterion", u["criterion_delete"]),
        Visit("Remove indicator link", u["indicator_link_delete"]),
        Visit("Delete key action", u["action_delete"]),
        # Import: empty, sent empty, a broken file, a file for another partnership.
        Visit("Import plan file", u["plan_import"]),
        Visit("Import plan file with errors", u["plan_import"], then=submit_empty),
        Visit(
            "Import plan file: problems in the file",
            u["plan_import"],
            then=upload("broken.yaml", BROKEN_PLAN_FILE, 400, expect="Problems in the file"),
        ),
        Visit(
            "Import plan file: another partnership's file",
            u["plan_import"],
            then=upload("kent-cypf.yaml", KENT_PLAN_FILE.read_bytes(), 400, expect="“kent”"),
        ),
    ]


def test_every_officer_page_passes_axe(audit: Audit, sign_in_as: Any, live_demo: Any) -> None:
    """The officer sees every edit control; every form is checked empty and with its errors."""
    u = demo_pages()
    sign_in_as(audit.page, live_demo, "officer")
    audit.run(
        [
            *reading_pages(u),
            Visit("Draft plan (officer)", u["draft_plan"]),
            *officer_form_pages(u),
            # A change to each thing that has a history page, saved through its form.
            Visit("Plan saved", u["plan_edit"], then=change_field("Vision", "A changed vision")),
            Visit("Section saved", u["section_edit"], then=change_field("Heading", "New heading")),
            Visit("Priority saved", u["priority_edit"], then=change_field("Title", "New title")),
            Visit("Key action saved", u["action_edit"], then=change_field("Key action", "New")),
            Visit("Indicator saved", u["indicator_edit"], then=change_field("Unit", "per 1,000")),
            Visit("Group saved", u["group_edit"], then=change_field("Description", "Changed")),
            Visit("Priority moved", u["plan"], then=click_button("Move down Priority 1")),
        ]
    )
    changed_by_officer = expect_text("by Partnership officer")
    audit.run(
        [
            Visit("Plan history", u["plan_history"], then=changed_by_officer),
            Visit("Section history", u["section_history"], then=changed_by_officer),
            Visit("Priority history", u["priority_history"], then=changed_by_officer),
            Visit("Key action history", u["action_history"], then=changed_by_officer),
            Visit("Indicator history", u["indicator_history"], then=changed_by_officer),
            Visit("Group history", u["group_history"], then=changed_by_officer),
            Visit("Target history", u["target_history"]),
            Visit("Password changed", u["password_change"], then=change_password),
        ]
    )
    audit.assert_clean()
    assert len(audit.checked) == len(reading_pages(u)) + len(officer_form_pages(u)) + 16


def test_import_preview_passes_axe(audit: Audit, sign_in_as: Any, live_demo: Any) -> None:
    """Kent's own plan file, previewed in Kent by the administrator (the officer works only in
    Stockton): once as it is (nothing to change), once with a change to list."""
    u = demo_pages()
    sign_in_as(audit.page, live_demo, "administrator")
    from partnership.web.demo import demo_plan_source

    # As the demo imported it: the test suite's areas lack the districts the file names.
    kent_file = demo_plan_source(KENT_PLAN_FILE)
    changed = kent_file.replace(KENT_TITLE, KENT_TITLE + b" (revised)")
    assert changed != kent_file
    audit.run(
        [
            Visit(
                "Import preview (Kent's file as it is)",
                u["kent_plan_import"],
                then=upload("kent-cypf.yaml", kent_file, 200, expect="changes nothing"),
            ),
            Visit(
                "Import preview (Kent's file, changed)",
                u["kent_plan_import"],
                then=upload("kent-cypf.yaml", changed, 200, expect="Every change"),
            ),
        ]
    )
    audit.page.locator(".govuk-details__summary").click()
    audit.check_current("Import preview with its list of changes open")
    audit.assert_clean()
    assert "(revised)" in audit.page.locator(".govuk-details").inner_text()


# Two LAIT rows for Trafford: the first upload adds them; the second has an unknown LA Number.
VALUES_FILE = (
    b"Short Desc,Years,LA and Regions,Values,LA Number,Region,Topic,Measure,Polarity,"
    b"y_axis_name,Year_Type,dps\n"
    b"LAC,2024,Trafford,58.1,358,North West,Children Looked After,Children looked after rate "
    b"per 10000,-,Rate per 10000,Annual,0\n"
    b"LAC,2025,Trafford,61.2,358,North West,Children Looked After,Children looked after rate "
    b"per 10000,-,Rate per 10000,Annual,0\n"
)
BAD_VALUES_FILE = VALUES_FILE.replace(b",358,", b",999,", 1)
# A DfE tidy file no mapping covers yet.
TIDY_FILE = (
    b"time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    b"region_name,old_la_code,new_la_code,la_name,care_type,children_count,population,rate\n"
    b"2025,Reporting year,National,E92000001,England,,,,,,Foster care,50000,12000000,41.7\n"
    b"2025,Reporting year,Local authority,E92000001,England,E12000002,North West,358,"
    b"E08000009,Trafford,Foster care,200,50000,40\n"
)


def upload_values(content: bytes, expect: str) -> Callable[[Any], None]:
    def then(page: Any) -> None:
        page.get_by_label("Data file").set_input_files(
            {"name": "values.csv", "mimeType": "text/csv", "buffer": content}
        )
        with page.expect_navigation():
            main_form_submit(page).click()
        expect_text(expect)(page)

    return then


def test_importing_values_passes_axe(audit: Audit, sign_in_as: Any, live_demo: Any) -> None:
    """The import journey: the upload form, its errors, a running check's progress bar, a file
    with problems, the preview, then the result (as the administrator: LAIT's indicators are
    national, which only an administrator may import); then, as the officer, a DfE tidy file
    whose columns are mapped."""
    u = demo_pages()
    sign_in_as(audit.page, live_demo, "administrator")
    audit.run(
        [
            Visit("Import values", u["data_import"]),
            Visit("Import values with errors", u["data_import"], then=submit_empty),
            Visit("Import values: checking, with a progress bar", u["import_job_running"]),
            Visit(
                "Import values: a file with problems",
                u["data_import"],
                then=upload_values(BAD_VALUES_FILE, "The file has problems"),
            ),
            Visit(
                "Import values: the preview",
                u["data_import"],
                then=upload_values(VALUES_FILE, "Check what the import will change"),
            ),
        ]
    )
    page = audit.page
    page.locator(".govuk-details__summary").click()
    audit.check_current("Import values: the preview with its examples open")
    audit.finish()  # axe's answer is lost if the page moves on before it is collected
    with page.expect_navigation():
        page.get_by_role("button", name="Import these values").click()
    assert "Values imported" in page.locator("main").inner_text()
    audit.check_current("Import values: imported")
    audit.finish()
    sign_in_as(audit.page, live_demo, "officer")
    audit.run(
        [
            Visit(
                "Import values: a tidy file waiting for its columns to be mapped",
                u["data_import"],
                then=upload_values(TIDY_FILE, "Say what the file's columns mean"),
            )
        ]
    )
    page = audit.page
    with page.expect_navigation():
        page.get_by_role("link", name="Map the columns").click()
    audit.check_current("Map a file's columns")
    audit.finish()
    submit(page)
    assert page.locator(".govuk-error-summary").is_visible()
    audit.check_current("Map a file's columns, with errors")
    audit.assert_clean()
    progress = page.context.new_page()
    progress.goto(live_demo.url.rstrip("/") + u["import_job_running"])
    assert progress.locator("progress").get_attribute("value") == "38"
    progress.close()


def test_permission_denied_page_passes_axe(audit: Audit, sign_in_as: Any, live_demo: Any) -> None:
    u = demo_pages()
    sign_in_as(audit.page, live_demo, "contributor")
    audit.run(
        [
            Visit("403 page (contributor editing the plan)", u["plan_edit"], status=403),
            Visit("403 page (contributor adding a group)", u["group_create"], status=403),
        ]
    )
    audit.assert_clean()
    assert "You do not have permission" in audit.page.locator("h1").inner_text()


# Delivery tracking ------------------------------------------------------------------------------

DEMO_ROUND = "Mid-year 2015/16"  # the demo's closed round (src/partnership/web/demo.py)
OPEN_ROUND = "Year-end 2015/16 (browser tests)"
LEAD_GROUP = "Early Help Implementation Team"  # the demo contributor's group
COMMENT_LABEL = "Your comment for the board"  # the champion's comment form


def delivery_pages() -> DemoPages:
    """Addresses of the delivery pages: the demo's closed round (made here, through the
    services, if the demo has not got one), and an open round made here for the first two
    priorities, with the lead group's actions, a milestone and an action at risk to show."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from partnership.governance.models import Group
    from partnership.plans import delivery
    from partnership.plans.delivery_models import ActionStatus, UpdateRound
    from partnership.plans.models import KeyAction, Plan, PlanStatus
    from partnership.web.models import User

    plan = Plan.objects.get(partnership__slug=STOCKTON, status=PlanStatus.ADOPTED)
    officer = User.objects.get(username="officer")
    board = User.objects.get(username="board")
    group = Group.objects.get(partnership=plan.partnership, name=LEAD_GROUP)
    priorities = list(plan.priorities.order_by("order"))
    led = list(
        KeyAction.objects.filter(priority__plan=plan, lead_groups=group).order_by(
            "priority__order", "order"
        )
    )
    assert len(priorities) >= 2 and led, "the demo plan has no actions led by " + LEAD_GROUP

    closed = UpdateRound.objects.filter(plan=plan, title=DEMO_ROUND).first()
    if closed is None:  # the demo did not load its round: make one like it
        london = ZoneInfo("Europe/London")
        for priority in priorities:
            delivery.priority_set_champion(priority=priority, champion=board, by=officer)
        closed = delivery.round_open(
            plan=plan,
            by=officer,
            title=DEMO_ROUND,
            deadline=dt.date(2015, 11, 27),
            priorities=priorities,
            now=dt.datetime(2015, 11, 2, 9, tzinfo=london),
            notify=False,
        )
        delivery.action_record_progress(
            action=led[-1],
            by=officer,
            status=ActionStatus.AT_RISK,
            progress=30,
            narrative="Fewer early help assessments were started than planned.",
            remedial_action="Briefings for GP practices and every secondary school.",
            remedial_owner="Head of Early Help",
            now=dt.datetime(2015, 11, 24, 11, tzinfo=london),
        )
        delivery.round_close(
            update_round=closed,
            by=officer,
            now=dt.datetime(2015, 12, 4, 16, tzinfo=london),
            notify=False,
        )
    # The lead group's actions in the first two priorities, one of them at risk.
    for a in led:
        a.refresh_from_db()
    in_round = [a for a in led if a.priority.order <= priorities[1].order] or led[:1]
    exception = next((a for a in in_round if a.status == ActionStatus.AT_RISK), None)
    if exception is None:
        exception = in_round[0]
        delivery.action_record_progress(
            action=exception,
            by=officer,
            status=ActionStatus.AT_RISK,
            narrative="Fewer early help assessments were started than planned.",
            remedial_action="Briefings for GP practices and every secondary school.",
            remedial_owner="Head of Early Help",
        )
    scope = sorted({priorities[0].pk, priorities[1].pk, exception.priority_id})
    open_round = delivery.round_open(
        plan=plan,
        by=officer,
        title=OPEN_ROUND,
        deadline=timezone.localdate() + dt.timedelta(days=21),
        priorities=[p for p in priorities if p.pk in scope],
        message="Tell us how each action your group leads is going, for the year-end report.",
    )
    action = exception
    milestone = action.milestones.order_by("due_date", "order").first()
    if milestone is None:
        milestone = delivery.milestone_create(
            action=action,
            by=officer,
            title="Briefings given in every secondary school",
            due_date=dt.date(2016, 1, 31),
        )
    compiled = closed.compilations.select_related("priority").order_by("priority__order")
    first_compiled = compiled.first()
    # A priority whose compiled update says an action sent nothing, if the round has one.
    unanswered = next(
        (c for c in compiled if c.content.get("updated", 0) < len(c.content.get("items", []))),
        first_compiled,
    )
    assert first_compiled is not None and unanswered is not None

    names: set[str] = set()

    def url(name: str, **kwargs: Any) -> str:
        names.add(name)
        return reverse(name, kwargs={"partnership": STOCKTON, **kwargs})

    def akw(a: Any) -> dict[str, Any]:
        return {"plan": plan.slug, "priority": a.priority_id, "action": a.pk}

    mkw = {**akw(action), "milestone": milestone.pk}
    urls = {
        "home": url("delivery:home"),
        "my_actions": url("delivery:my_actions"),
        "exceptions": url("delivery:exceptions"),
        "round_create": url("delivery:round_create", plan=plan.slug),
        "closed_round": url("delivery:round_detail", round=closed.pk),
        "open_round": url("delivery:round_detail", round=open_round.pk),
        "round_close": url("delivery:round_close", round=open_round.pk),
        "todo": url("delivery:round_group", round=open_round.pk, group=group.pk),
        "closed_todo": url("delivery:round_group", round=closed.pk, group=group.pk),
        "compilation": url(
            "delivery:compilation", round=closed.pk, priority=first_compiled.priority_id
        ),
        "compilation_unanswered": url(
            "delivery:compilation", round=closed.pk, priority=unanswered.priority_id
        ),
        "champion": url("delivery:champion", plan=plan.slug, priority=first_compiled.priority_id),
        "action_update": url("delivery:action_update", **akw(action)),
        "remedial": url("delivery:remedial", **akw(action)),
        "milestone_create": url("delivery:milestone_create", **akw(action)),
        "milestone_edit": url("delivery:milestone_edit", **mkw),
        "milestone_delete": url("delivery:milestone_delete", **mkw),
        # The action page, with its delivery section for the partnership's own people.
        "action": url("plans:action_detail", **akw(action)),
        # Another action the lead group leads (the first), for the contributor's update form.
        "led_action_update": url("delivery:action_update", **akw(led[0])),
        "led_action": url("plans:action_detail", **akw(led[0])),
    }
    return DemoPages(urls, names)


def lacks_text(text: str) -> Callable[[Any], None]:
    def then(page: Any) -> None:
        assert text not in page.locator("main").inner_text(), f"the page says “{text}”"

    return then


def summary_links_land_on_fields(page: Any) -> None:
    """Each link of the error summary moves the focus to a form field (a text box, a radio, a
    checkbox, a date's day box, a file input): not to a fieldset, a label or nothing."""
    links = page.locator(".govuk-error-summary__list a")
    assert links.count(), "the error summary has no links"
    for i in range(links.count()):
        link = links.nth(i)
        text = link.inner_text()
        link.click()
        focused = page.evaluate(
            """() => { const e = document.activeElement;
              return {tag: e.tagName.toLowerCase(), id: e.id, type: e.type || ''}; }"""
        )
        assert focused["tag"] in {"input", "textarea", "select"}, (
            f"the error summary link “{text}” (to {link.get_attribute('href')}) leaves the "
            f"focus on {focused}, not on its field"
        )
        page.evaluate("() => window.scrollTo(0, 0)")


def submit_with_errors(prepare: Callable[[Any], None] | None = None) -> Callable[[Any], None]:
    """Fill in the form with ``prepare``, send it, expect it back (400) with an error summary
    whose links each land on a field."""

    def then(page: Any) -> None:
        if prepare is not None:
            prepare(page)
        submit_empty(page)
        summary_links_land_on_fields(page)

    return then


def fill_gov_date(page: Any, field: str, day: str, month: str, year: str) -> None:
    page.locator(f"#id_{field}_0").fill(day)
    page.locator(f"#id_{field}_1").fill(month)
    page.locator(f"#id_{field}_2").fill(year)


def uncheck_all(page: Any) -> None:
    page.locator("main form input[type=checkbox], main form input[type=radio]").evaluate_all(
        "boxes => boxes.forEach(box => { box.checked = false; })"
    )


def round_without_anything(page: Any) -> None:
    """No name, no deadline, no priority ticked (the free ones start ticked)."""
    uncheck_all(page)


def round_past_deadline_busy_priority(page: Any) -> None:
    """What only the service can refuse: a deadline gone by, a priority in the open round."""
    page.locator("#id_title").fill("Another round")
    fill_gov_date(page, "deadline", "1", "4", "2020")
    uncheck_all(page)
    page.locator("main form input[type=checkbox]").first.check()


def round_impossible_date(page: Any) -> None:
    page.locator("#id_title").fill("Another round")
    fill_gov_date(page, "deadline", "31", "2", "2030")


def champion_not_listed(page: Any) -> None:
    """A choice that is not one of the board members listed (as a stale or altered page
    sends): the only way this form can go wrong."""
    page.locator("main form input[type=radio]").last.evaluate(
        "radio => { radio.value = '999999'; radio.checked = true; }"
    )


def remedial_cleared_bad_date(page: Any) -> None:
    clear_form(page)
    fill_gov_date(page, "remedial_due", "31", "2", "2026")


def update_nothing_chosen(page: Any) -> None:
    """No status, no narrative, an evidence link with a title and no address, progress 140."""
    uncheck_all(page)
    clear_form(page)
    page.locator("#id_progress").fill("140")
    page.locator("#id_link_title_1").fill("Board report")


def update_at_risk_without_remedial(page: Any) -> None:
    page.get_by_label("At risk", exact=True).check()
    page.locator("#id_narrative").fill("Fewer early help assessments were started than planned.")
    page.locator("#id_remedial_action").fill("")
    page.locator("#id_remedial_owner").fill("")


def update_with_a_program_as_evidence(page: Any) -> None:
    """A file of a kind the service does not keep: its error comes from the service."""
    page.locator("#id_narrative").fill("The briefings are booked.")
    page.get_by_label("Evidence file (optional)").set_input_files(
        {"name": "briefing.exe", "mimeType": "application/octet-stream", "buffer": b"MZ\x90\x00"}
    )


def milestone_reached_in_future(page: Any) -> None:
    import datetime as dt

    next_year = str(dt.date.today().year + 1)
    fill_gov_date(page, "completed_on", "1", "4", next_year)


def milestone_impossible_dates(page: Any) -> None:
    page.locator("#id_title").fill("Briefings given")
    fill_gov_date(page, "due_date", "31", "2", "2026")
    fill_gov_date(page, "completed_on", "1", "", "2026")


def officer_delivery_pages(d: DemoPages) -> list[Visit]:
    return [
        Visit("Delivery home", d["home"]),
        Visit("Every key action and its status", d["my_actions"]),
        Visit("Actions at risk or off track", d["exceptions"]),
        Visit("Open an update round", d["round_create"]),
        Visit(
            "Open an update round with errors",
            d["round_create"],
            then=submit_with_errors(round_without_anything),
        ),
        Visit(
            "Open an update round: past deadline, priority in another round",
            d["round_create"],
            then=submit_with_errors(round_past_deadline_busy_priority),
        ),
        Visit(
            "Open an update round: a date that does not exist",
            d["round_create"],
            then=submit_with_errors(round_impossible_date),
        ),
        Visit("Closed update round (the demo's)", d["closed_round"]),
        Visit("Open update round", d["open_round"]),
        Visit("Close the round?", d["round_close"]),
        Visit("A lead group's to-do list", d["todo"]),
        Visit("A lead group's to-do list in a closed round", d["closed_todo"]),
        Visit(
            "Compiled update (officer: no comment form)",
            d["compilation"],
            then=lacks_text(COMMENT_LABEL),
        ),
        Visit("Compiled update with an action that sent nothing", d["compilation_unanswered"]),
        Visit("Champion of a priority", d["champion"]),
        Visit(
            "Champion of a priority with errors",
            d["champion"],
            then=submit_with_errors(champion_not_listed),
        ),
        Visit("Key action page with its delivery section", d["action"]),
        Visit("Update progress", d["action_update"]),
        Visit(
            "Update progress with errors",
            d["action_update"],
            then=submit_with_errors(update_nothing_chosen),
        ),
        Visit(
            "Update progress: at risk without a remedial action",
            d["action_update"],
            then=submit_with_errors(update_at_risk_without_remedial),
        ),
        Visit(
            "Update progress: a file not kept as evidence",
            d["action_update"],
            then=submit_with_errors(update_with_a_program_as_evidence),
        ),
        Visit("Record the agreed remedial action", d["remedial"]),
        Visit(
            "Record the agreed remedial action with errors",
            d["remedial"],
            then=submit_with_errors(remedial_cleared_bad_date),
        ),
        Visit("Add a milestone", d["milestone_create"]),
        Visit("Add a milestone with errors", d["milestone_create"], then=submit_with_errors()),
        Visit(
            "Add a milestone: dates that do not exist",
            d["milestone_create"],
            then=submit_with_errors(milestone_impossible_dates),
        ),
        Visit("Edit a milestone", d["milestone_edit"]),
        Visit(
            "Edit a milestone with errors", d["milestone_edit"], then=submit_with_errors(clear_form)
        ),
        Visit(
            "Edit a milestone: reached in the future",
            d["milestone_edit"],
            then=submit_with_errors(milestone_reached_in_future),
        ),
        Visit("Delete a milestone", d["milestone_delete"]),
    ]


def test_every_delivery_page_passes_axe_as_the_officer(
    audit: Audit, sign_in_as: Any, live_demo: Any
) -> None:
    """The officer runs the rounds and sees every control; every form empty, then with each
    kind of error it can show (the form's own, and the service's)."""
    d = delivery_pages()
    sign_in_as(audit.page, live_demo, "officer")
    visits = officer_delivery_pages(d)
    audit.run(visits)
    audit.assert_clean()
    assert len(audit.checked) == len(visits)


def contributor_delivery_pages(d: DemoPages) -> list[Visit]:
    return [
        Visit("Delivery home (contributor)", d["home"]),
        Visit("Actions your groups lead", d["my_actions"]),
        Visit(
            "A lead group's to-do list (contributor)",
            d["todo"],
            then=expect_text("Update progress"),
        ),
        Visit("Key action page (contributor)", d["led_action"]),
        Visit("Update progress (contributor)", d["led_action_update"]),
        Visit(
            "Update progress with errors (contributor)",
            d["led_action_update"],
            then=submit_with_errors(update_at_risk_without_remedial),
        ),
        Visit("Add a milestone (contributor)", d["milestone_create"]),
        Visit("Actions at risk or off track (contributor)", d["exceptions"]),
        Visit("403 page (contributor opening a round)", d["round_create"], status=403),
    ]


def champion_delivery_pages(d: DemoPages) -> list[Visit]:
    return [
        Visit("Delivery home (board member)", d["home"]),
        Visit("Closed update round (board member)", d["closed_round"]),
        Visit(
            "Compiled update with the comment form (champion)",
            d["compilation"],
            then=expect_text(COMMENT_LABEL),
        ),
        Visit(
            "Compiled update, comment sent empty (champion)",
            d["compilation"],
            then=submit_with_errors(),
        ),
        Visit("Key action page (board member)", d["action"]),
    ]


def test_every_delivery_page_passes_axe_as_a_contributor_and_the_champion(
    audit: Audit, sign_in_as: Any, live_demo: Any
) -> None:
    """The lead group's contributor updates its actions; the board member who champions the
    priorities reads their compiled updates and comments on them."""
    d = delivery_pages()
    sign_in_as(audit.page, live_demo, "contributor")
    contributor = contributor_delivery_pages(d)
    audit.run(contributor)
    sign_in_as(audit.page, live_demo, "board")
    champion = champion_delivery_pages(d)
    audit.run(champion)
    audit.assert_clean()
    assert len(audit.checked) == len(contributor) + len(champion)


@pytest.mark.skipif(
    os.environ.get("SAVE_SCREENSHOTS", "").strip() != "1",
    reason="screenshots are saved only when SAVE_SCREENSHOTS=1",
)
def test_save_delivery_screenshots(
    page: Any, live_demo: Any, sign_in_as: Any, save_screenshot: Any
) -> None:
    """The main delivery pages, for people to look at (test-artifacts/screenshots/)."""
    d = delivery_pages()
    saved = []

    def shot(name: str, path: str, then: Callable[[Any], None] | None = None) -> None:
        page.goto(live_demo.at(path))
        if then is not None:
            then(page)
        saved.append(save_screenshot(page, f"delivery-{name}"))

    sign_in_as(page, live_demo, "officer")
    shot("home", d["home"])
    shot("every-action", d["my_actions"])
    shot("exceptions", d["exceptions"])
    shot("round-create-errors", d["round_create"], submit_with_errors(round_without_anything))
    shot("round-open", d["open_round"])
    shot("round-closed", d["closed_round"])
    shot("round-close-confirm", d["round_close"])
    shot("todo", d["todo"])
    shot("compilation", d["compilation"])
    shot("champion", d["champion"])
    shot("action-page", d["action"])
    shot("update-form", d["action_update"])
    shot("update-form-errors", d["action_update"], submit_with_errors(update_nothing_chosen))
    shot("remedial-errors", d["remedial"], submit_with_errors(remedial_cleared_bad_date))
    shot("milestone-errors", d["milestone_create"], submit_with_errors(milestone_impossible_dates))
    sign_in_as(page, live_demo, "contributor")
    shot("contributor-my-actions", d["my_actions"])
    shot(
        "contributor-update-at-risk-errors",
        d["led_action_update"],
        submit_with_errors(update_at_risk_without_remedial),
    )
    sign_in_as(page, live_demo, "board")
    shot("champion-compilation-errors", d["compilation"], submit_with_errors())
    for path in saved:
        assert path is not None and path.stat().st_size > 10_000, path


# Governance: people, members, meetings, minutes, the forward plan, documents, search ------------

NOTTINGHAM = "nottingham"
NEWCASTLE = "newcastle-upon-tyne"
NOTTINGHAM_BOARD = "Children's Partnership Board"  # data/demo/nottingham-governance.yaml
GOV_CONTACT = "The browser page tests"  # marks the meetings made here
GOV_CONTACT_NEXT = "The browser page tests (next meeting)"
GOV_MEMBER = "Browser Test Member"
GOV_ITEM = "Young carers' strategy"
GOV_SUGGESTION = "Young carers' services update"
GOV_FUTURE_ITEMS = ("Partner updates", "Children and Young People's Plan: the final version")
SEARCH_LABEL = "Search published agendas, minutes, one-minute guides and papers"


def _small_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _governance_scene(board: Any, officer: Any, board_user: Any) -> dict[str, Any]:
    """What the demo lacks, made through the services as the governance officer would: a member
    with a registered interest and a spare post; a held meeting of March 2021 with a published
    agenda, a link, a paper, a declaration, minutes circulated with an action arising and a
    one-minute guide in draft; a tentative meeting to come, its agenda not yet published; a
    board member's suggestion for the forward plan."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from partnership.governance import forward, guide, meetings, people
    from partnership.governance import minutes as minutes_service
    from partnership.governance.meeting_models import Meeting, MeetingStatus

    held = Meeting.objects.filter(group=board, contact=GOV_CONTACT).first()
    if held is None:
        london = ZoneInfo("Europe/London")
        person = people.person_create(
            partnership=board.partnership,
            by=officer,
            name=GOV_MEMBER,
            organisation="Nottingham Academy",
        )
        interest = people.interest_add(
            person=person, by=officer, category="employment", description="Head teacher"
        )
        people.membership_add(
            group=board,
            person=person,
            by=officer,
            role="member",
            start_date=dt.date(2021, 2, 1),
            on_behalf_of="Secondary schools",
        )
        people.post_add(group=board, by=officer, title="Special schools representative")
        held = meetings.meeting_create(
            group=board,
            by=officer,
            start=dt.datetime(2021, 3, 16, 16, tzinfo=london),
            venue="Loxley House",
            contact=GOV_CONTACT,
            status=MeetingStatus.HELD,
        )
        item = meetings.agenda_item_add(
            meeting=held, by=officer, title=GOV_ITEM, presenter="Head of Early Help"
        )
        meetings.agenda_link_add(
            item=item,
            by=officer,
            report_title="Young carers' strategy 2021 to 2024",
            report_url="https://www.example.org/young-carers-strategy",
        )
        meetings.paper_upload(
            item=item,
            by=officer,
            title="Young carers' strategy (draft)",
            file=SimpleUploadedFile("strategy.pdf", _small_pdf(), "application/pdf"),
        )
        meetings.declaration_record(
            item=item,
            by=officer,
            person=person,
            kind="other-registerable",
            nature="Head teacher of a school the strategy names",
            action="remained",
            interest=interest,
        )
        meetings.agenda_publish(meeting=held, by=officer)
        minutes = minutes_service.minutes_for(held, by=officer)
        minutes_service.minutes_save(
            minutes=minutes,
            by=officer,
            seen_version=minutes.version,
            items={
                item.pk: minutes_service.ItemText(
                    "The Head of Early Help presented the draft strategy.",
                    ("The strategy was welcomed.",),
                    ("Resolved to note the draft strategy.",),
                )
            },
        )
        minutes_service.action_arising_add(
            item=item,
            by=officer,
            description="Share the draft strategy with every school",
            owner="Head of Early Help",
            due_date=dt.date(2021, 4, 30),
        )
        minutes.refresh_from_db()
        minutes_service.minutes_set_status(minutes=minutes, status="circulated", by=officer)
        guide.guide_draft_from_minutes(meeting=held, by=officer)
        soon = timezone.localtime() + dt.timedelta(days=60)
        future = meetings.meeting_create(
            group=board,
            by=officer,
            start=soon.replace(hour=16, minute=0, second=0, microsecond=0),
            venue="Loxley House",
            contact=GOV_CONTACT_NEXT,
            status=MeetingStatus.TENTATIVE,
        )
        for title in GOV_FUTURE_ITEMS:
            meetings.agenda_item_add(meeting=future, by=officer, title=title)
        forward.forward_item_suggest(group=board, by=board_user, title=GOV_SUGGESTION)
    item = held.items.get(title=GOV_ITEM)
    return {
        "held": held,
        "future": Meeting.objects.get(group=board, contact=GOV_CONTACT_NEXT),
        "item": item,
        "member": board.memberships.get(person__name=GOV_MEMBER),
    }


def governance_pages() -> DemoPages:
    """Addresses of every governance page: Nottingham's board from the demo (its meetings of
    29 September 2020 and 5 January 2021, their minutes published), Newcastle's meeting of
    23 October 2024 with its published one-minute guide, and what _governance_scene adds."""
    from partnership.governance import search
    from partnership.governance.meeting_models import ForwardPlanStatus, Meeting, Person
    from partnership.governance.models import Group
    from partnership.web.models import Partnership, User

    nottingham = Partnership.objects.get(slug=NOTTINGHAM)
    board = Group.objects.get(partnership=nottingham, name=NOTTINGHAM_BOARD)
    officer = User.objects.get(username="governance")
    board_user = User.objects.get(username="board")
    scene = _governance_scene(board, officer, board_user)
    held, future, item, member = scene["held"], scene["future"], scene["item"], scene["member"]
    january = Meeting.objects.get(group=board, start__year=2021, start__month=1)
    newcastle = Meeting.objects.get(group__partnership__slug=NEWCASTLE, start__year=2024)
    person, interest = member.person, member.person.interests.get()
    own = Person.objects.get(partnership=nottingham, user=board_user)
    post = board.posts.get(title="Special schools representative")
    future_item = future.items.get(title=GOV_FUTURE_ITEMS[0])
    link, paper, declaration = item.links.get(), item.papers.get(), item.declarations.get()
    action = item.actions_arising.get()
    suggested = board.forward_plan.filter(status=ForwardPlanStatus.SUGGESTED).exclude(
        title=GOV_SUGGESTION
    )
    suggestion = board.forward_plan.get(title=GOV_SUGGESTION)
    planned = board.forward_plan.filter(status=ForwardPlanStatus.PLANNED).first()
    assert suggested.exists() and planned is not None, "the demo's forward plan is incomplete"
    for partnership in (nottingham, newcastle.group.partnership):
        search.reindex(partnership=partnership)

    names: set[str] = set()

    def url(name: str, slug: str = NOTTINGHAM, **kwargs: Any) -> str:
        names.add(name)
        return reverse(name, kwargs={"partnership": slug, **kwargs})

    g = {"group": board.pk}
    nc = {"slug": NEWCASTLE, "meeting": newcastle.pk}
    urls = {
        # People and their registers of interests.
        "people": url("people:person_list"),
        "person_create": url("people:person_create"),
        "person": url("people:person_detail", person=person.pk),
        "person_edit": url("people:person_edit", person=person.pk),
        "person_history": url("people:person_history", person=person.pk),
        "interest_create": url("people:interest_create", person=person.pk),
        "interest_end": url("people:interest_end", person=person.pk, interest=interest.pk),
        "own_person": url("people:person_detail", person=own.pk),
        "own_interest_create": url("people:interest_create", person=own.pk),
        # The board's members and posts.
        "members": url("members:current", **g),
        "past_members": url("members:past", **g),
        "register": url("members:register", **g),
        "membership_create": url("members:membership_create", **g),
        "membership_edit": url("members:membership_edit", **g, membership=member.pk),
        "membership_end": url("members:membership_end", **g, membership=member.pk),
        "membership_replace": url("members:membership_replace", **g, membership=member.pk),
        "post_create": url("members:post_create", **g),
        "post_edit": url("members:post_edit", **g, post=post.pk),
        "post_delete": url("members:post_delete", **g, post=post.pk),
        # Meetings and their agendas.
        "meetings": url("meetings:meeting_list"),
        "board_meetings": url("meetings:meeting_list") + f"?group={board.pk}",
        "meeting_create": url("meetings:meeting_create"),
        "january": url("meetings:meeting_detail", meeting=january.pk),
        "held": url("meetings:meeting_detail", meeting=held.pk),
        "future": url("meetings:meeting_detail", meeting=future.pk),
        "newcastle": url("meetings:meeting_detail", **nc),
        "meeting_edit": url("meetings:meeting_edit", meeting=future.pk),
        "meeting_status": url("meetings:meeting_status", meeting=future.pk),
        "item_create": url("meetings:item_create", meeting=future.pk),
        "item_edit": url("meetings:item_edit", meeting=future.pk, item=future_item.pk),
        "item_delete": url("meetings:item_delete", meeting=future.pk, item=future_item.pk),
        "item_move": url("meetings:item_move", meeting=future.pk, item=future_item.pk),
        "standing_items_add": url("meetings:standing_items_add", meeting=future.pk),
        "agenda_publish": url("meetings:agenda_publish", meeting=future.pk),
        "link_create": url("meetings:link_create", meeting=held.pk, item=item.pk),
        "link_delete": url("meetings:link_delete", meeting=held.pk, item=item.pk, link=link.pk),
        "paper_upload": url("meetings:paper_upload", meeting=future.pk, item=future_item.pk),
        "paper_download": url("meetings:paper_download", paper=paper.pk),
        "paper_delete": url("meetings:paper_delete", paper=paper.pk),
        "attendance": url("meetings:attendance", meeting=held.pk),
        "attendance_add": url("meetings:attendance_add", meeting=held.pk),
        "declaration_create": url("meetings:declaration_create", meeting=held.pk),
        "declaration_delete": url(
            "meetings:declaration_delete", meeting=held.pk, declaration=declaration.pk
        ),
        "attendance_statistics": url("meetings:attendance_statistics", **g),
        # Minutes.
        "minutes": url("minutes:minutes_detail", meeting=held.pk),
        "january_minutes": url("minutes:minutes_detail", meeting=january.pk),
        "newcastle_minutes": url("minutes:minutes_detail", **nc),
        "minutes_edit": url("minutes:minutes_edit", meeting=held.pk),
        "january_minutes_edit": url("minutes:minutes_edit", meeting=january.pk),
        "minutes_status": url("minutes:minutes_status", meeting=held.pk),
        "minutes_versions": url("minutes:minutes_versions", meeting=held.pk),
        "january_minutes_versions": url("minutes:minutes_versions", meeting=january.pk),
        "minutes_compare": url("minutes:minutes_compare", meeting=held.pk),
        "minutes_amend": url("minutes:minutes_amend", meeting=january.pk),
        "confirm_previous": url("minutes:confirm_previous", meeting=future.pk),
        "action_add": url("minutes:action_add", meeting=held.pk, item=item.pk),
        "action_edit": url("minutes:action_edit", meeting=held.pk, action=action.pk),
        "matters_arising": url("minutes:matters_arising", meeting=future.pk),
        "matters_update": url("minutes:matters_update", meeting=future.pk, action=action.pk),
        "actions_open": url("minutes:actions_open"),
        # The forward plan.
        "forward": url("forward:forward_list", **g),
        "forward_add": url("forward:forward_add", **g),
        "forward_suggest": url("forward:forward_suggest", **g),
        "forward_accept": url("forward:forward_accept", **g, item=suggestion.pk),
        "forward_decline": url("forward:forward_decline", **g, item=suggested.first().pk),
        "forward_schedule": url("forward:forward_schedule", **g, item=planned.pk),
        # Documents: print pages (HTML), downloads, the guide, the feeds.
        "agenda_print": url("documents:agenda_print", meeting=january.pk),
        "held_agenda_print": url("documents:agenda_print", meeting=held.pk),
        "agenda_pdf": url("documents:agenda_pdf", meeting=january.pk),
        "agenda_docx": url("documents:agenda_docx", meeting=january.pk),
        "minutes_print": url("documents:minutes_print", meeting=january.pk),
        "minutes_pdf": url("documents:minutes_pdf", meeting=january.pk),
        "minutes_docx": url("documents:minutes_docx", meeting=january.pk),
        "guide": url("documents:guide_detail", **nc),
        "guide_pdf": url("documents:guide_pdf", **nc),
        "guide_docx": url("documents:guide_docx", **nc),
        "guide_unpublish": url("documents:guide_unpublish", **nc),
        "draft_guide": url("documents:guide_detail", meeting=held.pk),
        "draft_guide_pdf": url("documents:guide_pdf", meeting=held.pk),
        "guide_draft": url("documents:guide_draft", meeting=held.pk),
        "guide_edit": url("documents:guide_edit", meeting=held.pk),
        "guide_publish": url("documents:guide_publish", meeting=held.pk),
        "no_guide": url("documents:guide_detail", meeting=future.pk),
        "calendar": url("documents:group_calendar", **g),
        "feed": url("documents:feed"),
        "popolo": url("documents:popolo"),
        # Search.
        "search": url("search:search"),
        "newcastle_search": url("search:search", slug=NEWCASTLE),
    }
    return DemoPages(urls, names)


def click_to_post(
    button: str | re.Pattern[str], address: str, expect: str
) -> Callable[[Any], None]:
    """Click a button whose form posts to ``address`` (a POST-only address, which no visit can
    load), and check the page it leads back to says ``expect``."""

    def then(page: Any) -> None:
        with page.expect_request(lambda r: r.method == "POST") as sent, page.expect_navigation():
            page.get_by_role("button", name=button).first.click()
        assert sent.value.url.endswith(address), f"the button posted to {sent.value.url}"
        expect_text(expect)(page)

    return then


def meeting_time_impossible(page: Any) -> None:
    page.get_by_label("Start time").fill("25:00")
    fill_gov_date(page, "date", "31", "2", "2031")


def paper_not_a_pdf(page: Any) -> None:
    """A text file renamed .pdf: the service looks inside and says it is not a PDF."""
    page.get_by_label("Title", exact=True).fill("Partner updates")
    page.get_by_label("PDF file").set_input_files(
        {"name": "updates.pdf", "mimeType": "application/pdf", "buffer": b"Just some text.\n"}
    )
    submit_empty(page)
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "“updates.pdf” is not a PDF" in summary, summary


def minutes_saved_meanwhile(page: Any) -> None:
    """Someone saved the minutes since this copy was opened: the editor's text comes back
    beside the latest version, with the error summary."""
    page.locator("main form input[name=seen_version]").evaluate(
        "box => { box.value = String(Number(box.value) - 1); }"
    )
    page.locator("main form textarea").first.fill("Text typed while someone else saved.")
    submit_empty(page)


def action_dropped_without_reason(page: Any) -> None:
    page.get_by_label("Dropped", exact=True).check()
    page.get_by_label("What the meeting heard").fill("")


def search_for(text: str, status: int = 200) -> Callable[[Any], None]:
    def then(page: Any) -> None:
        page.get_by_label(SEARCH_LABEL).fill(text)
        with page.expect_response(lambda r: r.request.resource_type == "document") as answer:
            page.locator("main form").first.get_by_role("button", name="Search").click()
        page.wait_for_load_state()
        assert answer.value.status == status, f"HTTP {answer.value.status}, expected {status}"

    return then


def search_too_long(page: Any) -> None:
    search_for("early help " * 25, status=400)(page)  # 275 characters
    assert page.locator(".govuk-error-summary").is_visible(), "no error summary"
    summary_links_land_on_fields(page)


def public_governance_pages(g: DemoPages) -> list[Visit]:
    """What the public reads of the board: people, members, meetings, published minutes,
    documents, the guide and search."""
    return [
        Visit("People", g["people"]),
        Visit("People, searched", g["people"] + "?q=blackman"),
        Visit("A person and their register of interests", g["person"]),
        Visit("Current members", g["members"]),
        Visit("Past members", g["past_members"]),
        Visit("Register of interests", g["register"]),
        Visit("Meetings", g["meetings"]),
        Visit("Meetings of one group", g["board_meetings"]),
        Visit("Agenda of 5 January 2021 (items 12 to 22)", g["january"]),
        Visit("Agenda with a paper, a link and a declaration", g["held"]),
        Visit("Newcastle's agenda of 23 October 2024", g["newcastle"]),
        Visit("Attendance statistics", g["attendance_statistics"]),
        Visit("Published minutes", g["january_minutes"]),
        Visit("Newcastle's published minutes", g["newcastle_minutes"]),
        Visit("Versions of published minutes", g["january_minutes_versions"]),
        Visit("Forward plan", g["forward"]),
        Visit("Agenda, print page", g["agenda_print"]),
        Visit("Agenda with a paper, print page", g["held_agenda_print"]),
        Visit("Minutes, print page", g["minutes_print"]),
        Visit("Published one-minute guide", g["guide"]),
        Visit("Search", g["search"]),
        Visit("Search with results", g["search"], then=search_for("young people")),
        Visit("Search with no results", g["search"], then=search_for("quillwort")),
        Visit("Search in Newcastle", g["newcastle_search"], then=search_for("mental health")),
        Visit("Search: a query over 200 characters", g["search"], then=search_too_long),
        Visit("404 page (tentative meeting, not signed in)", g["future"], status=404),
    ]


def test_every_public_governance_page_passes_axe(audit: Audit) -> None:
    g = governance_pages()
    visits = public_governance_pages(g)
    audit.run(visits)
    audit.assert_clean()
    assert len(audit.checked) == len(visits)


def managing_governance_pages(g: DemoPages) -> list[Visit]:
    """Every page the governance officer manages meetings with: each form as it first appears,
    then sent back with its errors; the POST-only buttons clicked."""
    errors = submit_with_errors
    return [
        # People.
        Visit("People (governance)", g["people"]),
        Visit("Add a person", g["person_create"]),
        Visit("Add a person with errors", g["person_create"], then=errors()),
        Visit("A person (governance)", g["person"]),
        Visit("Change a person", g["person_edit"]),
        Visit("Change a person with errors", g["person_edit"], then=errors(clear_form)),
        Visit("A person's history", g["person_history"]),
        Visit("Register an interest", g["interest_create"]),
        Visit("Register an interest with errors", g["interest_create"], then=errors()),
        Visit("End an interest", g["interest_end"]),
        Visit("End an interest with errors", g["interest_end"], then=submit_empty),
        # Members and posts.
        Visit("Current members (governance)", g["members"]),
        Visit("Past members (governance)", g["past_members"]),
        Visit("Register of interests (governance)", g["register"]),
        Visit("Add a member", g["membership_create"]),
        Visit("Add a member with errors", g["membership_create"], then=errors()),
        Visit("Change a membership", g["membership_edit"]),
        Visit("Change a membership with errors", g["membership_edit"], then=submit_cleared),
        Visit("End a membership", g["membership_end"]),
        Visit("End a membership with errors", g["membership_end"], then=submit_empty),
        Visit("Replace a member", g["membership_replace"]),
        Visit("Replace a member with errors", g["membership_replace"], then=submit_empty),
        Visit("Add a post", g["post_create"]),
        Visit("Add a post with errors", g["post_create"], then=errors()),
        Visit("Change a post", g["post_edit"]),
        Visit("Change a post with errors", g["post_edit"], then=submit_cleared),
        Visit("Remove a post", g["post_delete"]),
        # Meetings and agendas.
        Visit("Meetings (governance)", g["meetings"]),
        Visit("Arrange a meeting", g["meeting_create"]),
        Visit("Arrange a meeting with errors", g["meeting_create"], then=errors()),
        Visit(
            "Arrange a meeting: a time and a date that do not exist",
            g["meeting_create"],
            then=errors(meeting_time_impossible),
        ),
        Visit("Agenda of 5 January 2021 (governance)", g["january"]),
        Visit("Agenda of a held meeting (governance)", g["held"]),
        Visit("Newcastle's agenda (governance)", g["newcastle"]),
        Visit("Agenda of a tentative meeting, not published", g["future"]),
        Visit("Change the meeting's details", g["meeting_edit"]),
        Visit("Change the meeting's details with errors", g["meeting_edit"], then=submit_cleared),
        Visit("Change the meeting's status", g["meeting_status"]),
        Visit("Change the meeting's status with errors", g["meeting_status"], then=submit_empty),
        Visit("Add an item", g["item_create"]),
        Visit("Add an item with errors", g["item_create"], then=errors()),
        Visit("Change an item", g["item_edit"]),
        Visit("Change an item with errors", g["item_edit"], then=submit_cleared),
        Visit("Remove an item", g["item_delete"]),
        Visit("Link an item to the plan", g["link_create"]),
        Visit("Remove a link", g["link_delete"]),
        Visit("Upload a paper", g["paper_upload"]),
        Visit("Upload a paper with errors", g["paper_upload"], then=errors()),
        Visit("Upload a paper: a text file named .pdf", g["paper_upload"], then=paper_not_a_pdf),
        Visit("Remove a paper", g["paper_delete"]),
        Visit("Attendance", g["attendance"]),
        Visit("Add someone else in attendance", g["attendance_add"]),
        Visit("Add someone else in attendance with errors", g["attendance_add"], then=errors()),
        Visit("Declare an interest (governance)", g["declaration_create"]),
        Visit("Declare an interest with errors", g["declaration_create"], then=errors()),
        Visit("Remove a declaration", g["declaration_delete"]),
        Visit("Attendance statistics (governance)", g["attendance_statistics"]),
        Visit(
            "Agenda: standing items added",
            g["future"],
            then=click_to_post(
                "Add the standing items", g["standing_items_add"], "Standing items added"
            ),
        ),
        Visit(
            "Agenda: an item moved",
            g["future"],
            then=click_to_post(
                re.compile(rf"^Move down\b.*{re.escape(GOV_FUTURE_ITEMS[0])}"),
                g["item_move"],
                GOV_FUTURE_ITEMS[0],
            ),
        ),
        # Minutes.
        Visit("Circulated minutes (governance)", g["minutes"]),
        Visit("Published minutes (governance)", g["january_minutes"]),
        Visit("Edit the minutes", g["minutes_edit"]),
        Visit(
            "Edit the minutes: saved by someone else meanwhile",
            g["minutes_edit"],
            then=minutes_saved_meanwhile,
        ),
        Visit("Edit published minutes (locked)", g["january_minutes_edit"]),
        Visit("The minutes' status", g["minutes_status"]),
        Visit("Versions of the minutes", g["minutes_versions"]),
        Visit("Compare two versions", g["minutes_compare"]),
        Visit("Record an amendment", g["minutes_amend"]),
        Visit("Record an amendment with errors", g["minutes_amend"], then=submit_empty),
        Visit("Confirm the previous minutes", g["confirm_previous"]),
        Visit("Add an action arising", g["action_add"]),
        Visit("Add an action arising with errors", g["action_add"], then=errors()),
        Visit("Change an action arising", g["action_edit"]),
        Visit("Change an action arising with errors", g["action_edit"], then=submit_cleared),
        Visit("Matters arising", g["matters_arising"]),
        Visit("Record progress on an action", g["matters_update"]),
        Visit(
            "Record progress on an action: dropped without saying why",
            g["matters_update"],
            then=errors(action_dropped_without_reason),
        ),
        Visit("Actions arising still open", g["actions_open"]),
        # The forward plan.
        Visit("Forward plan (governance)", g["forward"]),
        Visit("Add to the forward plan", g["forward_add"]),
        Visit("Add to the forward plan with errors", g["forward_add"], then=errors()),
        Visit("Suggest an item (governance)", g["forward_suggest"]),
        Visit("Suggest an item with errors (governance)", g["forward_suggest"], then=errors()),
        Visit("Decline a suggestion", g["forward_decline"]),
        Visit("Decline a suggestion with errors", g["forward_decline"], then=submit_empty),
        Visit("Schedule an item into a meeting", g["forward_schedule"]),
        Visit("Schedule an item with errors", g["forward_schedule"], then=submit_empty),
        Visit(
            "Forward plan: a suggestion accepted",
            g["forward"],
            then=click_to_post(
                f"Accept “{GOV_SUGGESTION}”", g["forward_accept"], "Suggestion accepted"
            ),
        ),
        # Documents and the one-minute guide.
        Visit("Agenda, print page (governance)", g["held_agenda_print"]),
        Visit("Minutes, print page (governance)", g["minutes_print"]),
        Visit("Published guide (governance)", g["guide"]),
        Visit("Unpublish the guide", g["guide_unpublish"]),
        Visit("No guide yet (governance)", g["no_guide"]),
        Visit("Draft guide", g["draft_guide"]),
        Visit("Draft the guide from the minutes", g["guide_draft"]),
        Visit("Edit the guide", g["guide_edit"]),
        Visit("Edit the guide with errors", g["guide_edit"], then=submit_cleared),
        Visit(
            "Guide published",
            g["draft_guide"],
            then=click_to_post("Publish guide", g["guide_publish"], "Guide published"),
        ),
        # Last: the agenda of the tentative meeting published, its numbers fixed.
        Visit(
            "Agenda published",
            g["future"],
            then=click_to_post("Publish agenda", g["agenda_publish"], "Agenda published"),
        ),
    ]


def test_every_governance_page_passes_axe_as_the_governance_officer(
    audit: Audit, sign_in_as: Any, live_demo: Any
) -> None:
    """The governance officer (in Nottingham and Newcastle too) sees every control; every form
    is checked empty and with its errors, and every POST-only button is clicked."""
    g = governance_pages()
    sign_in_as(audit.page, live_demo, "governance")
    visits = managing_governance_pages(g)
    audit.run(visits)
    audit.assert_clean()
    assert len(audit.checked) == len(visits)


def board_member_governance_pages(g: DemoPages) -> list[Visit]:
    return [
        Visit("Their own page (board member)", g["own_person"]),
        Visit("Add to their own register (board member)", g["own_interest_create"]),
        Visit(
            "Add to their own register with errors (board member)",
            g["own_interest_create"],
            then=submit_with_errors(),
        ),
        Visit("Declare their own interest (board member)", g["declaration_create"]),
        Visit(
            "Declare their own interest with errors (board member)",
            g["declaration_create"],
            then=submit_with_errors(),
        ),
        Visit("Circulated minutes (board member)", g["minutes"]),
        Visit("Forward plan (board member)", g["forward"]),
        Visit("Suggest an item (board member)", g["forward_suggest"]),
        Visit(
            "Suggest an item with errors (board member)",
            g["forward_suggest"],
            then=submit_with_errors(),
        ),
        Visit("Actions arising still open (board member)", g["actions_open"]),
        Visit("403 page (board member adding a person)", g["person_create"], status=403),
    ]


def test_every_governance_page_passes_axe_as_a_board_member(
    audit: Audit, sign_in_as: Any, live_demo: Any
) -> None:
    """The board member (the demo's "Demo board member" on Nottingham's board) keeps their own
    register, declares their own interests and suggests items for the forward plan."""
    g = governance_pages()
    sign_in_as(audit.page, live_demo, "board")
    visits = board_member_governance_pages(g)
    audit.run(visits)
    audit.assert_clean()
    assert len(audit.checked) == len(visits)


# The documents that are not HTML, so axe cannot check them: each is fetched, and must be of its
# type and not empty. (name, who fetches it, the start of its content type, its first bytes)
GOVERNANCE_DOWNLOADS = [
    ("agenda_pdf", "", "application/pdf", b"%PDF"),
    ("agenda_docx", "", "application/vnd.openxmlformats", b"PK"),
    ("minutes_pdf", "", "application/pdf", b"%PDF"),
    ("minutes_docx", "", "application/vnd.openxmlformats", b"PK"),
    ("guide_pdf", "", "application/pdf", b"%PDF"),
    ("guide_docx", "", "application/vnd.openxmlformats", b"PK"),
    ("paper_download", "", "application/pdf", b"%PDF"),
    ("calendar", "", "text/calendar", b"BEGIN:VCALENDAR"),
    ("feed", "", "application/atom+xml", b"<?xml"),
    ("popolo", "", "application/json", b"{"),
    ("draft_guide_pdf", "governance", "application/pdf", b"%PDF"),
]


def test_governance_documents_download(page: Any, live_demo: Any, sign_in_as: Any) -> None:
    """Agendas, minutes and guides as PDF and Word files, a paper, the calendar and the feeds:
    each is what it says it is, and not empty."""
    import json

    g = governance_pages()
    problems = []
    for name, who, content_type, start in GOVERNANCE_DOWNLOADS:
        if who:
            sign_in_as(page, live_demo, who)
        response = page.request.get(live_demo.at(g[name]))
        body = response.body()
        kind = response.headers.get("content-type", "")
        if response.status != 200 or not kind.startswith(content_type):
            problems.append(f"{name}: HTTP {response.status}, {kind}, expected {content_type}")
        elif len(body) < 100 or not body.startswith(start):
            problems.append(f"{name}: {len(body)} bytes starting {body[:20]!r}")
        elif name == "popolo":
            assert json.loads(body), "the Popolo export is empty"
    assert not problems, "\n".join(problems)


# Addresses that are not pages: downloads, and buttons' POST-only targets.
# (The governance downloads and POST-only buttons are not here: governance_pages() names them,
# test_governance_documents_download fetches each download, and the governance officer's test
# clicks each button.)
NOT_PAGES = {
    "performance:indicator_download",  # an indicator page's tables, a CSV or XLSX download
    "plans:plan_export",  # the plan file, a YAML download
    "indicators:import_template",  # the blank template, a CSV or XLSX download
    "indicators:import_job_status",  # a job's progress, JSON for the progress bar's script
    "plans:section_move",
    "plans:priority_move",
    "plans:criterion_move",
    "plans:indicator_link_move",
    "plans:action_move",
    "web:logout",
    "delivery:evidence",  # an evidence file sent with a progress update, a download
}


# Pages reached by clicking through a journey rather than by address (their address depends on
# what the journey created): the test named beside each checks them with axe.
REACHED_IN_JOURNEYS = {
    "indicators:import_job_mapping",  # test_importing_values_passes_axe
}


def test_every_page_of_the_product_is_checked(db: None) -> None:
    """A page added to the product without being added here fails this test."""
    from django.urls import URLResolver, get_resolver

    from partnership.web.demo import demo_load

    demo_load()  # normally there already, from tests/conftest.py; then this changes nothing

    def names(resolver: Any, namespace: str = "") -> set[str]:
        found = set()
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                found |= names(pattern, inner)
            elif pattern.name:
                found.add(namespace + pattern.name)
        return found

    product = {n for n in names(get_resolver()) if not n.startswith("admin:")}
    visited = demo_pages().names | delivery_pages().names | governance_pages().names
    missing = product - visited - NOT_PAGES - REACHED_IN_JOURNEYS
    assert not missing, f"pages no browser test visits: {sorted(missing)}"
