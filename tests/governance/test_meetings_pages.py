"""Meeting pages through the web: every view for every role, the agenda as the public and
partners see it, forms with their error summaries, uploads, attendance and declarations."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership.governance import meetings
from partnership.governance.meeting_models import (
    AgendaItem,
    Attendance,
    Declaration,
    Meeting,
    Membership,
    Paper,
    Person,
)
from partnership.governance.models import Group
from partnership.plans.models import Priority
from partnership.web.models import Partnership, User

from .test_meetings_services import pdf_bytes

LONDON = ZoneInfo("Europe/London")
SLUG = "stockton-on-tees"
ROLES = ["anonymous", "administrator", "officer", "governance", "contributor", "board"]
pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    return reverse(f"meetings:{name}", kwargs={"partnership": SLUG, **kwargs})


@pytest.fixture
def world(demo, settings, tmp_path):
    """A held meeting with an ordinary item, an exempt item with a paper, a member, and a
    tentative meeting only partners see."""
    settings.MEDIA_ROOT = tmp_path
    officer = User.objects.get(username="officer")
    partnership = Partnership.objects.get(slug=SLUG)
    group = Group.objects.create(
        partnership=partnership, name="Test Partnership Board", classification="board"
    )
    meeting = meetings.meeting_create(
        group=group,
        by=officer,
        start=dt.datetime(2021, 1, 5, 16, tzinfo=LONDON),
        venue="Loxley House",
        online=True,
        online_joining_details="Teams code 123",
        status="held",
        first_item_number=12,
    )
    meetings.standing_items_add(meeting=meeting, by=officer)
    plan_item = meetings.agenda_item_add(
        meeting=meeting,
        by=officer,
        title="Draft Children and Young People's Plan",
        presenter="Head of Strategy",
        purpose="decision",
    )
    exempt = meetings.agenda_item_add(
        meeting=meeting,
        by=officer,
        title="Secret contract award",
        exempt=True,
        exempt_reason="Information relating to financial affairs (paragraph 3)",
    )
    public_paper = meetings.paper_upload(
        item=plan_item,
        by=officer,
        title="Draft plan",
        file=SimpleUploadedFile("plan.pdf", pdf_bytes()),
    )
    secret_paper = meetings.paper_upload(
        item=exempt,
        by=officer,
        title="Contract paper",
        file=SimpleUploadedFile("contract.pdf", pdf_bytes()),
    )
    link = meetings.agenda_link_add(
        item=plan_item,
        by=officer,
        priority=Priority.objects.filter(plan__partnership=partnership).first(),
    )
    meetings.agenda_publish(meeting=meeting, by=officer)
    helen = Person.objects.create(partnership=partnership, name="Helen Blackman")
    board_user = User.objects.get(username="board")
    boardie = Person.objects.create(partnership=partnership, name="Board Person", user=board_user)
    for who in (helen, boardie):
        Membership.objects.create(group=group, person=who, start_date=dt.date(2020, 1, 1))
    meetings.attendance_record(
        meeting=meeting,
        by=officer,
        entries=[meetings.AttendanceEntry(helen, "apologies", note="leave")],
    )
    declaration = meetings.declaration_record(
        item=plan_item,
        by=officer,
        person=helen,
        kind="other-registerable",
        nature="Trustee of a charity",
        action="remained",
    )
    tentative = meetings.meeting_create(
        group=group,
        by=officer,
        start=dt.datetime(2031, 3, 9, 16, tzinfo=LONDON),
        venue="Loxley House",
    )
    return {
        "officer": officer,
        "group": group,
        "meeting": meeting,
        "plan_item": plan_item,
        "exempt": exempt,
        "public_paper": public_paper,
        "secret_paper": secret_paper,
        "link": link,
        "helen": helen,
        "boardie": boardie,
        "declaration": declaration,
        "tentative": tentative,
    }


# -- Permissions: every view, every role -----------------------------------------------------

MANAGE = {
    "anonymous": 302,
    "administrator": 200,
    "officer": 200,
    "governance": 200,
    "contributor": 403,
    "board": 403,
}
PUBLIC = dict.fromkeys(ROLES, 200)
PARTNERS_ONLY = {**PUBLIC, "anonymous": 404}


def _m(w):
    return {"meeting": w["meeting"].pk}


def _i(w, item="plan_item"):
    return {"meeting": w["meeting"].pk, "item": w[item].pk}


GET_CASES = [
    ("meeting_list", lambda w: {}, PUBLIC),
    ("meeting_create", lambda w: {}, MANAGE),
    ("meeting_detail", _m, PUBLIC),
    ("meeting_detail", lambda w: {"meeting": w["tentative"].pk}, PARTNERS_ONLY),
    ("meeting_edit", _m, MANAGE),
    ("meeting_status", _m, MANAGE),
    ("item_create", _m, MANAGE),
    ("item_edit", _i, MANAGE),
    ("item_delete", _i, MANAGE),
    ("link_create", _i, MANAGE),
    ("link_delete", lambda w: {**_i(w), "link": w["link"].pk}, MANAGE),
    ("paper_upload", _i, MANAGE),
    ("paper_download", lambda w: {"paper": w["public_paper"].pk}, PUBLIC),
    ("paper_download", lambda w: {"paper": w["secret_paper"].pk}, PARTNERS_ONLY),
    ("paper_delete", lambda w: {"paper": w["public_paper"].pk}, MANAGE),
    ("attendance", _m, MANAGE),
    ("attendance_add", _m, MANAGE),
    # Board members declare their own interests (the demo board account is a member here).
    ("declaration_create", _m, {**MANAGE, "board": 200}),
    (
        "declaration_delete",
        lambda w: {**_m(w), "declaration": w["declaration"].pk},
        MANAGE,
    ),
    ("attendance_statistics", lambda w: {"group": w["group"].pk}, PUBLIC),
]


@pytest.mark.parametrize(("name", "kwargs", "expected"), GET_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_every_view_gives_each_role_what_it_should(world, client_for, role, name, kwargs, expected):
    response = client_for(role).get(url(name, **kwargs(world)))
    assert response.status_code == expected[role], (role, name)
    if expected[role] == 302:
        assert "/sign-in" in response["Location"] or "login" in response["Location"]


POST_CASES = [
    ("agenda_publish", lambda w: {"meeting": w["tentative"].pk}),
    ("standing_items_add", lambda w: {"meeting": w["tentative"].pk}),
    ("item_move", lambda w: _i(w)),
]


@pytest.mark.parametrize(("name", "kwargs"), POST_CASES)
@pytest.mark.parametrize("role", ROLES)
def test_buttons_need_manage_meetings(world, client_for, role, name, kwargs):
    response = client_for(role).post(url(name, **kwargs(world)), {"direction": "up"})
    assert (
        response.status_code
        == {**MANAGE, "administrator": 302, "officer": 302, "governance": 302}[role]
    )


def test_board_member_of_another_group_cannot_declare(world, client_for):
    Membership.objects.filter(person=world["boardie"]).delete()
    response = client_for("board").get(url("declaration_create", **_m(world)))
    assert response.status_code == 403


# -- The agenda ------------------------------------------------------------------------------


def test_public_agenda_hides_exempt_items_and_joining_details(world, client_for):
    page = client_for("anonymous").get(url("meeting_detail", **_m(world))).content.decode()
    assert "Exempt: Information relating to financial affairs (paragraph 3)" in page
    assert "Secret contract award" not in page
    assert "Contract paper" not in page
    assert "Teams code 123" not in page
    assert "Draft plan</a> (PDF 1 KB)" in page
    assert '<th scope="row" class="govuk-table__header">12.</th>' in page
    assert "Helen Blackman (leave)" in page
    assert "Helen Blackman, item 18: Trustee of a charity" in page
    assert "Presented by Head of Strategy" in page
    assert "For decision" in page
    assert "Priority 1:" in page


def test_partners_see_exempt_items_and_joining_details(world, client_for):
    page = client_for("board").get(url("meeting_detail", **_m(world))).content.decode()
    assert "Secret contract award" in page
    assert "Contract paper" in page
    assert "Teams code 123" in page
    assert "Declare an interest" in page
    assert "Publish agenda" not in page


def test_unpublished_agenda_hidden_from_public(world, client_for):
    officer = world["officer"]
    meetings.meeting_set_status(meeting=world["tentative"], by=officer, status="confirmed")
    meetings.agenda_item_add(meeting=world["tentative"], by=officer, title="Hidden item")
    page = client_for("anonymous").get(url("meeting_detail", meeting=world["tentative"].pk))
    assert page.status_code == 200
    assert "Hidden item" not in page.content.decode()
    assert "The agenda has not been published yet" in page.content.decode()


def test_meeting_list_filters_by_group(world, client_for):
    other = Group.objects.create(
        partnership=world["group"].partnership, name="Other Group", classification="board"
    )
    meetings.meeting_create(
        group=other,
        by=world["officer"],
        start=dt.datetime(2021, 2, 1, 10, tzinfo=LONDON),
        venue="Town Hall",
        status="confirmed",
    )
    everything = client_for("anonymous").get(url("meeting_list")).content.decode()
    assert "Other Group" in everything and "Test Partnership Board" in everything
    filtered = client_for("anonymous").get(url("meeting_list") + f"?group={other.pk}")
    assert "Tuesday 5 January 2021" not in filtered.content.decode()
    assert "Monday 1 February 2021" in filtered.content.decode()
    # The public does not see the tentative meeting.
    assert "Sunday 9 March 2031" not in everything
    assert "9 March 2031" in client_for("board").get(url("meeting_list")).content.decode()


def test_paper_download_serves_the_pdf(world, client_for):
    response = client_for("anonymous").get(url("paper_download", paper=world["public_paper"].pk))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# -- Forms -----------------------------------------------------------------------------------


def test_meeting_create_shows_the_error_summary(world, client_for):
    response = client_for("governance").post(
        url("meeting_create"),
        {
            "group": world["group"].pk,
            "date_0": "5",
            "date_1": "1",
            "date_2": "2030",
            "start_time": "25:00",
            "venue": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in page
    assert "Start time must be a real time" in page
    assert 'href="#id_start_time"' in page


def test_meeting_create_arranges_the_meeting(world, client_for):
    response = client_for("governance").post(
        url("meeting_create"),
        {
            "group": world["group"].pk,
            "date_0": "5",
            "date_1": "1",
            "date_2": "2030",
            "start_time": "4pm",
            "end_time": "18:00",
            "venue": "Loxley House",
        },
    )
    meeting = Meeting.objects.filter(group=world["group"]).order_by("-pk").first()
    assert response.status_code == 302
    assert response["Location"] == url("meeting_detail", meeting=meeting.pk)
    assert meeting.start == dt.datetime(2030, 1, 5, 16, tzinfo=LONDON)


def test_meeting_status_refusal_is_shown(world, client_for):
    response = client_for("governance").post(
        url("meeting_status", **_m(world)), {"status": "cancelled", "reason": "x"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "A meeting that has been held cannot become cancelled" in page
    assert "govuk-error-summary" in page


def test_paper_upload_refuses_a_word_file(world, client_for):
    response = client_for("officer").post(
        url("paper_upload", **_i(world)),
        {"title": "Report", "file": SimpleUploadedFile("report.docx", b"PK\x03\x04 word")},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "“report.docx” is not a PDF: save it as PDF and upload that" in page
    assert Paper.objects.filter(item=world["plan_item"]).count() == 1


def test_paper_upload_accepts_a_pdf(world, client_for):
    response = client_for("officer").post(
        url("paper_upload", **_i(world)),
        {
            "title": "Appendix",
            "file": SimpleUploadedFile("a.pdf", pdf_bytes()),
            "additional": "yes",
        },
    )
    assert response.status_code == 302
    assert Paper.objects.get(item=world["plan_item"], title="Appendix").additional


def test_published_agenda_refuses_moving_with_a_message(world, client_for):
    client = client_for("officer")
    response = client.post(url("item_move", **_i(world)), {"direction": "up"}, follow=True)
    assert "numbered for good and cannot be moved" in response.content.decode()


def test_add_items_standing_items_and_publish_through_the_buttons(world, client_for):
    client = client_for("governance")
    tentative = world["tentative"]
    client.post(url("item_create", meeting=tentative.pk), {"title": "Plan", "kind": "report"})
    client.post(url("standing_items_add", meeting=tentative.pk))
    assert list(tentative.items.order_by("order").values_list("title", flat=True))[0] == (
        "Apologies for absence"
    )
    client.post(url("agenda_publish", meeting=tentative.pk))
    tentative.refresh_from_db()
    assert tentative.agenda_published_at is not None


def test_item_form_error_summary(world, client_for):
    response = client_for("officer").post(
        url("item_create", **_m(world)), {"title": "", "kind": "report", "exempt": "yes"}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the title" in page
    assert "govuk-error-summary" in page


def test_attendance_form_saves_and_refuses(world, client_for):
    client = client_for("governance")
    helen, boardie = world["helen"], world["boardie"]
    bad = client.post(
        url("attendance", **_m(world)),
        {f"status_{helen.pk}": "substitute", f"status_{boardie.pk}": "present"},
    )
    assert bad.status_code == 400
    assert "Say whom Helen Blackman substituted for" in bad.content.decode()
    assert Attendance.objects.get(meeting=world["meeting"], person=helen).status == "apologies"
    good = client.post(
        url("attendance", **_m(world)),
        {f"status_{helen.pk}": "present-virtually", f"status_{boardie.pk}": "present"},
    )
    assert good.status_code == 302
    assert Attendance.objects.get(meeting=world["meeting"], person=helen).status == (
        "present-virtually"
    )


def test_attendance_add_someone_else(world, client_for):
    guest = Person.objects.create(partnership=world["group"].partnership, name="Guest Officer")
    response = client_for("officer").post(
        url("attendance_add", **_m(world)), {"person": guest.pk, "status": "in-attendance"}
    )
    assert response.status_code == 302
    assert Attendance.objects.get(meeting=world["meeting"], person=guest).status == (
        "in-attendance"
    )


def test_board_member_declares_their_own_interest_only(world, client_for):
    client = client_for("board")
    item = world["plan_item"]
    other = client.post(
        url("declaration_create", **_m(world)),
        {
            "item": item.pk,
            "person": world["helen"].pk,
            "kind": "conflict",
            "nature": "x",
            "action": "left",
        },
    )
    assert other.status_code == 400
    assert "Choose a person from the list" in other.content.decode()
    own = client.post(
        url("declaration_create", **_m(world)),
        {
            "item": item.pk,
            "person": world["boardie"].pk,
            "kind": "conflict",
            "nature": "My employer bids",
            "action": "left",
        },
    )
    assert own.status_code == 302
    assert Declaration.objects.filter(person=world["boardie"], item=item).exists()


def test_statistics_page(world, client_for):
    page = (
        client_for("anonymous")
        .get(url("attendance_statistics", group=world["group"].pk) + "?year=2020/21")
        .content.decode()
    )
    assert "Helen Blackman" in page
    assert "0%" in page
    bad = client_for("anonymous").get(
        url("attendance_statistics", group=world["group"].pk) + "?year=nonsense"
    )
    assert bad.status_code == 404


def test_delete_item_refusal_redirects_with_message(world, client_for):
    response = client_for("officer").post(url("item_delete", **_i(world)), follow=True)
    assert "cannot be removed" in response.content.decode()
    assert AgendaItem.objects.filter(pk=world["plan_item"].pk).exists()


def test_priority_page_lists_the_meetings_that_discussed_it(world, client_for):
    priority = world["link"].priority
    officer = world["officer"]
    hidden = meetings.agenda_item_add(meeting=world["tentative"], by=officer, title="Not yet")
    meetings.agenda_link_add(item=hidden, by=officer, priority=priority)
    address = reverse(
        "plans:priority_detail",
        kwargs={"partnership": SLUG, "plan": priority.plan.slug, "priority": priority.pk},
    )
    public = client_for("anonymous").get(address).content.decode()
    assert "Meetings that discussed this" in public
    assert "18. Draft Children and Young People&#x27;s Plan" in public
    assert "Not yet" not in public
    partner = client_for("board").get(address).content.decode()
    assert "Not yet" in partner
    # Newest first: the 2031 meeting comes before the 2021 one.
    assert partner.index("Not yet") < partner.index("18. Draft Children")


def test_the_agenda_links_an_item_to_its_indicators_page(world, client_for):
    from partnership.indicators.models import Indicator

    indicator = Indicator.objects.filter(partnership__slug=SLUG).order_by("code").first()
    meetings.agenda_link_add(item=world["plan_item"], by=world["officer"], indicator=indicator)
    page = client_for("anonymous").get(url("meeting_detail", meeting=world["meeting"].pk))
    target = reverse("performance:indicator", kwargs={"partnership": SLUG, "code": indicator.code})
    assert f'href="{target}"' in page.content.decode()
