"""Search: the index holds exactly what the public may see; queries never expose FTS syntax.

The data is built here, in Stockton, through the models (the meeting services belong to other
parts of the product and are not needed to publish a test meeting); the index is built with
``search.index_meeting`` or, in the signal tests, by committing and letting the receivers run.
The words searched for ("zephyrine", "quillwort") appear nowhere in the demo, so results are ours.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from partnership.governance import search
from partnership.governance.meeting_models import (
    ActionArising,
    AgendaItem,
    GuideItem,
    GuideStatus,
    ItemMinute,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    OneMinuteGuide,
    Paper,
    SearchEntry,
)
from partnership.governance.models import Group
from partnership.web.models import Partnership

STOCKTON = "stockton-on-tees"
LONDON = ZoneInfo("Europe/London")


# Helpers ---------------------------------------------------------------------------------------


def stockton() -> Partnership:
    return Partnership.objects.get(slug=STOCKTON)


def group(name: str = "Search Test Board") -> Group:
    return Group.objects.get_or_create(partnership=stockton(), name=name)[0]


def meeting(
    *,
    on: dt.date = dt.date(2021, 1, 5),
    status: str = MeetingStatus.HELD,
    agenda: bool = True,
    board: Group | None = None,
) -> Meeting:
    start = dt.datetime(on.year, on.month, on.day, 14, 0, tzinfo=LONDON)
    return Meeting.objects.create(
        group=board or group(),
        start=start,
        status=status,
        agenda_published_at=start - dt.timedelta(days=7) if agenda else None,
    )


def item(m: Meeting, number: int, title: str, **fields: object) -> AgendaItem:
    return AgendaItem.objects.create(meeting=m, order=number, number=number, title=title, **fields)


def paper(i: AgendaItem, title: str, text: str) -> Paper:
    return Paper.objects.create(
        item=i,
        title=title,
        file=f"governance/papers/{i.meeting_id}/p.pdf",
        size=10,
        sha256="0" * 64,
        text=text,
    )


def minutes(m: Meeting, status: str = MinutesStatus.PUBLISHED) -> Minutes:
    published = timezone.now() if status == MinutesStatus.PUBLISHED else None
    return Minutes.objects.create(meeting=m, status=status, published_at=published)


def minute(i: AgendaItem, narrative: str = "", points=(), resolutions=()) -> ItemMinute:
    return ItemMinute.objects.create(
        item=i, narrative=narrative, points=list(points), resolutions=list(resolutions)
    )


def guide(
    m: Meeting, status: str = GuideStatus.PUBLISHED, *items: tuple[str, str]
) -> OneMinuteGuide:
    g = OneMinuteGuide.objects.create(
        meeting=m,
        status=status,
        introduction="This meeting was held at One Strawberry Lane.",
        published_at=timezone.now() if status == GuideStatus.PUBLISHED else None,
    )
    for order, (heading, text) in enumerate(items, 1):
        GuideItem.objects.create(guide=g, order=order, heading=heading, text=text)
    return g


def entries(m: Meeting) -> dict[tuple[str, str], SearchEntry]:
    return {(e.kind, e.title): e for e in SearchEntry.objects.filter(meeting=m)}


def kinds(m: Meeting) -> list[str]:
    return sorted(e.kind for e in SearchEntry.objects.filter(meeting=m))


def titles(query: str, **filters: object) -> list[str]:
    results = search.search(
        partnership=stockton(),
        query=query,
        filters=search.Filters(**filters),  # type: ignore[arg-type]
    )
    return [hit.entry.title for hit in results[0 : results.count()]]


# The index: what the public may see, and nothing else ------------------------------------------


def test_a_published_agenda_gives_one_entry_per_public_item(demo):
    m = meeting()
    item(m, 12, "Apologies for absence")
    item(m, 13, "Zephyrine strategy", description="The board's plan", presenter="Jane Doe")
    item(m, 14, "Zephyrine contract award", exempt=True, exempt_reason="Paragraph 3")

    assert search.index_meeting(meeting=m) == 2

    found = entries(m)
    assert set(found) == {
        ("agenda", "12. Apologies for absence"),
        ("agenda", "13. Zephyrine strategy"),
    }
    strategy = found[("agenda", "13. Zephyrine strategy")]
    assert "The board's plan" in strategy.body and "Presented by Jane Doe" in strategy.body
    assert strategy.url.endswith("#item-13")
    assert strategy.partnership == stockton() and strategy.published_at == m.agenda_published_at
    assert strategy.source == f"governance.agendaitem:{strategy.source.split(':')[1]}"


def test_nothing_is_indexed_for_a_tentative_meeting_or_an_unpublished_agenda(demo):
    tentative = meeting(status=MeetingStatus.TENTATIVE)
    item(tentative, 1, "Zephyrine tentative")
    unpublished = meeting(agenda=False)
    paper(item(unpublished, 1, "Zephyrine unpublished"), "Draft paper", "zephyrine")

    assert search.index_meeting(meeting=tentative) == 0
    assert search.index_meeting(meeting=unpublished) == 0
    assert not SearchEntry.objects.filter(meeting__in=[tentative, unpublished]).exists()


def test_minutes_are_indexed_only_once_published_and_never_for_exempt_items(demo):
    m = meeting()
    public = item(m, 13, "Zephyrine strategy")
    secret = item(m, 14, "Zephyrine contract", exempt=True)
    minute(
        public,
        "The board discussed the strategy.",
        points=["Quillwort was raised", "Funding is agreed"],
        resolutions=["to note the report"],
    )
    minute(secret, "Commercially sensitive zephyrine figures.")
    ActionArising.objects.create(item=public, description="Write to schools", owner="J Doe")
    record = minutes(m, MinutesStatus.DRAFT)

    for status in (MinutesStatus.DRAFT, MinutesStatus.CIRCULATED, MinutesStatus.APPROVED):
        Minutes.objects.filter(pk=record.pk).update(status=status)
        search.index_meeting(meeting=m)
        assert kinds(m) == ["agenda"], status

    Minutes.objects.filter(pk=record.pk).update(
        status=MinutesStatus.PUBLISHED, published_at=timezone.now()
    )
    search.index_meeting(meeting=m)
    assert kinds(m) == ["agenda", "minutes"]
    entry = SearchEntry.objects.get(meeting=m, kind="minutes")
    assert entry.title == "13. Zephyrine strategy"
    assert "a) Quillwort was raised" in entry.body and "b) Funding is agreed" in entry.body
    assert "Resolved: to note the report" in entry.body
    assert "Action: Write to schools (J Doe)" in entry.body
    assert "Commercially sensitive" not in " ".join(
        SearchEntry.objects.filter(meeting=m).values_list("body", flat=True)
    )


def test_a_guide_is_indexed_once_published_with_its_numbered_items(demo):
    m = meeting()
    g = guide(m, GuideStatus.DRAFT, ("Zephyrine plan", "The board agreed the plan."))
    search.index_meeting(meeting=m)
    assert "guide" not in kinds(m)

    OneMinuteGuide.objects.filter(pk=g.pk).update(
        status=GuideStatus.PUBLISHED, published_at=timezone.now()
    )
    search.index_meeting(meeting=m)
    entry = SearchEntry.objects.get(meeting=m, kind="guide")
    assert entry.title == "One-minute guide: Search Test Board, 5 January 2021"
    assert "1. Zephyrine plan\nThe board agreed the plan." in entry.body
    assert entry.body.startswith("This meeting was held at One Strawberry Lane.")


def test_papers_of_public_items_are_indexed_with_their_text(demo):
    m = meeting()
    p = paper(item(m, 13, "Strategy"), "Zephyrine report", "Quillwort appears on page 4.")
    paper(item(m, 14, "Contract", exempt=True), "Exempt appendix", "Secret quillwort prices.")

    search.index_meeting(meeting=m)
    entry = SearchEntry.objects.get(meeting=m, kind="paper")
    assert entry.title == "Zephyrine report" and entry.source == f"governance.paper:{p.pk}"
    assert "Quillwort appears on page 4." in entry.body


def test_reindexing_removes_what_is_no_longer_public(demo):
    m = meeting()
    strategy = item(m, 13, "Zephyrine strategy")
    p = paper(strategy, "Zephyrine report", "text")
    minute(strategy, "Discussed.")
    record = minutes(m)
    search.index_meeting(meeting=m)
    assert kinds(m) == ["agenda", "minutes", "paper"]

    p.delete()
    search.index_meeting(meeting=m)
    assert kinds(m) == ["agenda", "minutes"]

    Minutes.objects.filter(pk=record.pk).update(status=MinutesStatus.APPROVED)
    search.index_meeting(meeting=m)
    assert kinds(m) == ["agenda"]

    AgendaItem.objects.filter(pk=strategy.pk).update(exempt=True)
    search.index_meeting(meeting=m)
    assert kinds(m) == []


def test_a_meeting_made_tentative_leaves_the_index(demo):
    m = meeting(status=MeetingStatus.CONFIRMED)
    item(m, 1, "Zephyrine")
    search.index_meeting(meeting=m)
    assert kinds(m) == ["agenda"]
    Meeting.objects.filter(pk=m.pk).update(status=MeetingStatus.TENTATIVE)
    search.index_meeting(meeting=m)
    assert kinds(m) == []


def test_marker_characters_in_the_text_are_stripped_so_no_highlight_can_be_forged(demo):
    m = meeting()
    item(m, 1, f"Zephyrine {search.MARK_START}fake{search.MARK_END}")
    search.index_meeting(meeting=m)
    assert SearchEntry.objects.get(meeting=m).title == "1. Zephyrine fake"


# Keeping it up to date: the receivers, after commit -------------------------------------------


def test_every_change_reindexes_its_meeting_once_committed(
    demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        m = meeting()
        strategy = item(m, 13, "Zephyrine strategy")
        p = paper(strategy, "Zephyrine report", "quillwort")
    assert kinds(m) == ["agenda", "paper"]

    with django_capture_on_commit_callbacks(execute=True):
        minute(strategy, "Quillwort discussed.")
        minutes(m)
    assert kinds(m) == ["agenda", "minutes", "paper"]

    with django_capture_on_commit_callbacks(execute=True):
        guide(m, GuideStatus.PUBLISHED, ("Zephyrine", "Agreed."))
    assert "guide" in kinds(m)

    with django_capture_on_commit_callbacks(execute=True):
        p.delete()
    assert "paper" not in kinds(m)

    with django_capture_on_commit_callbacks(execute=True):
        strategy.exempt = True
        strategy.save()
    assert kinds(m) == ["guide"]

    with django_capture_on_commit_callbacks(execute=True):
        m.status = MeetingStatus.TENTATIVE
        m.save()
    assert kinds(m) == []


def test_many_saves_in_one_transaction_reindex_the_meeting_once(
    demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        m = meeting()
        for number in range(1, 6):
            item(m, number, f"Item {number}")
    queued = [c.meeting_id for c in callbacks if isinstance(c, search._Reindex)]
    assert queued == [m.pk]


def test_deleting_a_meeting_empties_its_entries(demo, django_capture_on_commit_callbacks):
    m = meeting()
    item(m, 1, "Zephyrine")
    search.index_meeting(meeting=m)
    meeting_id = m.pk
    with django_capture_on_commit_callbacks(execute=True):
        m.delete()
    assert not SearchEntry.objects.filter(meeting_id=meeting_id).exists()


# Queries: what people type --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "fts5", "websearch", "prefix"),
    [
        ("zephyrine", '"zephyrine"*', "", "zephyrine"),
        ("Early help", '"early" "help"*', '"early"', "help"),
        ('"child exploitation"', '"child exploitation"', '"child exploitation"', ""),
        (
            '"child exploitation" plan',
            '"child exploitation" "plan"*',
            '"child exploitation"',
            "plan",
        ),
        ("to be", '"to" "be"', '"to" "be"', ""),
        ('x OR y NOT "z', '"x" "or" "y" "not" "z"', '"x" "or" "y" "not" "z"', ""),
        ("NEAR(a b) c:* ^d", '"near" "a" "b" "c" "d"', '"near" "a" "b" "c" "d"', ""),
        ("-sen's", '"sen" "s"', '"sen" "s"', ""),
        ("café_bar", '"café_bar"', '"café_bar"', ""),
    ],
)
def test_what_is_typed_becomes_quoted_terms(typed, fts5, websearch, prefix):
    parsed = search.parse_query(typed)
    assert parsed.fts5() == fts5
    assert parsed.websearch() == websearch
    assert parsed.prefix_word == prefix


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("!!! ???", "Enter words to search for"),
        ('""', "Enter words to search for"),
        ("a" * 201, "200 characters or fewer: you typed 201"),
    ],
)
def test_a_query_with_nothing_to_search_for_is_refused(typed, message):
    with pytest.raises(search.QueryError, match=message):
        search.parse_query(typed)


def test_a_query_of_exactly_200_characters_is_accepted():
    assert search.parse_query("word " * 39 + "abcd").phrases


def test_terms_beyond_twenty_are_ignored_and_the_last_is_then_not_a_prefix():
    parsed = search.parse_query(" ".join(f"word{n}" for n in range(30)))
    assert len(parsed.phrases) == search.MAX_TERMS and not parsed.prefix


# Queries: what comes back ---------------------------------------------------------------------


@pytest.fixture
def library(demo):
    """Two meetings of two groups in two municipal years, with each kind of entry."""
    board = group("Search Test Board")
    other = group("Search Test Sub-group")
    first = meeting(on=dt.date(2021, 1, 5), board=board)
    strategy = item(first, 13, "Zephyrine strategy", description="Tackling child exploitation.")
    item(first, 14, "Budget", description="The zephyrine budget: <income> & spending.")
    paper(strategy, "Quillwort paper", "Exploitation of children and the zephyrine plan.")
    minute(strategy, "Members discussed safeguarding in zephyrine schools.")
    minutes(first)
    second = meeting(on=dt.date(2024, 10, 23), board=other)
    item(second, 3, "Quillwort meetings", description="Child and exploitation")
    guide(second, GuideStatus.PUBLISHED, ("Quillwort", "The partnership met."))
    for m in (first, second):
        search.index_meeting(meeting=m)
    return {"first": first, "second": second, "board": board, "other": other}


def test_words_are_found_in_every_kind_with_title_matches_first(library):
    found = titles("zephyrine")
    assert found[0] == "13. Zephyrine strategy"
    assert sorted(found) == sorted(
        ["13. Zephyrine strategy", "14. Budget", "Quillwort paper", "13. Zephyrine strategy"]
    )


def test_stemming_prefixes_phrases_and_accents(library):
    assert "Quillwort paper" in titles("children")  # "child" and "children" share a stem
    assert "3. Quillwort meetings" in titles("meeting")
    assert "13. Zephyrine strategy" in titles("zephyr")  # the last word as a prefix
    assert titles('"child exploitation"') == ["13. Zephyrine strategy"]
    assert sorted(titles("child exploitation")) == [
        "13. Zephyrine strategy",
        "3. Quillwort meetings",
    ]
    if connection.vendor == "sqlite":
        # FTS5's remove_diacritics; PostgreSQL's "english" configuration keeps accents.
        assert titles("zéphyrine") == titles("zephyrine")


def test_every_word_must_match(library):
    assert titles("zephyrine quillwort") == ["Quillwort paper"]
    assert titles("zephyrine nonexistentword") == []


def test_syntax_characters_never_reach_the_database_as_syntax(library):
    for typed in (
        'zephyrine"',
        "zephyrine AND",
        "OR",
        "NOT zephyrine",
        "zeph*",
        "(zephyrine",
        "zephyrine:title",
        "NEAR(zephyrine",
        "title:zephyrine",
        "-zephyrine",
        "^x",
    ):
        search.search(partnership=stockton(), query=typed).count()


def test_snippets_escape_everything_but_their_own_highlights(library):
    results = search.search(partnership=stockton(), query="budget")
    (hit,) = results[0:10]
    assert "<mark>" in hit.snippet
    assert "<income>" not in hit.snippet and "&amp; spending" in hit.snippet
    assert hit.kind_label == "Agenda item"
    assert hit.meeting_label == "Search Test Board, 5 January 2021"


def test_a_title_only_match_shows_the_start_of_the_text(library):
    (hit,) = search.search(
        partnership=stockton(), query="strategy", filters=search.Filters(kind="agenda")
    )[0:5]
    assert "Tackling child exploitation." in hit.snippet


def test_filters_by_kind_group_and_dates(library):
    assert titles("zephyrine", kind="paper") == ["Quillwort paper"]
    assert titles("zephyrine", kind="minutes") == ["13. Zephyrine strategy"]
    assert sorted(titles("quillwort", group_id=library["other"].pk)) == [
        "3. Quillwort meetings",
        "One-minute guide: Search Test Sub-group, 23 October 2024",
    ]
    start, end = search.municipal_year_range("2020/21")
    assert (start, end) == (dt.date(2020, 5, 1), dt.date(2021, 4, 30))
    assert "3. Quillwort meetings" not in titles("quillwort", start=start, end=end)
    assert "Quillwort paper" in titles("quillwort", start=start, end=end)
    assert titles("quillwort", start=dt.date(2021, 1, 6), end=dt.date(2024, 10, 22)) == []
    assert "3. Quillwort meetings" in titles("quillwort", start=dt.date(2024, 10, 23))


def test_another_partnerships_entries_are_never_found(library):
    kent = Partnership.objects.exclude(slug=STOCKTON).first()
    assert kent is not None
    results = search.search(partnership=kent, query="zephyrine")
    assert results.count() == 0


def test_results_come_a_page_at_a_time(library):
    m = meeting(on=dt.date(2022, 3, 1))
    for n in range(1, 26):
        item(m, n, f"Marram item {n}")
    search.index_meeting(meeting=m)
    results = search.search(partnership=stockton(), query="marram")
    assert results.count() == 25 and len(results) == 25
    first, second = results[0:20], results[20:40]
    assert len(first) == 20 and len(second) == 5
    assert not {h.entry.pk for h in first} & {h.entry.pk for h in second}


# The reindex command --------------------------------------------------------------------------


def test_the_reindex_command_rebuilds_a_partnerships_entries(library):
    SearchEntry.objects.filter(meeting=library["first"]).delete()
    out = StringIO()
    call_command("search", "reindex", "--partnership", STOCKTON, stdout=out)
    assert kinds(library["first"]) == ["agenda", "agenda", "minutes", "paper"]
    count = SearchEntry.objects.filter(partnership=stockton()).count()
    assert out.getvalue().strip() == (
        f"Search index rebuilt for {stockton().name}: {count} entries."
    )
    assert "13. Zephyrine strategy" in titles("zephyrine")


def test_the_reindex_command_refuses_an_unknown_partnership(demo):
    with pytest.raises(CommandError, match="There is no partnership “nowhere”. Known: "):
        call_command("search", "reindex", "--partnership", "nowhere")


# The databases' own full-text indexes ---------------------------------------------------------


sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the FTS5 table and its triggers are SQLite's"
)
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the GIN index is PostgreSQL's"
)


@sqlite_only
def test_sqlite_keeps_the_fts5_table_in_step_by_triggers(library):
    def matches(word: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM {search.FTS_TABLE} WHERE {search.FTS_TABLE} MATCH %s",
                [f'"{word}"'],
            )
            return cursor.fetchone()[0]

    entry = SearchEntry.objects.get(meeting=library["second"], kind="agenda")
    assert matches("marshwort") == 0
    entry.body = "marshwort"
    entry.save()
    assert matches("marshwort") == 1
    entry.delete()
    assert matches("marshwort") == 0


@sqlite_only
def test_sqlite_triggers_lost_with_a_remade_table_are_put_back(library):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {search.FTS_TABLE}_ai")
    assert search.ensure_full_text_index(connection) is True
    assert search.ensure_full_text_index(connection) is False
    m = meeting(on=dt.date(2022, 3, 1))
    item(m, 1, "Marshwort")
    search.index_meeting(meeting=m)
    assert titles("marshwort") == ["1. Marshwort"]


@postgres_only
def test_postgresql_has_a_gin_index_the_query_uses(library):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [search.FTS_TABLE])
        (definition,) = cursor.fetchone()
        assert "USING gin" in definition and "to_tsvector" in definition
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM governance_searchentry e "
            f"WHERE {search.POSTGRES_DOCUMENT} @@ websearch_to_tsquery('english', 'zephyrine')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert search.FTS_TABLE in plan, plan
