"""Search of what is published: agendas, minutes, one-minute guides and papers' text.

The index (``SearchEntry``) holds only what the public may see, as ``governance.visibility``
decides for an anonymous visitor, so a search can never show a signed-in person something the
public pages would not, nor leak an exempt item. Entries are rebuilt a meeting at a time:
``index_meeting`` after every change (the receivers in ``apps.py`` run it once the change is
committed), ``reindex`` from the ``search`` command.

The full-text index is the database's own: on SQLite an FTS5 table kept in step with
``governance_searchentry`` by triggers (migration 0005), queried with MATCH, bm25() and
snippet(); on PostgreSQL a GIN index over ``to_tsvector('english', title || ' ' || body)``,
queried with websearch_to_tsquery, ts_rank and ts_headline.

What people type never reaches either query language as syntax: ``parse_query`` keeps only
words and "quoted phrases", and each is passed quoted (FTS5) or as a bound parameter (both).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from partnership.web.models import Partnership

from . import visibility
from .meeting_models import (
    ActionArising,
    AgendaItem,
    ItemMinute,
    Meeting,
    Minutes,
    OneMinuteGuide,
    Paper,
    SearchEntry,
)
from .minutes import point_label


class Kind:
    AGENDA = "agenda"
    MINUTES = "minutes"
    GUIDE = "guide"
    PAPER = "paper"


KIND_LABELS = {
    Kind.AGENDA: "Agenda item",
    Kind.MINUTES: "Minutes",
    Kind.GUIDE: "One-minute guide",
    Kind.PAPER: "Paper",
}

MAX_QUERY_LENGTH = 200
# More terms than this is a pasted paragraph, not a search; the rest are ignored.
MAX_TERMS = 20
# A shorter last word would match most of the index as a prefix.
MIN_PREFIX_LENGTH = 3

# Highlights come back from the database between these two private-use characters, so that
# everything else can be escaped before they become <mark> tags. They are stripped from the
# indexed text, so no paper or minute can forge a highlight.
MARK_START = "\ue000"
MARK_END = "\ue001"
_MARKS = re.compile(f"[{MARK_START}{MARK_END}]")

FTS_TABLE = "governance_searchentry_fts"


# -- Building the index ------------------------------------------------------------------------


def _public() -> AnonymousUser:
    return AnonymousUser()


def _clean(text: str) -> str:
    return _MARKS.sub("", text or "").strip()


def _join(*parts: str) -> str:
    return "\n".join(p for p in (_clean(part) for part in parts) if p)


def _text_of(value: Any) -> str:
    """A point or resolution as stored: a string, or a dict with its words under "text"."""
    if isinstance(value, dict):
        return str(value.get("text", ""))
    return str(value)


def _url(name: str, anchor: str = "", **kwargs: Any) -> str:
    return reverse(name, kwargs=kwargs) + anchor


def item_anchor(item: AgendaItem) -> str:
    """The meeting page's anchor for an item: by its printed number, as people cite it."""
    return f"#item-{item.number if item.number is not None else item.order}"


def _agenda_entries(meeting: Meeting, items: Sequence[AgendaItem]) -> list[SearchEntry]:
    assert meeting.agenda_published_at is not None
    slug = meeting.group.partnership.slug
    entries = []
    for item in items:
        presenter = f"Presented by {item.presenter}" if item.presenter else ""
        purpose = item.get_purpose_display() if item.purpose else ""
        entries.append(
            SearchEntry(
                kind=Kind.AGENDA,
                source=f"governance.agendaitem:{item.pk}",
                title=_clean(str(item)),
                body=_join(item.description, presenter, purpose),
                url=_url(
                    "meetings:meeting_detail",
                    item_anchor(item),
                    partnership=slug,
                    meeting=meeting.pk,
                ),
                published_at=meeting.agenda_published_at,
            )
        )
    return entries


def _minute_body(item: AgendaItem, minute: ItemMinute, actions: Iterable[ActionArising]) -> str:
    points = [f"{point_label(i)} {_text_of(p)}" for i, p in enumerate(minute.points or [])]
    resolutions = [f"Resolved: {_text_of(r)}" for r in minute.resolutions or []]
    actions_text = [f"Action: {a.description} ({a.owner})" for a in actions]
    return _join(minute.narrative, *points, *resolutions, *actions_text)


