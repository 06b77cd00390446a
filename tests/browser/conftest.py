"""Browser tests: Debian's chromium, driven through Playwright, against pytest-django's live server.

Every test under tests/browser is marked ``browser``. Where /usr/bin/chromium is absent the tests
are skipped, unless REQUIRE_BROWSER=1 (CI sets it), when they fail instead. Nothing is ever
downloaded: Playwright launches the system chromium.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SKIP_MESSAGE = "Chromium is not installed (apt-get install chromium); browser tests skipped"
HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
SCREENSHOT_DIR = REPO_ROOT / "test-artifacts" / "screenshots"

# WCAG 2.2 level AA, as axe-core tags it (each level's rules carry only that level's tag).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 15_000
ASSET_TYPES = {"stylesheet", "script", "image", "font"}


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "").strip() == "1"


def chromium_present() -> bool:
    return CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser``; skip them all where chromium is missing."""
    skip = not chromium_present() and not browser_required()
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if skip:
                item.add_marker(pytest.mark.skip(reason=SKIP_MESSAGE))


# The browser ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One chromium for the whole session (per xdist worker)."""
    if not chromium_present():
        if browser_required():
            pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing: install chromium")
        pytest.skip(SKIP_MESSAGE)
    # Playwright's sync API runs an event loop in this thread; without this Django would refuse
    # the ORM calls the tests make to find their URLs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()
    finally:
        playwright.stop()


@dataclass
class PageProblems:
    """What went wrong on the pages a test visited that the test itself did not look for."""

    script_errors: list[str] = field(default_factory=list)
    broken_assets: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cookies) and page for each test, desktop-sized.

    Fails the test afterwards if a script threw, or a stylesheet, script, image or font failed
    to load, on any page of the context (a test may open more tabs with page.context.new_page()).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    problems = PageProblems()
    context.on("weberror", lambda error: problems.script_errors.append(str(error.error)))

    def on_response(response: Any) -> None:
        kind = response.request.resource_type
        if kind in ASSET_TYPES and response.status >= 400:
            problems.broken_assets.append(f"{response.status} {response.url}")

    def on_failed(request: Any) -> None:
        # ERR_ABORTED is the browser giving up a request because the page moved on: not a fault.
        if request.resource_type in ASSET_TYPES and "ERR_ABORTED" not in (request.failure or ""):
            problems.broken_assets.append(f"failed {request.url}: {request.failure}")

    context.on("response", on_response)
    context.on("requestfailed", on_failed)
    try:
        yield context.new_page()
    finally:
        context.close()
    assert not problems.script_errors, f"JavaScript errors: {problems.script_errors}"
    assert not problems.broken_assets, f"Assets that did not load: {problems.broken_assets}"


@pytest.fixture(scope="session", autouse=True)
def _compile_govuk_components_once() -> Iterator[None]:
    """As in the other test folders' conftest.py: govuk-frontend-django builds a new Jinja
    environment and compiles each component's template on every render (0.1 to 0.2 s a page on
    the live server). Share one environment and reuse compiled templates; the HTML is the same.
    """
    from govuk_frontend_django.components import base
    from jinja2 import Environment

    compiled: dict[str, Any] = {}
    shared: list[Environment] = []

    class SharedEnvironment(Environment):
        def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
            if globals is not None or template_class is not None:
                return super().from_string(source, globals, template_class)
            if source not in compiled:
                compiled[source] = super().from_string(source)
            return compiled[source]

    def environment(**options: Any) -> Environment:
        if not shared:
            shared.append(SharedEnvironment(**options))
        return shared[0]

    original = base.Environment
    base.Environment = environment  # type: ignore[assignment,misc]
    yield
    base.Environment = original  # type: ignore[misc]


# The site -------------------------------------------------------------------------------------


@dataclass
class LiveSite:
    """The live server holding the demo data. ``url`` is its root, like the live server's;
    ``at("/path/")`` is an absolute address on it."""

    url: str

    def at(self, path: str) -> str:
        return self.url.rstrip("/") + path


_stylesheet_checked = False


def _site(live_server: Any, browser: Any) -> LiveSite:
    site = LiveSite(url=live_server.url)
    global _stylesheet_checked
    if not _stylesheet_checked:
        assert_stylesheet_loaded(browser, site)
        _stylesheet_checked = True
    return site


