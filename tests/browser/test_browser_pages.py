"""Every page of the product, as the public and as the partnership officer, passes axe-core's
WCAG 2.2 AA rules in a real browser.

Each test loads the demo once, visits many pages and collects every problem, naming the page, so
one run reports everything at once instead of stopping at the first page that fails.
"""

from __future__ import annotations

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

    The browser's own required-field check is switched off first, so that the server's GOV.UK
    error page is what gets checked even on a form that lacks ``novalidate``; see
    test_browser_journeys.py for the test that every form has it.
    """
    page.locator("main form").last.evaluate("form => { form.noValidate = true; }")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        main_form_submit(page).click()
    page.wait_for_load_state()
    status = answer.value.status
    assert status == expect_status, f"expected HTTP {expect_status} after submitting, got {status}"


def submit_empty(page: Any) -> None:
    """Submit a form without filling anything in: the page comes back with its errors."""
    submit(page)
    assert page.locator(".govuk-error-summary").is_visible(), "no error summary after submitting"


def submit_cleared(page: Any) -> None:
    """Empty every text box of an edit form, then submit it: required fields show errors."""
    boxes = page.locator("main form input[type=text], main form textarea")
    for index in range(boxes.count()):
        boxes.nth(index).fill("")
    submit_empty(page)


def upload(name: str, content: bytes, expect_status: int) -> Callable[[Any], None]:
    def then(page: Any) -> None:
        page.get_by_label("Plan file").set_input_files(
            {"name": name, "mimeType": "application/yaml", "buffer": content}
        )
        submit(page, expect_status=expect_status)

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


@dataclass(frozen=True)
class Visit:
    name: str
    path: str
    then: Callable[[Any], None] | None = None
    status: int = 200


# Auditing ----------------------------------------------------------------------------------------


@dataclass
class Audit:
    """Visits pages in one browser tab and records each page's problems against its name."""

    page: Any
    base: str
    axe_violations: Callable[[Any], list[dict[str, Any]]]
    describe: Callable[[list[dict[str, Any]]], str]

    def __post_init__(self) -> None:
        self.problems: list[str] = []
        self.checked: list[str] = []

    def visit(self, visit: Visit) -> None:
        import time
        t0 = time.time()
        try:
            self._visit(visit)
        finally:
            print(f"{time.time()-t0:6.2f} {visit.name}")

    def _visit(self, visit: Visit) -> None:
        try:
            response = self.page.goto(self.base + visit.path)
            status = response.status if response else None
            if status != visit.status:
                self.problems.append(
                    f"{visit.name} ({visit.path}): HTTP {status}, expected {visit.status}"
                )
                return
            if visit.then is not None:
                visit.then(self.page)
            self.check(visit.name)
        except AssertionError as error:
            self.problems.append(f"{visit.name} ({visit.path}): {error}")
        except Exception as error:  # a Playwright timeout: report it, carry on with the rest
            self.problems.append(f"{visit.name} ({visit.path}): {type(error).__name__}: {error}")

    def check(self, name: str) -> None:
        """axe-core on the page as it is now, plus the checks axe cannot make for GOV.UK pages."""
        import time
        t1 = time.time()
        self.checked.append(name)
        where = f"{name} ({self.page.url.removeprefix(self.base)})"
        violations = self.axe_violations(self.page)
        if violations:
            self.problems.append(f"{where}: axe found\n{self.describe(violations)}")
        print(f"   axe {time.time()-t1:6.2f}")
        headings = self.page.locator("main h1").count()
        if headings != 1:
            self.problems.append(f"{where}: {headings} <h1> headings in <main>, expected 1")
        # Every link in an error summary must lead to something on the page.
        for link in self.page.locator(".govuk-error-summary a").all():
            target = (link.get_attribute("href") or "").removeprefix("#")
            if not target or self.page.locator(f"[id='{target}']").count() != 1:
                self.problems.append(
                    f"{where}: error summary link “{link.inner_text()}” points at #{target}, "
                    "which is not on the page"
                )
        if self.page.locator(".govuk-error-summary").count():
            title = self.page.title()
            if not title.startswith("Error: "):
                self.problems.append(f"{where}: page with errors is titled “{title}”, not Error: …")

    def run(self, visits: list[Visit]) -> None:
        for visit in visits:
            self.visit(visit)

    def assert_clean(self) -> None:
        assert not self.problems, (
            f"{len(self.problems)} problem(s) on {len(self.checked)} pages checked:\n\n"
            + "\n\n".join(self.problems)
        )