def _minutes_entries(meeting: Meeting, minutes: Minutes) -> list[SearchEntry]:
    # Published minutes are public, but never the minute of an exempt item: the same rule as
    # visibility.item_visible applies to the public, without requiring the agenda to be
    # published too (minutes of a meeting held before the product was used have no agenda).
    items = (
        AgendaItem.objects.filter(meeting=meeting, exempt=False)
        .select_related("minute")
        .prefetch_related("actions_arising")
        .order_by("order")
    )
    published = minutes.published_at or timezone.now()
    url = _url(
        "minutes:minutes_detail",
        partnership=meeting.group.partnership.slug,
        meeting=meeting.pk,
    )
    entries = []
    for item in items:
        minute = getattr(item, "minute", None)
        if minute is None:
            continue
        body = _minute_body(item, minute, item.actions_arising.all())
        if not body:
            continue
        entries.append(
            SearchEntry(
                kind=Kind.MINUTES,
                source=f"governance.itemminute:{minute.pk}",
                title=_clean(str(item)),
                body=body,
                url=url + item_anchor(item),
                published_at=published,
            )
        )
    return entries


def _guide_entry(meeting: Meeting, guide: OneMinuteGuide) -> SearchEntry:
    lines = [f"{i}. {item.heading}\n{item.text}" for i, item in enumerate(guide.items.all(), 1)]
    return SearchEntry(
        kind=Kind.GUIDE,
        source=f"governance.oneminuteguide:{guide.pk}",
        title=_clean(f"One-minute guide: {meeting_label(meeting)}"),
        body=_join(guide.introduction, *lines, guide.closing),
        url=_url(
            "documents:guide_detail",
            partnership=meeting.group.partnership.slug,
            meeting=meeting.pk,
        ),
        published_at=guide.published_at or guide.updated_at,
    )


def _paper_entries(meeting: Meeting, items: Sequence[AgendaItem]) -> list[SearchEntry]:
    assert meeting.agenda_published_at is not None
    papers = Paper.objects.filter(item__in=items).select_related("item")
    entries = []
    for paper in papers:
        entries.append(
            SearchEntry(
                kind=Kind.PAPER,
                source=f"governance.paper:{paper.pk}",
                title=_clean(paper.title),
                body=_join(f"Paper for item {paper.item}", paper.text),
                url=_url(
                    "meetings:paper_download",
                    partnership=meeting.group.partnership.slug,
                    paper=paper.pk,
                ),
                # A paper added after the agenda went out is published when it is added.
                published_at=max(meeting.agenda_published_at, paper.uploaded_at),
            )
        )
    return entries


def public_entries(meeting: Meeting) -> list[SearchEntry]:
    """The entries ``meeting`` should have now: what the public may see of it, unsaved."""
    public = _public()
    if not visibility.meeting_visible(public, meeting):
        return []
    entries: list[SearchEntry] = []
    items = list(visibility.items_visible(public, meeting))
    if items:
        entries += _agenda_entries(meeting, items)
        entries += _paper_entries(meeting, items)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and visibility.minutes_visible(public, minutes):
        entries += _minutes_entries(meeting, minutes)
    guide = OneMinuteGuide.objects.filter(meeting=meeting).prefetch_related("items").first()
    if guide is not None and visibility.guide_visible(public, guide):
        entries.append(_guide_entry(meeting, guide))
    for entry in entries:
        entry.partnership = meeting.group.partnership
        entry.meeting = meeting
    return entries


@transaction.atomic
def index_meeting(*, meeting: Meeting) -> int:
    """Replace ``meeting``'s search entries with what the public may see of it now.

    Returns how many entries it has. Everything the public can no longer see (unpublished
    minutes, an item made exempt, a meeting made tentative, a removed paper) goes.
    """
    meeting = Meeting.objects.select_related("group__partnership").get(pk=meeting.pk)
    entries = public_entries(meeting)
    SearchEntry.objects.filter(meeting=meeting).delete()
    for entry in entries:
        # An agenda item may be just its title ("Apologies for absence"): no body is needed.
        entry.full_clean(exclude=["body"], validate_unique=False)
    SearchEntry.objects.bulk_create(entries)
    return len(entries)


