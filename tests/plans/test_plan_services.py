"""The plan services: every write validated, ordered, kept within its partnership and recorded
in the history under the name of whoever made it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from partnership.governance.models import Group
from partnership.indicators.models import Indicator
from partnership.plans import services
from partnership.plans.models import (
    PLAN_STATUS_TRANSITIONS,
    KeyAction,
    Plan,
    PlanSection,
    PlanStatus,
    Priority,
    PriorityIndicator,
    Strategy,
    SuccessCriterion,
)
from partnership.web.models import Partnership, User

D = dt.date


@pytest.fixture
def officer(db):
    return User.objects.create_user("svc-officer", first_name="Olive Officer", password="x" * 16)


@pytest.fixture
def home(db):
    return Partnership.objects.create(slug="svc-home", name="Home Partnership")


@pytest.fixture
def elsewhere(db):
    return Partnership.objects.create(slug="svc-elsewhere", name="Elsewhere Partnership")


@pytest.fixture
def plan(home, officer):
    return services.plan_create(
        partnership=home,
        by=officer,
        slug="cypp-2025-2028",
        title="Plan 2025 to 2028",
        period_start=D(2025, 4, 1),
        period_end=D(2028, 3, 31),
    )


@pytest.fixture
def priority(plan, officer):
    return services.priority_create(plan=plan, by=officer, title="Start well")


def make_group(partnership: Partnership, name: str) -> Group:
    return Group.objects.create(partnership=partnership, name=name, classification="team")


def orders(queryset) -> list[tuple[str, int]]:
    return [(str(x), x.order) for x in queryset.order_by("order")]


# Plans -----------------------------------------------------------------------------------------


def test_plan_create_records_everything_and_who(home, officer):
    plan = services.plan_create(
        partnership=home,
        by=officer,
        slug="cypp-2030",
        title="Plan 2030",
        aims=("Aim one", "Aim two"),
        vision="A vision",
        priority_term="outcome",
    )
    plan.refresh_from_db()
    assert (plan.status, plan.term, plan.aims) == ("draft", "Outcome", ["Aim one", "Aim two"])
    record = plan.history.get()
    assert record.history_type == "+"
    assert record.history_user == officer


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"period_start": D(2025, 4, 1), "period_end": D(2024, 3, 31)},
            "period_end",
            "The end of the plan period must be after its start.",
        ),
        (
            {"period_start": D(2025, 4, 1), "period_end": D(2025, 4, 1)},
            "period_end",
            "The end of the plan period must be after its start.",
        ),
        ({"slug": "Bad Slug!"}, "slug", "Use lower-case letters, digits and single hyphens"),
        ({"title": ""}, "title", "This field cannot be blank."),
        ({"priority_term": "theme"}, "priority_term", "is not a valid choice"),
    ],
    ids=["end-before-start", "end-equals-start", "bad-slug", "empty-title", "bad-term"],
)
def test_plan_create_refuses_bad_fields(home, officer, fields, field, message):
    before = Plan.objects.count()
    values = {"slug": "ok-slug", "title": "A title", **fields}
    with pytest.raises(ValidationError) as caught:
        services.plan_create(partnership=home, by=officer, **values)
    assert field in caught.value.message_dict
    assert any(message in m for m in caught.value.message_dict[field])
    assert Plan.objects.count() == before


def test_plan_slug_is_unique_within_a_partnership_only(plan, home, elsewhere, officer):
    with pytest.raises(ValidationError):
        services.plan_create(partnership=home, by=officer, slug=plan.slug, title="Clash")
    twin = services.plan_create(partnership=elsewhere, by=officer, slug=plan.slug, title="Twin")
    assert twin.slug == plan.slug
    assert Plan.objects.filter(slug=plan.slug).count() == 2


def test_plan_update_changes_fields_and_records_the_change(plan, officer):
    services.plan_update(plan=plan, by=officer, title="Renamed", aims=("One",))
    plan.refresh_from_db()
    assert (plan.title, plan.aims) == ("Renamed", ["One"])
    latest = plan.history.first()
    assert latest.history_type == "~"
    assert latest.history_user == officer
    delta = latest.diff_against(latest.prev_record)
    assert {c.field for c in delta.changes} == {"title", "aims"}


def test_plan_update_refuses_period_ending_before_it_starts(plan, officer):
    with pytest.raises(ValidationError) as caught:
        services.plan_update(plan=plan, by=officer, period_end=D(2020, 1, 1))
    assert caught.value.message_dict == {
        "period_end": ["The end of the plan period must be after its start."]
    }
    assert Plan.objects.get(pk=plan.pk).period_end == D(2028, 3, 31)


def test_plan_update_refuses_fields_it_does_not_own(plan, officer):
    with pytest.raises(TypeError, match="cannot change partnership, status"):
        services.plan_update(plan=plan, by=officer, status="adopted", partnership=None)


# The status state machine ------------------------------------------------------------------

STATUSES = [s.value for s in PlanStatus]
MOVES = [(a, b) for a in STATUSES for b in STATUSES if a != b]


@pytest.mark.parametrize(("start", "target"), MOVES, ids=[f"{a}->{b}" for a, b in MOVES])
def test_every_status_move(plan, officer, start, target):
    Plan.objects.filter(pk=plan.pk).update(status=start)
    plan.refresh_from_db()
    allowed = target in PLAN_STATUS_TRANSITIONS[start]
    if allowed:
        services.plan_change_status(plan=plan, status=target, by=officer)
        assert Plan.objects.get(pk=plan.pk).status == target
        assert plan.history.first().history_user == officer
    else:
        with pytest.raises(ValidationError) as caught:
            services.plan_change_status(plan=plan, status=target, by=officer)
        message = caught.value.message_dict["status"][0]
        assert f"A plan that is {PlanStatus(start).label.lower()} cannot become" in message
        assert PlanStatus(target).label.lower() in message
        assert Plan.objects.get(pk=plan.pk).status == start


def test_the_allowed_moves_are_the_documented_ones():
    assert {
        "draft": {"consultation", "adopted"},
        "consultation": {"draft", "adopted"},
        "adopted": {"archived"},
        "archived": {"adopted"},
    } == PLAN_STATUS_TRANSITIONS


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        (
            "adopted",
            "draft",
            "A plan that is adopted cannot become draft. It can become archived.",
        ),
        (
            "draft",
            "archived",
            "A plan that is draft cannot become archived. "
            "It can become out for consultation or adopted.",
        ),
        (
            "archived",
            "consultation",
            "A plan that is archived cannot become out for consultation. It can become adopted.",
        ),
        (
            "draft",
            "published",
            "A plan that is draft cannot become published. "
            "It can become out for consultation or adopted.",
        ),
    ],
)
def test_refused_status_moves_explain_what_is_allowed(plan, officer, start, target, message):
    Plan.objects.filter(pk=plan.pk).update(status=start)
    plan.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.plan_change_status(plan=plan, status=target, by=officer)
    assert caught.value.message_dict == {"status": [message]}


def test_status_unchanged_is_a_no_op_without_history(plan, officer):
    before = plan.history.count()
    services.plan_change_status(plan=plan, status="draft", by=officer)
    assert plan.history.count() == before


def test_status_choices_offer_only_allowed_moves(plan):
    assert services.plan_status_choices(plan) == [
        ("consultation", "Out for consultation"),
        ("adopted", "Adopted"),
    ]


# Priorities ----------------------------------------------------------------------------------


def test_priorities_are_numbered_in_order_and_renumbered_after_a_delete(plan, officer):
    a, b, c, d = (services.priority_create(plan=plan, by=officer, title=t) for t in "ABCD")
    assert orders(plan.priorities) == [("A", 1), ("B", 2), ("C", 3), ("D", 4)]
    services.priority_delete(priority=b, by=officer)
    assert orders(plan.priorities) == [("A", 1), ("C", 2), ("D", 3)]
    services.priority_move(priority=Priority.objects.get(pk=d.pk), direction="up", by=officer)
    assert orders(plan.priorities) == [("A", 1), ("D", 2), ("C", 3)]
    services.priority_move(priority=Priority.objects.get(pk=a.pk), direction="down", by=officer)
    assert orders(plan.priorities) == [("D", 1), ("A", 2), ("C", 3)]
    # Moving past either end changes nothing.
    services.priority_move(priority=Priority.objects.get(pk=d.pk), direction="up", by=officer)
    services.priority_move(priority=Priority.objects.get(pk=c.pk), direction="down", by=officer)
    assert orders(plan.priorities) == [("D", 1), ("A", 2), ("C", 3)]
    assert Priority.objects.get(pk=c.pk).number == 3


def test_move_refuses_an_unknown_direction(priority, officer):
    with pytest.raises(ValueError, match="direction must be 'up' or 'down'"):
        services.priority_move(priority=priority, direction="sideways", by=officer)


def test_priority_update_and_empty_title(priority, officer):
    services.priority_update(priority=priority, by=officer, title="Start better", description="D")
    priority.refresh_from_db()
    assert (priority.title, priority.description) == ("Start better", "D")
    with pytest.raises(ValidationError) as caught:
        services.priority_update(priority=priority, by=officer, title="", description="")
    assert "title" in caught.value.message_dict
    assert Priority.objects.get(pk=priority.pk).title == "Start better"


def test_deleting_a_priority_deletes_its_children_and_records_each(plan, priority, home, officer):
    indicator = Indicator.objects.create(partnership=home, code="svc-ind", name="An indicator")
    group = make_group(home, "Lead team")
    services.criterion_create(priority=priority, by=officer, text="Criterion")
    services.priority_indicator_add(priority=priority, indicator=indicator, by=officer)
    action = services.action_create(
        priority=priority, by=officer, text="Action", lead_groups=[group]
    )
    priority_pk, action_pk = priority.pk, action.pk  # deleting clears the instances' pk
    assert SuccessCriterion.objects.filter(priority_id=priority_pk).count() == 1
    services.priority_delete(priority=priority, by=officer)
    assert not Priority.objects.filter(pk=priority_pk).exists()
    assert not SuccessCriterion.objects.filter(priority_id=priority_pk).exists()
    assert not PriorityIndicator.objects.filter(priority_id=priority_pk).exists()
    assert not KeyAction.objects.filter(pk=action_pk).exists()
    # What the children pointed at stays.
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    assert Group.objects.filter(pk=group.pk).exists()
    for model in (Priority, SuccessCriterion, PriorityIndicator, KeyAction):
        key = "id" if model is Priority else "priority_id"
        deletion = model.history.filter(history_type="-", **{key: priority_pk}).get()
        assert deletion.history_user == officer, model.__name__


def test_deleting_a_plan_deletes_its_contents_but_not_the_catalogue(plan, priority, officer):
    services.section_create(plan=plan, by=officer, key="foreword", title="Foreword", body="")
    group = make_group(plan.partnership, "Team")
    services.action_create(priority=priority, by=officer, text="Act", lead_groups=[group])
    plan_pk = plan.pk  # deleting clears the instance's pk
    assert Priority.objects.filter(plan_id=plan_pk).exists()
    services.plan_delete(plan=plan, by=officer)
    assert not Plan.objects.filter(pk=plan_pk).exists()
    assert not PlanSection.objects.filter(plan_id=plan_pk).exists()
    assert not Priority.objects.filter(plan_id=plan_pk).exists()
    assert not KeyAction.objects.filter(priority__plan_id=plan_pk).exists()
    assert Group.objects.filter(pk=group.pk).exists()
    assert Plan.history.filter(id=plan_pk, history_type="-").get().history_user == officer


# Success criteria ----------------------------------------------------------------------------


def test_criteria_create_update_move_delete_keep_contiguous_order(priority, officer):
    made = [services.criterion_create(priority=priority, by=officer, text=t) for t in "XYZ"]
    assert orders(priority.criteria) == [("X", 1), ("Y", 2), ("Z", 3)]
    services.criterion_update(criterion=made[1], by=officer, text="Y2")
    services.criterion_move(criterion=made[2], direction="up", by=officer)
    assert orders(priority.criteria) == [("X", 1), ("Z", 2), ("Y2", 3)]
    services.criterion_delete(criterion=SuccessCriterion.objects.get(pk=made[0].pk), by=officer)
    assert orders(priority.criteria) == [("Z", 1), ("Y2", 2)]
    with pytest.raises(ValidationError):
        services.criterion_create(priority=priority, by=officer, text="")
    assert priority.criteria.count() == 2
    records = SuccessCriterion.history.filter(priority_id=priority.pk)
    assert records.count() >= 7
    assert {r.history_user for r in records} == {officer}


# Sections ------------------------------------------------------------------------------------


def test_sections_create_update_move_delete(plan, officer):
    a = services.section_create(plan=plan, by=officer, key="foreword", title="Foreword", body="")
    b = services.section_create(plan=plan, by=officer, key="profile", title="Profile", body="x")
    c = services.section_create(plan=plan, by=officer, key="needs", title="Needs", body="")
    assert orders(plan.sections) == [("Foreword", 1), ("Profile", 2), ("Needs", 3)]
    services.section_update(section=b, by=officer, key="area-profile", title="Area", body="y")
    b.refresh_from_db()
    assert (b.key, b.title, b.body) == ("area-profile", "Area", "y")
    services.section_move(section=c, direction="up", by=officer)
    assert orders(plan.sections) == [("Foreword", 1), ("Needs", 2), ("Area", 3)]
    services.section_delete(section=PlanSection.objects.get(pk=a.pk), by=officer)
    assert orders(plan.sections) == [("Needs", 1), ("Area", 2)]


def test_section_key_is_unique_within_the_plan_and_a_slug(plan, officer):
    services.section_create(plan=plan, by=officer, key="foreword", title="Foreword", body="")
    with pytest.raises(ValidationError):
        services.section_create(plan=plan, by=officer, key="foreword", title="Again", body="")
    with pytest.raises(ValidationError) as caught:
        services.section_create(plan=plan, by=officer, key="Not A Slug", title="T", body="")
    assert "key" in caught.value.message_dict
    assert plan.sections.count() == 1


# Indicator links -----------------------------------------------------------------------------


def test_indicator_links_order_duplicates_and_partnerships(priority, home, elsewhere, officer):
    own = [
        Indicator.objects.create(partnership=home, code=f"svc-{n}", name=f"Ind {n}") for n in "abc"
    ]
    national = Indicator.objects.create(partnership=None, code="svc-national", name="National")
    foreign = Indicator.objects.create(partnership=elsewhere, code="svc-foreign", name="Foreign")
    links = [
        services.priority_indicator_add(priority=priority, indicator=i, by=officer)
        for i in [*own, national]
    ]
    assert [(str(x), x.order) for x in priority.indicator_links.order_by("order")] == [
        ("Ind a", 1),
        ("Ind b", 2),
        ("Ind c", 3),
        ("National", 4),
    ]
    with pytest.raises(ValidationError) as caught:
        services.priority_indicator_add(priority=priority, indicator=own[0], by=officer)
    assert caught.value.message_dict == {
        "indicator": ["“Ind a” is already linked to this priority."]
    }
    with pytest.raises(ValidationError) as caught:
        services.priority_indicator_add(priority=priority, indicator=foreign, by=officer)
    assert caught.value.message_dict == {
        "indicator": ["Choose an indicator from this partnership's catalogue."]
    }
    assert priority.indicator_links.count() == 4
    services.priority_indicator_move(link=links[3], direction="up", by=officer)
    services.priority_indicator_remove(
        link=PriorityIndicator.objects.get(pk=links[0].pk), by=officer
    )
    assert [(str(x), x.order) for x in priority.indicator_links.order_by("order")] == [
        ("Ind b", 1),
        ("National", 2),
        ("Ind c", 3),
    ]


# Key actions ---------------------------------------------------------------------------------


def test_action_lead_groups_and_strategies_keep_the_order_given(priority, home, officer):
    zed, alpha, mid = (make_group(home, n) for n in ("Zed team", "Alpha team", "Mid team"))
    s1 = services.strategy_create(partnership=home, by=officer, title="Zulu strategy")
    s2 = services.strategy_create(partnership=home, by=officer, title="Alpha strategy")
    action = services.action_create(
        priority=priority,
        by=officer,
        text="Do it",
        lead_groups=[zed, alpha],
        linked_strategies=[s1, s2],
        start_date=D(2025, 4, 1),
        due_date=D(2026, 3, 31),
    )
    assert [g.name for g in action.ordered_lead_groups()] == ["Zed team", "Alpha team"]
    assert [s.title for s in action.ordered_strategies()] == ["Zulu strategy", "Alpha strategy"]
    services.action_update(
        action=action,
        by=officer,
        text="Do it now",
        lead_groups=[mid, zed],
        linked_strategies=[s2],
        start_date=None,
        due_date=None,
    )
    action = KeyAction.objects.get(pk=action.pk)
    assert action.text == "Do it now"
    assert [g.name for g in action.ordered_lead_groups()] == ["Mid team", "Zed team"]
    assert [s.title for s in action.ordered_strategies()] == ["Alpha strategy"]


def test_actions_order_move_and_delete(priority, officer):
    made = [services.action_create(priority=priority, by=officer, text=t) for t in "PQR"]
    services.action_move(action=made[0], direction="down", by=officer)
    assert orders(priority.actions) == [("Q", 1), ("P", 2), ("R", 3)]
    services.action_delete(action=KeyAction.objects.get(pk=made[1].pk), by=officer)
    assert orders(priority.actions) == [("P", 1), ("R", 2)]


@pytest.mark.parametrize("what", ["lead_groups", "linked_strategies"])
def test_action_refuses_another_partnerships_group_or_strategy(priority, elsewhere, officer, what):
    foreign = (
        make_group(elsewhere, "Their team")
        if what == "lead_groups"
        else Strategy.objects.create(partnership=elsewhere, title="Their strategy")
    )
    before = (KeyAction.objects.count(), KeyAction.history.count())
    with pytest.raises(ValidationError) as caught:
        services.action_create(priority=priority, by=officer, text="Act", **{what: [foreign]})
    assert what in caught.value.message_dict
    assert "is not one of this partnership's" in caught.value.message_dict[what][0]
    # The action saved before the links were checked is rolled back too.
    assert (KeyAction.objects.count(), KeyAction.history.count()) == before


def test_action_update_refuses_another_partnerships_group_and_keeps_the_old_links(
    priority, home, elsewhere, officer
):
    ours = make_group(home, "Our team")
    action = services.action_create(priority=priority, by=officer, text="A", lead_groups=[ours])
    with pytest.raises(ValidationError):
        services.action_update(
            action=action,
            by=officer,
            text="Changed",
            lead_groups=[make_group(elsewhere, "Their team")],
            linked_strategies=[],
            start_date=None,
            due_date=None,
        )
    action = KeyAction.objects.get(pk=action.pk)
    assert action.text == "A"
    assert action.ordered_lead_groups() == [ours]


def test_action_due_before_start_is_refused_same_day_allowed(priority, officer):
    with pytest.raises(ValidationError) as caught:
        services.action_create(
            priority=priority,
            by=officer,
            text="Backwards",
            start_date=D(2025, 4, 2),
            due_date=D(2025, 4, 1),
        )
    assert caught.value.message_dict == {
        "due_date": ["The due date must be the same as or after the start date."]
    }
    assert priority.actions.count() == 0
    same = services.action_create(
        priority=priority,
        by=officer,
        text="Same day",
        start_date=D(2025, 4, 1),
        due_date=D(2025, 4, 1),
    )
    assert same.pk


def test_action_history_names_the_user_for_links_too(priority, home, officer):
    group = make_group(home, "Team")
    action = services.action_create(priority=priority, by=officer, text="Act", lead_groups=[group])
    records = KeyAction.history.filter(id=action.pk)
    assert records.exists()
    assert {r.history_user for r in records} == {officer}


def test_changes_made_without_a_user_have_no_history_user(home):
    plan = services.plan_create(partnership=home, by=None, slug="cli-plan", title="From CLI")
    assert plan.history.get().history_user is None


# Strategies ----------------------------------------------------------------------------------


def test_strategy_titles_are_unique_per_partnership(home, elsewhere, officer):
    services.strategy_create(partnership=home, by=officer, title="Early Help Strategy")
    with pytest.raises(ValidationError):
        services.strategy_create(partnership=home, by=officer, title="Early Help Strategy")
    services.strategy_create(partnership=elsewhere, by=officer, title="Early Help Strategy")
    assert (
        Strategy.objects.filter(
            title="Early Help Strategy", partnership__in=[home, elsewhere]
        ).count()
        == 2
    )


def test_strategy_update_validates_the_url(home, officer):
    strategy = services.strategy_create(partnership=home, by=officer, title="S")
    services.strategy_update(strategy=strategy, by=officer, title="S2", url="https://example.org/")
    with pytest.raises(ValidationError) as caught:
        services.strategy_update(strategy=strategy, by=officer, title="S2", url="not a url")
    assert "url" in caught.value.message_dict
    assert Strategy.objects.get(pk=strategy.pk).url == "https://example.org/"