@pytest.fixture
def audit(page: Any, live_demo: Any, axe_violations: Any, describe_violations: Any) -> Audit:
    return Audit(
        page=page,
        base=live_demo.url.rstrip("/"),
        axe_violations=axe_violations,
        describe=describe_violations,
    )


# The demo's pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPages:
    """Addresses of the demo's pages, found through the ORM and reverse()."""

    urls: dict[str, str]

    def __getitem__(self, name: str) -> str:
        return self.urls[name]


def demo_pages() -> DemoPages:
    from partnership.governance.models import Group
    from partnership.indicators.models import Indicator
    from partnership.plans.models import Plan, PlanStatus
    from partnership.plans.services import plan_create
    from partnership.web.demo import CONTRIBUTOR_GROUP
    from partnership.web.models import Partnership

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
    assert section and action and criterion and link and indicator, "the demo plan is incomplete"
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

    p = {"partnership": STOCKTON}
    pl = {**p, "plan": plan.slug}
    pr = {**pl, "priority": priority.pk}
    urls = {
        "home": reverse("web:home"),
        "accessibility": reverse("web:accessibility"),
        "sign_in": reverse("web:login"),
        "password_change": reverse("web:password_change"),
        "partnership_home": reverse("web:partnership_home", kwargs=p),
        "plan_list": reverse("plans:plan_list", kwargs=p),
        "plan_create": reverse("plans:plan_create", kwargs=p),
        "plan_import": reverse("plans:plan_import", kwargs=p),
        "kent_plan_import": reverse("plans:plan_import", kwargs={"partnership": KENT}),
        "action_list": reverse("plans:action_list", kwargs=p) + f"?group={group.pk}",
        "plan": reverse("plans:plan_detail", kwargs=pl),
        "plan_edit": reverse("plans:plan_edit", kwargs=pl),
        "plan_status": reverse("plans:plan_status", kwargs=pl),
        "plan_delete": reverse("plans:plan_delete", kwargs=pl),
        "plan_history": reverse("plans:plan_history", kwargs=pl),
        "draft_plan": reverse("plans:plan_detail", kwargs={**p, "plan": draft.slug}),
        "kent_plan": reverse("plans:plan_detail", kwargs={"partnership": KENT, "plan": "cypf"}),
        "kent_priority": reverse(
            "plans:priority_detail",
            kwargs={"partnership": KENT, "plan": kent_plan.slug, "priority": kent_priority.pk},
        ),
        "section": reverse("plans:section_detail", kwargs={**pl, "section": section.pk}),
        "section_create": reverse("plans:section_create", kwargs=pl),
        "section_edit": reverse("plans:section_edit", kwargs={**pl, "section": section.pk}),
        "section_delete": reverse("plans:section_delete", kwargs={**pl, "section": section.pk}),
        "section_history": reverse("plans:section_history", kwargs={**pl, "section": section.pk}),
        "priority": reverse("plans:priority_detail", kwargs=pr),
        "priority_create": reverse("plans:priority_create", kwargs=pl),
        "priority_edit": reverse("plans:priority_edit", kwargs=pr),
        "priority_delete": reverse("plans:priority_delete", kwargs=pr),
        "priority_history": reverse("plans:priority_history", kwargs=pr),
        "criterion_create": reverse("plans:criterion_create", kwargs=pr),
        "criterion_edit": reverse("plans:criterion_edit", kwargs={**pr, "criterion": criterion.pk}),
        "criterion_delete": reverse(
            "plans:criterion_delete", kwargs={**pr, "criterion": criterion.pk}
        ),
        "indicator_link_create": reverse("plans:indicator_link_create", kwargs=pr),
        "indicator_link_delete": reverse(
            "plans:indicator_link_delete", kwargs={**pr, "link": link.pk}
        ),
        "action": reverse("plans:action_detail", kwargs={**pr, "action": action.pk}),
        "action_create": reverse("plans:action_create", kwargs=pr),
        "action_edit": reverse("plans:action_edit", kwargs={**pr, "action": action.pk}),
        "action_delete": reverse("plans:action_delete", kwargs={**pr, "action": action.pk}),
        "action_history": reverse("plans:action_history", kwargs={**pr, "action": action.pk}),
        "framework": reverse("indicators:framework", kwargs=p),
        "indicator": reverse("indicators:indicator_detail", kwargs={**p, "code": indicator.code}),
        "indicator_create": reverse("indicators:indicator_create", kwargs=p),
        "indicator_edit": reverse("indicators:indicator_edit", kwargs={**p, "code": indicator.code}),
        "indicator_history": reverse(
            "indicators:indicator_history", kwargs={**p, "code": indicator.code}
        ),
        "group_list": reverse("governance:group_list", kwargs=p),
        "group": reverse("governance:group_detail", kwargs={**p, "group": group.pk}),
        "group_create": reverse("governance:group_create", kwargs=p),
        "group_edit": reverse("governance:group_edit", kwargs={**p, "group": group.pk}),
        "group_history": reverse("governance:group_history", kwargs={**p, "group": group.pk}),
        "reports": reverse("reports:index", kwargs=p),
        "delivery_plan": reverse("reports:delivery_plan", kwargs=pl),
        "kent_delivery_plan": reverse(
            "reports:delivery_plan", kwargs={"partnership": KENT, "plan": kent_plan.slug}
        ),
    }
    return DemoPages(urls)


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
        Visit("Groups list", u["group_list"]),
        Visit("Group page", u["group"]),
        Visit("Reports index", u["reports"]),
        Visit("Stockton delivery plan", u["delivery_plan"]),
        Visit("Kent delivery plan", u["kent_delivery_plan"]),
        Visit("404 page (no such address)", "/no-such-page/", status=404),
    ]


