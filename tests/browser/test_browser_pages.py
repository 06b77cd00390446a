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


def submit_cleared(page: Any) -> None:
    """Empty every text box of an edit form, then submit it: required fields show errors."""
    page.locator("main form input[type=text], main form textarea").evaluate_all(
        "boxes => boxes.forEach(box => { box.value = ''; })"
    )
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


# One look at the page: its <h1>s; any GOV.UK crown or GDS Transport font, which are only for
# GOV.UK itself (the product uses Arial and no crown); its title; and where each link in its
# error summary (if any) leads.
PAGE_FACTS = """() => ({
  headings: document.querySelectorAll('main h1').length,
  crown: document.querySelectorAll('.govuk-header__logotype, .govuk-logo-dot').length,
  transport: [...document.fonts].some(font => font.family.includes('GDS Transport')) ||
    ['body', 'h1', '.govuk-button', '.govuk-service-navigation'].some(selector => {
      const e = document.querySelector(selector);
      return e && getComputedStyle(e).fontFamily.includes('GDS Transport');
    }),
  title: document.title,
  summaryLinks: [...document.querySelectorAll('.govuk-error-summary a')].map(link => {
    const target = (link.getAttribute('href') || '').replace(/^#/, '');
    return {text: link.innerText, target: target,
            found: target !== '' && document.querySelectorAll(`[id="${target}"]`).length === 1};
  }),
  hasSummary: document.querySelector('.govuk-error-summary') !== null,
})"""


# Auditing ----------------------------------------------------------------------------------------


class Audit:
    """Visits pages and records each page's problems against its name, reporting all at the end.

    Two tabs of the same browser context (so the same signed-in session) take turns: while axe
    checks the page in one tab, the next page loads in the other.
    """

    TABS = 2

    def __init__(self, page: Any, base: str, axe: Any, describe: Callable[..., str]) -> None:
        self.tabs = [page] + [page.context.new_page() for _ in range(self.TABS - 1)]
        self.base = base
        self.axe = axe
        self.describe = describe
        self.problems: list[str] = []
        self.checked: list[str] = []
        self.pending: dict[int, str] = {}  # tab index -> the page its axe check is for
        self.turn = 0

    @property
    def page(self) -> Any:
        """The tab that showed the latest page."""
        return self.tabs[(self.turn - 1) % self.TABS]

    def _next_tab(self) -> Any:
        index = self.turn % self.TABS
        self.turn += 1
        self._collect(index)
        return self.tabs[index]

    def _collect(self, index: int) -> None:
        where = self.pending.pop(index, None)
        if where is None:
            return
        try:
            violations = self.axe.collect(self.tabs[index])
        except Exception as error:
            self.problems.append(f"{where}: axe did not finish: {error}")
            return
        if violations:
            self.problems.append(f"{where}: axe found\n{self.describe(violations)}")

    def finish(self) -> None:
        for index in list(self.pending):
            self._collect(index)

    def visit(self, visit: Visit) -> None:
        tab = self._next_tab()
        try:
            response = tab.goto(self.base + visit.path)
            status = response.status if response else None
            if status != visit.status:
                self.problems.append(
                    f"{visit.name} ({visit.path}): HTTP {status}, expected {visit.status}"
                )
                return
            if visit.then is not None:
                visit.then(tab)
            self.check(tab, visit.name)
        except AssertionError as error:
            self.problems.append(f"{visit.name} ({visit.path}): {error}")
        except Exception as error:  # a Playwright timeout: report it, carry on with the rest
            self.problems.append(f"{visit.name} ({visit.path}): {type(error).__name__}: {error}")

    def check(self, tab: Any, name: str) -> None:
        """The checks axe cannot make for GOV.UK pages, then axe-core (collected later)."""
        self.checked.append(name)
        where = f"{name} ({tab.url.removeprefix(self.base)})"
        page_facts = tab.evaluate(PAGE_FACTS)
        if page_facts["headings"] != 1:
            self.problems.append(
                f"{where}: {page_facts['headings']} <h1> headings in <main>, expected 1"
            )
        if page_facts["crown"] or page_facts["transport"]:
            self.problems.append(
                f"{where}: GOV.UK branding the product must not use: crown "
                f"{page_facts['crown']}, GDS Transport font {page_facts['transport']}"
            )
        # Every link in an error summary must lead to something on the page.
        for link in page_facts["summaryLinks"]:
            if not link["found"]:
                self.problems.append(
                    f"{where}: error summary link “{link['text']}” points at "
                    f"#{link['target']}, which is not on the page"
                )
        if page_facts["hasSummary"] and not page_facts["title"].startswith("Error: "):
            self.problems.append(f"{where}: page with errors is titled “{page_facts['title']}”")
        self.axe.start(tab)
        self.pending[self.tabs.index(tab)] = where

    def check_current(self, name: str) -> None:
        """Check the latest tab again as it is now (after clicking something on it)."""
        tab = self.page
        self._collect(self.tabs.index(tab))
        self.check(tab, name)

    def run(self, visits: list[Visit]) -> None:
        for visit in visits:
            self.visit(visit)
        self.finish()

    def assert_clean(self) -> None:
        self.finish()
        assert not self.problems, (
            f"{len(self.problems)} problem(s) on {len(self.checked)} pages checked:\n\n"
            + "\n\n".join(self.problems)
        )


@pytest.fixture
def audit(page: Any, live_demo: Any, axe: Any, describe_violations: Any) -> Audit:
    return Audit(page, live_demo.url.rstrip("/"), axe, describe_violations)


# The demo's pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPages:
    """Addresses of the demo's pages, found through the ORM and reverse()."""

    urls: dict[str, str]
    names: set[str]  # the URL names the addresses were made from

    def __getitem__(self, name: str) -> str:
        return self.urls[name]


def demo_pages() -> DemoPages:
    from partnership.governance.models import Group
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
    kent_file = KENT_PLAN_FILE.read_bytes()
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


# Addresses that are not pages: downloads, and buttons' POST-only targets.
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
    missing = product - demo_pages().names - NOT_PAGES - REACHED_IN_JOURNEYS
    assert not missing, f"pages no browser test visits: {sorted(missing)}"