@pytest.fixture
def live_demo(live_server: Any, transactional_db: None, browser: Any) -> LiveSite:
    """The demo installation (areas, Stockton, Kent, one account per role) on the live server.

    pytest-django's live server needs a transactional database, emptied after every test, so
    the demo (about four seconds) is loaded for each test that asks: tests that need less ask
    for ``live_small``. The first time in a session the stylesheet is checked to have loaded.
    """
    from partnership.web.demo import demo_load

    demo_load()
    return _site(live_server, browser)


@pytest.fixture
def live_small(live_server: Any, transactional_db: None, browser: Any) -> LiveSite:
    """Just enough for a journey, in a moment: Stockton, two of its groups, and the demo's
    officer and contributor accounts. (The first test of a session may also find the whole
    demo, which tests/conftest.py loads into the new test database; nothing here minds.)"""
    from partnership.governance.models import Group
    from partnership.web.demo import CONTRIBUTOR_GROUP, DEMO_ACCOUNTS, DEMO_PARTNERSHIP
    from partnership.web.models import Partnership, Role, User, UserRole

    partnership, _ = Partnership.objects.get_or_create(
        slug=DEMO_PARTNERSHIP,
        defaults={"name": "Stockton-on-Tees Children and Young People's Partnership"},
    )
    groups = {
        name: Group.objects.get_or_create(partnership=partnership, name=name)[0]
        for name in (CONTRIBUTOR_GROUP, "Children and Young People's Partnership")
    }
    for account in DEMO_ACCOUNTS:
        if account.role not in (Role.OFFICER, Role.CONTRIBUTOR):
            continue
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(username=account.username, first_name=account.description)
            user.set_password(account.password)
            user.save()
        role, _ = UserRole.objects.get_or_create(
            user=user, partnership=partnership, role=account.role
        )
        if account.role == Role.CONTRIBUTOR:
            role.groups.add(groups[CONTRIBUTOR_GROUP])
    return _site(live_server, browser)


def assert_stylesheet_loaded(browser: Any, site: LiveSite) -> None:
    """Fail loudly if the live server did not serve the GOV.UK Frontend stylesheet and script."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        response = page.goto(site.at("/"))
        assert response is not None and response.ok, "the home page did not load"
        styles = page.evaluate(
            """() => {
              const h = getComputedStyle(document.querySelector('.govuk-heading-xl'));
              const skip = getComputedStyle(document.querySelector('.govuk-skip-link'));
              return {size: h.fontSize, family: h.fontFamily, skip: skip.position,
                      js: document.body.classList.contains('govuk-frontend-supported')};
            }"""
        )
        assert styles["size"] == "48px" and styles["skip"] == "absolute", (
            "The stylesheet did not load: the live server is not serving static files "
            f"(computed styles {styles}); check STATIC_URL and django.contrib.staticfiles"
        )
        assert "arial" in styles["family"].lower(), f"headings are not in Arial: {styles}"
        assert styles["js"], "js-enabled.js did not run: static scripts are not being served"
    finally:
        context.close()


# Helpers the tests share ----------------------------------------------------------------------


def sign_in(page: Any, live_server: Any, username: str, password: str) -> None:
    """Sign in through the real form, as a person would, and check it worked. Whoever was
    signed in in this browser context before is forgotten first."""
    page.context.clear_cookies()
    response = page.goto(live_server.url.rstrip("/") + "/account/sign-in/")
    status = response.status if response else None
    assert status == 200 and page.locator("h1").first.inner_text() == "Sign in", (
        f"the sign-in page did not load: HTTP {status} at {page.url}, "
        f"saying {page.locator('body').inner_text()[:300]!r}"
    )
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.locator(".app-account-bar").get_by_text("Signed in as").is_visible(), (
        f"signing in as {username} failed: the page says {page.locator('main').inner_text()[:300]}"
    )


def sign_in_as(page: Any, site: LiveSite, role: str) -> None:
    """Sign in as the demo account holding ``role`` ("officer", "contributor", ...)."""
    from partnership.web.demo import DEMO_ACCOUNTS

    account = next(a for a in DEMO_ACCOUNTS if a.role == role or a.username == role)
    sign_in(page, site, account.username, account.password)


AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


class AxeRunner:
    """axe-core as axe_playwright_python ships it, run with the WCAG 2.2 AA rules.

    ``violations(page)`` checks the page now. ``start(page)`` sets a check going inside the page
    and returns at once; ``collect(page)`` waits for its result. Starting one tab's check and
    loading the next page in another tab meanwhile roughly halves the time a long list takes.
    """

    def __init__(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()

    def violations(self, page: Any) -> list[dict[str, Any]]:
        return list(self.axe.run(page, options=AXE_OPTIONS).response["violations"])

    def start(self, page: Any) -> None:
        # axe does its work in promise callbacks, which would all run before evaluate() returns:
        # a timer puts it after, so this call returns at once.
        page.evaluate(
            """([script, options]) => {
              window.__axeViolations = new Promise((resolve, reject) => setTimeout(() => {
                try {
                  (0, eval)(script);
                  axe.run(document, options).then(r => resolve(r.violations), reject);
                } catch (error) { reject(error); }
              }, 0));
            }""",
            [self.axe.axe_script, AXE_OPTIONS],
        )

    def collect(self, page: Any) -> list[dict[str, Any]]:
        return list(page.evaluate("() => window.__axeViolations"))


_axe_runner: AxeRunner | None = None


def axe_runner() -> AxeRunner:
    global _axe_runner
    if _axe_runner is None:
        _axe_runner = AxeRunner()
    return _axe_runner


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now."""
    return axe_runner().violations(page)