# The tests -------------------------------------------------------------------------------------


def test_every_public_page_passes_axe(audit: Audit) -> None:
    u = demo_pages()
    audit.run(
        [
            *reading_pages(u),
            Visit("Sign-in page", u["sign_in"]),
            Visit("Sign-in page with errors", u["sign_in"], then=submit_empty),
            Visit("404 page (draft plan, not signed in)", u["draft_plan"], status=404),
        ]
    )
    audit.assert_clean()
    assert len(audit.checked) >= 22


def test_every_officer_page_passes_axe(audit: Audit, sign_in_as: Any, live_demo: Any) -> None:
    """The officer sees every edit control; every form is checked empty and with its errors."""
    u = demo_pages()
    sign_in_as(audit.page, live_demo, "officer")
    audit.run(
        [
            *reading_pages(u),
            Visit("Draft plan (officer)", u["draft_plan"]),
            Visit("Password change", u["password_change"]),
            Visit("Password change with errors", u["password_change"], then=submit_empty),
            # Create forms: empty, then submitted empty.
            Visit("Create plan", u["plan_create"]),
            Visit("Create plan with errors", u["plan_create"], then=submit_cleared),
            Visit("Add section", u["section_create"]),
            Visit("Add section with errors", u["section_create"], then=submit_empty),
            Visit("Add priority", u["priority_create"]),
            Visit("Add priority with errors", u["priority_create"], then=submit_empty),
            Visit("Add success criterion", u["criterion_create"]),
            Visit("Add success criterion with errors", u["criterion_create"], then=submit_empty),
            Visit("Add indicator link", u["indicator_link_create"]),
            Visit("Add indicator link with errors", u["indicator_link_create"], then=submit_empty),
            Visit("Add key action", u["action_create"]),
            Visit("Add key action with errors", u["action_create"], then=submit_empty),
            Visit("Add indicator", u["indicator_create"]),
            Visit("Add indicator with errors", u["indicator_create"], then=submit_cleared),
            Visit("Add group", u["group_create"]),
            Visit("Add group with errors", u["group_create"], then=submit_empty),
            # Edit forms: as filled in, then with their text cleared.
            Visit("Edit plan", u["plan_edit"]),
            Visit("Edit plan with errors", u["plan_edit"], then=submit_cleared),
            Visit("Plan status", u["plan_status"]),
            Visit("Plan status with errors", u["plan_status"], then=submit_empty),
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
            Visit("Edit group", u["group_edit"]),
            Visit("Edit group with errors", u["group_edit"], then=submit_cleared),
            # Delete confirmations.
            Visit("Delete plan", u["plan_delete"]),
            Visit("Delete section", u["section_delete"]),
            Visit("Delete priority", u["priority_delete"]),
            Visit("Delete success criterion", u["criterion_delete"]),
            Visit("Remove indicator link", u["indicator_link_delete"]),
            Visit("Delete key action", u["action_delete"]),
            # Import: empty, submitted empty, a broken file, a file for another partnership.
            Visit("Import plan file", u["plan_import"]),
            Visit("Import plan file with errors", u["plan_import"], then=submit_empty),
            Visit(
                "Import plan file: problems in the file",
                u["plan_import"],
                then=upload("broken.yaml", BROKEN_PLAN_FILE, expect_status=400),
            ),
            Visit(
                "Import plan file: another partnership's file",
                u["plan_import"],
                then=upload("kent-cypf.yaml", KENT_PLAN_FILE.read_bytes(), expect_status=400),
            ),
        ]
    )
    # Make a change to each thing with a history page, through its form, then read the history.
    audit.run(
        [
            Visit("Plan saved", u["plan_edit"], then=change_field("Vision", "A changed vision")),
            Visit("Section saved", u["section_edit"], then=change_field("Heading", "New heading")),
            Visit("Priority saved", u["priority_edit"], then=change_field("Title", "New title")),
            Visit(
                "Key action saved", u["action_edit"], then=change_field("Key action", "New text")
            ),
            Visit(
                "Indicator saved", u["indicator_edit"], then=change_field("Unit", "per 1,000")
            ),
            Visit("Group saved", u["group_edit"], then=change_field("Description", "Changed")),
            Visit("Priority moved", u["plan"], then=click_button("Move down Priority 1")),
        ]
    )
    history = [
        Visit("Plan history", u["plan_history"]),
        Visit("Section history", u["section_history"]),
        Visit("Priority history", u["priority_history"]),
        Visit("Key action history", u["action_history"]),
        Visit("Indicator history", u["indicator_history"]),
        Visit("Group history", u["group_history"]),
    ]
    audit.run(history)
    for visit in history:
        audit.page.goto(audit.base + visit.path)
        if "by Partnership officer" not in audit.page.locator("main").inner_text():
            audit.problems.append(f"{visit.name}: the officer's change is not listed")
    audit.assert_clean()
    assert len(audit.checked) >= 80


def test_import_preview_passes_axe(audit: Audit, sign_in_as: Any, live_demo: Any) -> None:
    """The administrator (the officer works in Stockton only) previews Kent's own plan file."""
    u = demo_pages()
    sign_in_as(audit.page, live_demo, "administrator")
    kent_file = KENT_PLAN_FILE.read_bytes()
    changed = kent_file.replace(
        b"title: Children and Young People's Framework",
        b"title: Children and Young People's Framework (revised)",
    )
    assert changed != kent_file
    audit.run(
        [
            Visit(
                "Import preview (Kent's file, unchanged)",
                u["kent_plan_import"],
                then=upload("kent-cypf.yaml", kent_file, expect_status=200),
            ),
            Visit(
                "Import preview (Kent's file, with changes)",
                u["kent_plan_import"],
                then=upload("kent-cypf.yaml", changed, expect_status=200),
            ),
        ]
    )
    if audit.page.locator(".govuk-details").count():
        audit.page.locator(".govuk-details__summary").click()
        audit.check("Import preview with its list of changes opened")
    audit.assert_clean()


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
