"""Signing in and out, changing a password, the admin site, error pages and the page frame."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from partnership.web.models import User

SIGN_IN = "/account/sign-in/"
SIGN_OUT = "/account/sign-out/"
PASSWORD = "/account/password/"


def text(response) -> str:
    return htmllib.unescape(response.content.decode())


def summary_errors(response) -> list[str]:
    page = response.content.decode()
    match = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert match, "no error summary on the page"
    return [htmllib.unescape(m.strip()) for m in re.findall(r"<a [^>]*>(.*?)</a>", match[1], re.S)]


# Signing in ------------------------------------------------------------------------------------


def test_the_sign_in_page(demo):
    page = Client().get(SIGN_IN)
    assert page.status_code == 200
    html = text(page)
    assert '<h1 class="govuk-heading-xl">Sign in</h1>' in html
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert "There is a problem" not in html


def test_sign_in_with_the_right_password(demo):
    client = Client()
    response = client.post(SIGN_IN, {"username": "officer", "password": "demo-officer-password"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert int(client.session[SESSION_KEY]) == User.objects.get(username="officer").pk
    home = text(client.get("/"))
    assert "Signed in as <strong>Partnership officer</strong>" in home
    assert "Partnership officer" in home  # "Your role" on Stockton's card


def test_sign_in_returns_to_the_page_asked_for(demo):
    next_url = reverse("plans:plan_create", kwargs={"partnership": "stockton-on-tees"})
    client = Client()
    response = client.post(
        f"{SIGN_IN}?next={next_url}",
        {"username": "officer", "password": "demo-officer-password", "next": next_url},
    )
    assert response["Location"] == next_url
    assert client.get(next_url).status_code == 200


def test_sign_in_does_not_return_to_another_site(demo):
    response = Client().post(
        SIGN_IN,
        {
            "username": "officer",
            "password": "demo-officer-password",
            "next": "https://evil.example/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("username", "password", "messages"),
    [
        (
            "officer",
            "wrong-password",
            ["Enter a correct username and password. Both are case-sensitive."],
        ),
        (
            "OFFICER",
            "demo-officer-password",
            ["Enter a correct username and password. Both are case-sensitive."],
        ),
        ("nobody", "whatever", ["Enter a correct username and password."]),
        ("", "", ["Enter your username", "Enter your password"]),
        ("officer", "", ["Enter your password"]),
    ],
    ids=["wrong-password", "wrong-case", "unknown-user", "empty", "no-password"],
)
def test_sign_in_refused(demo, username, password, messages):
    client = Client()
    response = client.post(SIGN_IN, {"username": username, "password": password})
    assert response.status_code == 200  # Django's LoginView re-shows the form
    html = text(response)
    assert "There is a problem" in html
    assert "<title>Error: Sign in" in html
    found = summary_errors(response)
    for message in messages:
        assert any(message in f for f in found), (message, found)
    assert SESSION_KEY not in client.session


def test_a_switched_off_account_cannot_sign_in(demo):
    User.objects.filter(username="board").update(is_active=False)
    client = Client()
    response = client.post(SIGN_IN, {"username": "board", "password": "demo-board-password"})
    assert response.status_code == 200
    assert "There is a problem" in text(response)
    assert SESSION_KEY not in client.session


def test_signed_in_people_skip_the_sign_in_page(client_for):
    response = client_for("board").get(SIGN_IN)
    assert response.status_code == 302
    assert response["Location"] == "/"


# Signing out -----------------------------------------------------------------------------------


def test_sign_out_by_post(client_for):
    client = client_for("officer")
    response = client.post(SIGN_OUT)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert SESSION_KEY not in client.session
    # Signed out: pages that need a role ask to sign in again.
    url = reverse("plans:plan_create", kwargs={"partnership": "stockton-on-tees"})
    assert client.get(url)["Location"].startswith(SIGN_IN)


def test_sign_out_by_get_is_refused_and_keeps_you_signed_in(client_for):
    client = client_for("officer")
    assert client.get(SIGN_OUT).status_code == 405
    assert SESSION_KEY in client.session


def test_sign_out_needs_the_csrf_token(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="officer"))
    assert client.post(SIGN_OUT).status_code == 403
    assert SESSION_KEY in client.session


def test_every_page_offers_sign_out_as_a_form(client_for):
    html = client_for("governance").get("/").content.decode()
    assert re.search(r'<form method="post" action="/account/sign-out/"', html)
    assert "csrfmiddlewaretoken" in html
    anonymous = Client().get("/").content.decode()
    assert 'href="/account/sign-in/?next=/"' in anonymous
    assert "Sign out" not in anonymous


# Changing a password ---------------------------------------------------------------------------


def test_change_password(client_for):
    client = client_for("board")
    page = client.get(PASSWORD)
    assert "Change your password" in text(page)
    response = client.post(
        PASSWORD,
        {
            "old_password": "demo-board-password",
            "new_password1": "a-much-longer-passphrase-42",
            "new_password2": "a-much-longer-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/account/password/done/"
    assert client.get(response["Location"]).status_code == 200
    # Still signed in, and the new password works from now on.
    assert SESSION_KEY in client.session
    fresh = Client()
    assert fresh.login(username="board", password="a-much-longer-passphrase-42")
    assert not Client().login(username="board", password="demo-board-password")


def test_the_password_changed_page_is_the_products_own(client_for):
    """Regression: django.contrib.admin's template of the same name used to shadow it."""
    html = text(client_for("board").get("/account/password/done/"))
    assert "Django site admin" not in html
    assert "Password changed" in html
    assert "Use your new password next time you sign in." in html