def describe_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"      at {', '.join(map(str, node['target']))}")
            lines.append(f"         {node.get('html', '')[:200]}")
    return "\n".join(lines)


def check_axe(page: Any, name: str = "") -> None:
    """Assert that axe-core finds no WCAG 2.2 AA violation on the page."""
    violations = axe_violations(page)
    where = name or page.url
    assert not violations, (
        f"axe found {len(violations)} WCAG 2.2 AA violation(s) on {where}:\n"
        + describe_violations(violations)
    )


def screenshots_wanted() -> bool:
    return os.environ.get("SAVE_SCREENSHOTS", "").strip() == "1"


def save_screenshot(page: Any, name: str) -> Path | None:
    """A full-page PNG for people to look at, only when SAVE_SCREENSHOTS=1."""
    if not screenshots_wanted():
        return None
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


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


# Auditing: many pages, each checked by axe and for what axe cannot check ----------------------


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

    def visit(self, visit: Any) -> None:
        """Load ``visit`` (test_browser_pages.Visit: name, path, then, status) and check it."""
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

    def run(self, visits: list[Any]) -> None:
        for visit in visits:
            self.visit(visit)
        self.finish()

    def assert_clean(self) -> None:
        self.finish()
        assert not self.problems, (
            f"{len(self.problems)} problem(s) on {len(self.checked)} pages checked:\n\n"
            + "\n\n".join(self.problems)
        )


# The helpers as fixtures: test modules are imported with --import-mode=importlib, so they
# cannot import this conftest; they ask for these instead.


@pytest.fixture(name="sign_in")
def sign_in_fixture() -> Any:
    return sign_in


@pytest.fixture(name="sign_in_as")
def sign_in_as_fixture() -> Any:
    return sign_in_as


@pytest.fixture(name="check_axe")
def check_axe_fixture() -> Any:
    return check_axe


@pytest.fixture(name="axe_violations")
def axe_violations_fixture() -> Any:
    return axe_violations


@pytest.fixture(name="axe")
def axe_fixture() -> AxeRunner:
    return axe_runner()


@pytest.fixture(name="describe_violations")
def describe_violations_fixture() -> Any:
    return describe_violations


@pytest.fixture(name="save_screenshot")
def save_screenshot_fixture() -> Any:
    return save_screenshot


@pytest.fixture(name="audit_for")
def audit_for_fixture() -> Any:
    """``audit_for(page, site)``: an Audit of pages on ``site`` in ``page``'s browser context."""

    def make(page: Any, site: LiveSite) -> Audit:
        return Audit(page, site.url.rstrip("/"), axe_runner(), describe_violations)

    return make