def index_meeting_id(meeting_id: int) -> int:
    """``index_meeting`` for a meeting that may have been deleted since it was queued."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        SearchEntry.objects.filter(meeting_id=meeting_id).delete()
        return 0
    return index_meeting(meeting=meeting)


@transaction.atomic
def reindex(*, partnership: Partnership | None = None) -> int:
    """Rebuild the whole index (or one partnership's) and the database's full-text index."""
    meetings = Meeting.objects.all()
    entries = SearchEntry.objects.all()
    if partnership is not None:
        meetings = meetings.for_partnership(partnership)
        entries = entries.filter(partnership=partnership)
    entries.exclude(meeting__in=meetings).delete()
    total = sum(index_meeting(meeting=m) for m in meetings.order_by("pk"))
    ensure_full_text_index(connection, rebuild=True)
    return total


# -- Keeping it up to date ---------------------------------------------------------------------


@dataclass
class _Reindex:
    """The commit callback for one meeting (a class, so a queued one can be recognised)."""

    meeting_id: int
    ran: bool = False

    def __call__(self) -> None:
        self.ran = True
        index_meeting_id(self.meeting_id)

    def waiting_for(self, meeting_id: int) -> bool:
        return self.meeting_id == meeting_id and not self.ran


def queue_meeting(meeting_id: int | None) -> None:
    """Re-index the meeting once the current transaction commits (at once outside one).

    Saving a whole agenda fires a signal per item; each meeting is re-indexed once per commit.
    The callbacks already queued are read from the connection itself, so a rolled-back
    transaction (whose callbacks Django drops) never leaves a meeting thought to be queued.
    """
    if meeting_id is None:
        return
    db = transaction.get_connection()
    if db.in_atomic_block and any(
        isinstance(queued[1], _Reindex) and queued[1].waiting_for(meeting_id)
        for queued in db.run_on_commit
    ):
        return
    # Robust: the change is already committed, and a failure to index it must not turn a
    # successful save into an error page. Django logs the failure; `search reindex` repairs it.
    transaction.on_commit(_Reindex(meeting_id), robust=True)


def _meeting_of(sender: type, instance: Any) -> int | None:
    if isinstance(instance, Meeting):
        return instance.pk
    if isinstance(instance, (AgendaItem, Minutes, OneMinuteGuide)):
        return instance.meeting_id
    if isinstance(instance, (ItemMinute, Paper, ActionArising)):
        # Deleted with its item: the item's own signal queues the meeting.
        return (
            AgendaItem.objects.filter(pk=instance.item_id)
            .values_list("meeting_id", flat=True)
            .first()
        )
    guide_id = getattr(instance, "guide_id", None)
    if guide_id is not None:
        return (
            OneMinuteGuide.objects.filter(pk=guide_id).values_list("meeting_id", flat=True).first()
        )
    return None


def on_change(sender: type, instance: Any, **kwargs: Any) -> None:
    """post_save / post_delete receiver for everything an entry is built from."""
    if kwargs.get("raw"):
        return  # loaddata: the fixture's own rows, re-indexed by the search command
    queue_meeting(_meeting_of(sender, instance))


# -- The full-text index -----------------------------------------------------------------------

SQLITE_FTS_SQL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, body, content='governance_searchentry', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON governance_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON governance_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON governance_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    f"INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
SQLITE_TRIGGERS = {f"{FTS_TABLE}_ai", f"{FTS_TABLE}_ad", f"{FTS_TABLE}_au"}

# The same expression as the GIN index of migration 0005, so PostgreSQL uses the index.
POSTGRES_DOCUMENT = "to_tsvector('english', e.title || ' ' || e.body)"


def ensure_full_text_index(db: BaseDatabaseWrapper, *, rebuild: bool = False) -> bool:
    """Create the full-text index if it is missing; returns whether anything was (re)built.

    On SQLite a later migration that alters ``SearchEntry`` makes a new table and drops the old
    one, and its triggers with it: this puts them back (run after every migrate) and rebuilds
    the FTS5 index from the table, so the index never silently stops following it.
    """
    if db.vendor == "sqlite":
        with db.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = %s", [FTS_TABLE])
            if cursor.fetchone() is None:
                return False  # migrated back before 0005, or not yet to it: 0005 makes it
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                ["governance_searchentry"],
            )
            present = {row[0] for row in cursor.fetchall()}
            if present >= SQLITE_TRIGGERS and not rebuild:
                return False
            for statement in SQLITE_FTS_SQL:
                cursor.execute(statement)
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
        return True
    # PostgreSQL's index is on an expression of the table's own columns: it follows every
    # change, and survives an ALTER TABLE, with nothing to repair.
    return False


# -- Queries -----------------------------------------------------------------------------------


class QueryError(ValueError):
    """What someone typed cannot be searched for; the message says why and what to do."""


@dataclass(frozen=True)
class ParsedQuery:
    """Words and phrases to find, all of them (AND); the last word may be a prefix."""

    phrases: tuple[tuple[str, ...], ...]
    prefix: bool = False

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every term double-quoted, so nothing is FTS5 syntax."""
        parts = ['"' + " ".join(words) + '"' for words in self.phrases]
        if self.prefix:
            parts[-1] += "*"
        return " ".join(parts)

    def websearch(self) -> str:
        """The same for websearch_to_tsquery: quoted, so "or" and "-" are only words."""
        phrases = self.phrases[:-1] if self.prefix else self.phrases
        return " ".join('"' + " ".join(words) + '"' for words in phrases)

    @property
    def prefix_word(self) -> str:
        return self.phrases[-1][0] if self.prefix else ""


_PHRASE = re.compile(r'"([^"]*)"?')
_WORD = re.compile(r"\w+", re.UNICODE)


def parse_query(text: str) -> ParsedQuery:
    """Turn what someone typed into terms; raise QueryError when there is nothing to search."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"Search terms must be {MAX_QUERY_LENGTH} characters or fewer: you typed "
            f"{len(text)}. Use fewer, more specific words."
        )
    phrases: list[tuple[str, ...]] = []
    last_is_bare_word = False
    position = 0
    for match in _PHRASE.finditer(text):
        for word in _WORD.findall(text[position : match.start()]):
            phrases.append((word.lower(),))
            last_is_bare_word = True
        words = tuple(w.lower() for w in _WORD.findall(match[1]))
        if words:
            phrases.append(words)
            last_is_bare_word = False
        position = match.end()
    tail = _WORD.findall(text[position:])
    for word in tail:
        phrases.append((word.lower(),))
        last_is_bare_word = True
    if not phrases:
        raise QueryError(
            "Enter words to search for, like “safeguarding” or “early help”: the search "
            "looks for words and numbers, not punctuation."
        )
    cut = len(phrases) > MAX_TERMS
    phrases = phrases[:MAX_TERMS]
    # Search as you type: "safegu" finds "safeguarding". Not for a short word, nor one with an
    # underscore (tsquery would split it), nor when the typed last word was cut off.
    last = phrases[-1][0]
    prefix = last_is_bare_word and not cut and len(last) >= MIN_PREFIX_LENGTH and "_" not in last
    return ParsedQuery(phrases=tuple(phrases), prefix=prefix)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    group_id: int | None = None
    start: dt.date | None = None  # on or after
    end: dt.date | None = None  # on or before


def municipal_year_range(year: str) -> tuple[dt.date, dt.date]:
    """ "2020/21" -> (1 May 2020, 30 April 2021) with the configured start month."""
    first = int(year.split("/")[0])
    month = settings.MUNICIPAL_YEAR_START_MONTH
    start = dt.date(first, month, 1)
    end = dt.date(first + 1, month, 1) - dt.timedelta(days=1)
    return start, end


def entries_for(partnership: Partnership, filters: Filters | None = None) -> QuerySet[SearchEntry]:
    """The partnership's entries narrowed by the filters (before any words are matched)."""
    entries = SearchEntry.objects.filter(partnership=partnership)
    filters = filters or Filters()
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.group_id is not None:
        entries = entries.filter(meeting__group_id=filters.group_id)
    if filters.start is not None:
        entries = entries.filter(meeting__start__date__gte=filters.start)
    if filters.end is not None:
        entries = entries.filter(meeting__start__date__lte=filters.end)
    return entries


def meeting_label(meeting: Meeting) -> str:
    day = timezone.localtime(meeting.start).date()
    return f"{meeting.group.name}, {day.day} {day:%B %Y}"


def highlight(text: str) -> SafeString:
    """Escape everything, then turn the database's markers into <mark>."""
    escaped = str(escape(text))
    escaped = escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - escaped above; only our own tags are added


@dataclass
class Hit:
    entry: SearchEntry
    snippet: SafeString
    rank: float = 0.0
    kind_label: str = field(init=False)
    meeting_label: str = field(init=False)

    def __post_init__(self) -> None:
        self.kind_label = KIND_LABELS.get(self.entry.kind, self.entry.kind)
        self.meeting_label = meeting_label(self.entry.meeting)


SNIPPET_WORDS = 30
# ts_headline reads the whole text it is given: a long paper's first part is enough for a snippet.
HEADLINE_CHARS = 50_000


class Results:
    """The hits for a query, best first, fetched a page at a time (Paginator slices this)."""

    def __init__(self, parsed: ParsedQuery, entries: QuerySet[SearchEntry]) -> None:
        self.parsed = parsed
        self.entries = entries
        self._count: int | None = None

    def _sql(self) -> tuple[str, list[Any], str, list[Any]]:
        """(FROM/WHERE, params, SELECT list, its params) for this vendor."""
        subquery, sub_params = self.entries.values("id").query.sql_with_params()
        if connection.vendor == "sqlite":
            where = (
                f"FROM {FTS_TABLE} JOIN governance_searchentry e ON e.id = {FTS_TABLE}.rowid "
                f"WHERE {FTS_TABLE} MATCH %s AND e.id IN ({subquery})"
            )
            select = (
                f"e.id, snippet({FTS_TABLE}, 1, %s, %s, '…', {SNIPPET_WORDS}), "
                # Title words count ten times body words.
                f"bm25({FTS_TABLE}, 10.0, 1.0)"
            )
            return where, [self.parsed.fts5(), *sub_params], select, [MARK_START, MARK_END]
        if connection.vendor == "postgresql":
            query = "websearch_to_tsquery('english', %s)"
            params: list[Any] = [self.parsed.websearch()]
            if self.parsed.prefix:
                # The word is only letters and digits (parse_query), so it is no tsquery syntax.
                query = f"({query} && to_tsquery('english', %s))"
                params.append(self.parsed.prefix_word + ":*")
            where = (
                f"FROM governance_searchentry e, (SELECT {query} AS q) AS query "
                f"WHERE {POSTGRES_DOCUMENT} @@ q AND e.id IN ({subquery})"
            )
            options = (
                f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, "
                'MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'
            )
            select = (
                f"e.id, ts_headline('english', left(e.body, {HEADLINE_CHARS}), q, %s), "
                "ts_rank(setweight(to_tsvector('english', e.title), 'A') || "
                "setweight(to_tsvector('english', e.body), 'D'), q)"
            )
            return where, [*params, *sub_params], select, [options]
        raise NotImplementedError(f"Search needs SQLite or PostgreSQL, not {connection.vendor}")

    def count(self) -> int:
        if self._count is None:
            where, params, _, _ = self._sql()
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) {where}", params)
                self._count = int(cursor.fetchone()[0])
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Hit]:
        if not isinstance(index, slice):
            raise TypeError("Results are read a page at a time")
        start = index.start or 0
        stop = index.stop if index.stop is not None else self.count()
        where, params, select, select_params = self._sql()
        # bm25 is lower for better matches; ts_rank higher.
        order = "3 ASC" if connection.vendor == "sqlite" else "3 DESC"
        sql = (
            f"SELECT {select} {where} ORDER BY {order}, e.published_at DESC, e.id "
            f"LIMIT {max(stop - start, 0)} OFFSET {start}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*select_params, *params])
            rows = cursor.fetchall()
        found = SearchEntry.objects.select_related("meeting__group").in_bulk(
            [row[0] for row in rows]
        )
        hits = []
        for entry_id, snippet, rank in rows:
            entry = found[entry_id]
            if MARK_START not in (snippet or ""):
                # The words were in the title only: show the start of the text instead.
                snippet = entry.body[:240] + ("…" if len(entry.body) > 240 else "")
            hits.append(Hit(entry=entry, snippet=highlight(snippet or ""), rank=float(rank)))
        return hits


def search(*, partnership: Partnership, query: str, filters: Filters | None = None) -> Results:
    """The published material of ``partnership`` matching ``query`` (raises QueryError)."""
    return Results(parse_query(query), entries_for(partnership, filters))