@pytest.mark.parametrize(
    ("old", "new1", "new2", "message"),
    [
        ("wrong", "a-much-longer-passphrase-42", "a-much-longer-passphrase-42", "old password"),
        (
            "demo-board-password",
            "short-pw1",
            "short-pw1",
            "This password is too short. It must contain at least 12 characters.",
        ),
        ("demo-board-password", "password1234", "password1234", "This password is too common."),
        (
            "demo-board-password",
            "482915736204851",
            "482915736204851",
            "This password is entirely numeric.",
        ),
        (
            "demo-board-password",
            "a-much-longer-passphrase-42",
            "a-much-longer-passphrase-43",
            "The two password fields didn’t match.",
        ),
        ("demo-board-password", "", "", "This field is required."),
    ],
    ids=["wrong-old", "too-short", "common", "numeric", "mismatch", "empty"],
)
def test_change_password_refused(client_for, old, new1, new2, message):
    client = client_for("board")
    response = client.post(
        PASSWORD, {"old_password": old, "new_password1": new1, "new_password2": new2}
    )
    assert response.status_code == 200
    assert "There is a problem" in text(response)
    assert any(message in e for e in summary_errors(response)), summary_errors(response)
    assert Client().login(username="board", password="demo-board-password")


def test_change_password_needs_signing_in(demo):
    response = Client().get(PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={PASSWORD}"


# The admin site --------------------------------------------------------------------------------


def test_the_administrator_reaches_the_admin_site(client_for):
    response = client_for("administrator").get("/admin/")
    assert response.status_code == 200
    assert "Children&#x27;s Partnership administration" in response.content.decode()
    assert "Administration" in text(client_for("administrator").get("/"))


@pytest.mark.parametrize("role", ["anonymous", "officer", "governance", "contributor", "board"])
def test_everyone_else_is_sent_to_the_admin_sign_in(client_for, role):
    response = client_for(role).get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"
    # ... and an admin page deeper in is not reachable either.
    deeper = client_for(role).get("/admin/plans/plan/")
    assert deeper.status_code == 302
    assert deeper["Location"].startswith("/admin/login/")
    assert 'href="/admin/"' not in client_for(role).get("/").content.decode()


# Error pages -----------------------------------------------------------------------------------


def test_page_not_found(demo):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    html = text(response)
    assert '<h1 class="govuk-heading-xl">Page not found</h1>' in html
    assert "<title>Page not found – Children's Partnership</title>" in html
    assert "If you typed the web address, check it is correct." in html


def test_permission_denied(client_for):
    url = reverse("plans:plan_create", kwargs={"partnership": "stockton-on-tees"})
    response = client_for("board").get(url)
    assert response.status_code == 403
    html = text(response)
    assert '<h1 class="govuk-heading-xl">You do not have permission to see this page</h1>' in html
    assert "ask your partnership officer to give your account the right role" in html


# The page frame --------------------------------------------------------------------------------

FRAME_PAGES = [
    "/",
    "/accessibility/",
    SIGN_IN,
    "/p/stockton-on-tees/",
    "/p/stockton-on-tees/plans/cypp-2015-2018/",
    "/no-such-page/",
]


@pytest.mark.parametrize("url", FRAME_PAGES)
def test_footer_has_the_licence_and_the_accessibility_statement(demo, url):
    html = Client().get(url).content.decode()
    assert (
        '<a class="govuk-footer__link" href="https://www.nationalarchives.gov.uk/doc/'
        'open-government-licence/version/3/" rel="license">Open Government Licence v3.0</a>'
    ) in html
    assert "Contains public sector information licensed under the" in html
    assert (
        '<a class="govuk-footer__link" href="/accessibility/">Accessibility statement</a>' in html
    )
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert 'id="main-content"' in html
    assert '<html lang="en-GB"' in html


def test_the_accessibility_statement(demo):
    html = text(Client().get("/accessibility/"))
    assert '<h1 class="govuk-heading-xl">Accessibility statement</h1>' in html
    assert "WCAG" in html


SECTIONS = [
    ("Plan", "/p/stockton-on-tees/plans/"),
    ("Performance", "/p/stockton-on-tees/performance/"),
    ("Actions", "/p/stockton-on-tees/plans/actions/"),
    ("Meetings", "/p/stockton-on-tees/meetings/"),
    ("Reports", "/p/stockton-on-tees/reports/"),
]


def navigation(html: str) -> list[tuple[str, str, bool]]:
    """(label, href, is current) of each service navigation link, in order."""
    nav = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S)
    assert nav, "no service navigation"
    links = re.findall(r"<a ([^>]*)>(.*?)</a>", nav[0], re.S)
    result = []
    for attrs, label in links:
        href = re.search(r'href="([^"]+)"', attrs)[1]
        result.append((re.sub(r"<[^>]+>|\s+", "", label), href, 'aria-current="page"' in attrs))
    return result


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/p/stockton-on-tees/", None),
        ("/p/stockton-on-tees/plans/", "Plan"),
        ("/p/stockton-on-tees/performance/", "Performance"),
        ("/p/stockton-on-tees/plans/actions/", "Actions"),
        ("/p/stockton-on-tees/meetings/", "Meetings"),
        ("/p/stockton-on-tees/reports/", "Reports"),
    ],
)
def test_service_navigation_on_partnership_pages(client_for, url, current):
    html = client_for("anonymous").get(url).content.decode()
    items = navigation(html)
    assert [(label, href) for label, href, _ in items] == SECTIONS
    assert [label for label, _, is_current in items if is_current] == ([current] if current else [])
    assert "Stockton-on-Tees Children and Young People&#39;s Partnership" in html


def test_plan_pages_are_inside_the_plan_section(client_for):
    html = client_for("anonymous").get("/p/stockton-on-tees/plans/cypp-2015-2018/").content.decode()
    active = re.findall(
        r'govuk-service-navigation__item--active">\s*<a[^>]*href="([^"]+)"', html, re.S
    )
    assert active == ["/p/stockton-on-tees/plans/"]


@pytest.mark.parametrize(
    "url",
    [
        "/p/stockton-on-tees/groups/",
        "/p/stockton-on-tees/people/",
        "/p/stockton-on-tees/search/",
    ],
)
def test_groups_people_and_search_are_inside_the_meetings_section(client_for, url):
    html = client_for("anonymous").get(url).content.decode()
    active = re.findall(
        r'govuk-service-navigation__item--active">\s*<a[^>]*href="([^"]+)"', html, re.S
    )
    assert len(active) == 1 and active[0].endswith("/meetings/"), active


def test_no_partnership_navigation_outside_a_partnership(demo):
    html = Client().get("/").content.decode()
    assert "/p/stockton-on-tees/performance/" not in html
    assert "Children&#39;s Partnership" in html or "Children's Partnership" in html
