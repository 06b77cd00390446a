"""The governance demo from the seeds: Nottingham's Children's Partnership Board of 5 January 2021
(items 12 to 22) and the Newcastle partnership's meeting of 23 October 2024 with its one-minute
guide, read from ``data/demo/*-governance.yaml`` (the format is described at the top of
``nottingham-governance.yaml``).

The demo is history, not a workflow: records are written straight to the models, each validated
by ``full_clean`` (``record_save``), with the numbers, statuses and dates the seeds give, so that
it does not depend on the services that enforce the status machines for live meetings. A file is
checked in full before anything is written, every problem named by line and field; it is then
loaded all or nothing, and left alone once its meetings are there ("already up to date").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from partnership.areas.models import Area
from partnership.web.models import Partnership, User, UserRole
from partnership.web.services import record_save

from .meeting_models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    ForwardPlanItem,
    ForwardPlanStatus,
    GuideItem,
    GuideStatus,
    ItemKind,
    ItemMinute,
    ItemPurpose,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    Minutes,
    MinutesAmendment,
    MinutesStatus,
    MinutesVersion,
    OneMinuteGuide,
    Person,
    StandingItem,
)
from .minutes import minutes_content
from .models import Classification, Focus, Group, Post, Scope

GOVERNANCE_FILE_SUFFIX = "-governance.yaml"
LONDON = ZoneInfo("Europe/London")
FORMAT = 1

PathKey = tuple[str | int, ...]


def governance_demo_files() -> list[Path]:
    return sorted((settings.DATA_DIR / "demo").glob(f"*{GOVERNANCE_FILE_SUFFIX}"))


# -- Problems ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    path: PathKey
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = " > ".join(str(p) for p in self.path) or "the file"
        return (
            f"line {self.line} ({where}): {self.message}"
            if self.line
            else (f"{where}: {self.message}")
        )


class GovernanceDemoError(Exception):
    """A demo file that cannot be loaded; ``problems`` lists every reason, in file order."""

    def __init__(self, name: str, problems: Iterable[Problem]) -> None:
        self.name = name
        self.problems = sorted(problems, key=lambda p: (p.line or 0, [str(x) for x in p.path]))
        count = len(self.problems)
        heading = f"{name} has {count} problem{'s' if count != 1 else ''}; nothing was loaded."
        super().__init__("\n".join([heading, *(f"  {p}" for p in self.problems)]))


# -- The shape of a file -----------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]


@dataclass(frozen=True)
class ListOf:
    of: Any


@dataclass(frozen=True)
class F:
    kind: Any  # "text", "int", "bool", "date", "datetime", "month", Choice, ListOf or a mapping
    required: bool = False


def _choice(choices: type[models.TextChoices]) -> Choice:
    return Choice(tuple(str(v) for v in choices.values))


_MINUTE = {
    "narrative": F(ListOf("text")),
    "points": F(ListOf("text")),
    "resolutions": F(ListOf("text")),
}
_ITEM = {
    "number": F("int", True),
    "title": F("text", True),
    "description": F("text"),
    "standing": F(_choice(StandingItem)),
    "kind": F(_choice(ItemKind), True),
    "purpose": F(_choice(ItemPurpose)),
    "presenter": F("text"),
    "minute": F(_MINUTE),
}
_ATTENDANCE = {
    "person": F("text", True),
    "status": F(_choice(AttendanceStatus), True),
    "note": F("text"),
    "substitute_for": F("text"),
}
_AMENDMENT = {"description": F("text", True), "agreed_at_meeting": F("date")}
_MINUTES = {
    "status": F(_choice(MinutesStatus), True),
    "circulated_at": F("datetime"),
    "approved_at": F("datetime"),
    "approved_at_meeting": F("date"),
    "published_at": F("datetime"),
    "amendments": F(ListOf(_AMENDMENT)),
}
_GUIDE_ITEM = {
    "order": F("int", True),
    "heading": F("text", True),
    "text": F("text", True),
    "item": F("int"),
}
_GUIDE = {
    "status": F(_choice(GuideStatus), True),
    "introduction": F("text"),
    "closing": F("text"),
    "published_at": F("datetime"),
    "items": F(ListOf(_GUIDE_ITEM), True),
}
_MEETING = {
    "start": F("datetime", True),
    "end": F("datetime"),
    "status": F(_choice(MeetingStatus), True),
    "venue": F("text"),
    "online": F("bool"),
    "contact": F("text"),
    "first_item_number": F("int"),
    "introduction": F("text"),
    "agenda_published_at": F("datetime"),
    "attendance": F(ListOf(_ATTENDANCE)),
    "items": F(ListOf(_ITEM)),
    "minutes": F(_MINUTES),
    "guide": F(_GUIDE),
}
FILE_SPEC: dict[str, F] = {
    "format": F("int", True),
    "partnership": F({"slug": F("text", True), "name": F("text", True), "area": F("text")}, True),
    "group": F(
        {
            "name": F("text", True),
            "classification": F(_choice(Classification), True),
            "scope": F(_choice(Scope)),
            "focus": F(_choice(Focus)),
        },
        True,
    ),
    "posts": F(ListOf({"title": F("text", True), "organisation": F("text")})),
    "people": F(
        ListOf(
            {
                "name": F("text", True),
                "honorific_prefix": F("text"),
                "role_title": F("text"),
                "organisation": F("text"),
                "account": F("text"),
            }
        )
    ),
    "memberships": F(
        ListOf(
            {
                "person": F("text", True),
                "post": F("text"),
                "on_behalf_of": F("text"),
                "role": F(_choice(MembershipRole)),
                "start": F("date", True),
                "end": F("date"),
                "end_reason": F("text"),
                "replaced_by": F("text"),
            }
        )
    ),
    "meetings": F(ListOf(_MEETING), True),
    "forward_plan": F(
        ListOf(
            {
                "title": F("text", True),
                "description": F("text"),
                "status": F(_choice(ForwardPlanStatus), True),
                "suggested_by": F("text"),
                "target_month": F("month"),
            }
        )
    ),
}

_FORMATS = {
    "date": (re.compile(r"\d{4}-\d{2}-\d{2}"), "a date written YYYY-MM-DD, such as 2021-01-05"),
    "datetime": (
        re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"),
        "a date and time written YYYY-MM-DDTHH:MM, such as 2021-01-05T16:00",
    ),
    "month": (re.compile(r"\d{4}-\d{2}"), "a month written YYYY-MM, such as 2021-03"),
}


# -- Reading a file ----------------------------------------------------------------------------

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """Reads dates as text, so that a wrong date is reported with its line, not by YAML."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
}


@dataclass
class DemoFile:
    name: str
    data: dict[str, Any]
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, path: PathKey) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def problem(self, path: PathKey, message: str) -> Problem:
        return Problem(path=path, message=message, line=self.line(path))


def governance_demo_parse(text: str, *, name: str = "the file") -> DemoFile:
    """Read and check a governance demo file. Raises GovernanceDemoError listing every problem."""
    if not text.strip():
        raise GovernanceDemoError(name, [Problem((), "The file is empty.")])
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = error.problem or "the YAML cannot be read"
        line = mark.line + 1 if mark else None
        raise GovernanceDemoError(
            name, [Problem((), f"This is not valid YAML: {what}.", line)]
        ) from None
    if not isinstance(data, dict):
        raise GovernanceDemoError(
            name, [Problem((), f"The file must be a mapping that starts with 'format: {FORMAT}'.")]
        )
    parsed = DemoFile(name=name, data=data)
    problems: list[Problem] = []
    _map_lines(node, (), parsed.lines, problems)
    if not problems:
        _check(data, FILE_SPEC, (), parsed, problems)
    if not problems and data["format"] != FORMAT:
        problems.append(parsed.problem(("format",), f"Only format {FORMAT} can be read."))
    if not problems:
        problems.extend(_reference_problems(parsed))
    if problems:
        raise GovernanceDemoError(name, problems)
    return parsed


def _map_lines(node: Any, path: PathKey, lines: dict[PathKey, int], out: list[Problem]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                out.append(
                    Problem(
                        path + (key,),
                        f"“{key}” appears twice here; keep one.",
                        key_node.start_mark.line + 1,
                    )
                )
            seen.add(key)
            _map_lines(value_node, path + (key,), lines, out)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, path + (index,), lines, out)


def _check(value: Any, kind: Any, path: PathKey, parsed: DemoFile, out: list[Problem]) -> None:
    def bad(message: str) -> None:
        out.append(parsed.problem(path, message))

    if isinstance(kind, dict):
        if not isinstance(value, dict):
            return bad("This must be a mapping of fields.")
        for key in value:
            if key not in kind:
                allowed = ", ".join(sorted(kind))
                out.append(
                    parsed.problem(
                        path + (str(key),),
                        f"“{key}” is not a field here. Check its spelling; the fields allowed "
                        f"are {allowed}.",
                    )
                )
        for key, spec in kind.items():
            if key not in value or value[key] is None:
                if spec.required:
                    bad(f"Add “{key}”: it is required here.")
                continue
            _check(value[key], spec.kind, path + (key,), parsed, out)
    elif isinstance(kind, ListOf):
        if not isinstance(value, list):
            return bad("This must be a list.")
        for index, entry in enumerate(value):
            _check(entry, kind.of, path + (index,), parsed, out)
    elif isinstance(kind, Choice):
        if value not in kind.values:
            bad(f"“{value}” is not allowed. Use one of: {', '.join(kind.values)}.")
    elif kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            bad(f"This must be a whole number, not “{value}”.")
    elif kind == "bool":
        if not isinstance(value, bool):
            bad(f"This must be true or false, not “{value}”.")
    elif kind == "text":
        if not isinstance(value, str):
            bad(f"This must be text, not {type(value).__name__} “{value}”.")
        elif not value.strip():
            bad("This must not be blank.")
    else:
        pattern, wanted = _FORMATS[kind]
        text = str(value)
        if not pattern.fullmatch(text):
            return bad(f"“{text}” is not {wanted}.")
        try:
            _PARSERS[kind](text)
        except ValueError:
            bad(f"“{text}” is not a real {'month' if kind == 'month' else 'date'}.")


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _datetime(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=LONDON)


def _month(text: str) -> dt.date:
    return dt.date.fromisoformat(f"{text}-01")


_PARSERS = {"date": _date, "datetime": _datetime, "month": _month}


def _reference_problems(parsed: DemoFile) -> Iterable[Problem]:
    """What the shape cannot say: names that must match, numbers that must follow on."""
    data = parsed.data
    people = _unique(parsed, "people", "name", "person")
    yield from people.problems
    posts = _unique(parsed, "posts", "title", "post")
    yield from posts.problems
    members: dict[str, int] = {}
    for index, entry in enumerate(data.get("memberships") or []):
        path: PathKey = ("memberships", index)
        if entry["person"] not in people.keys:
            yield parsed.problem(path + ("person",), _not_under(entry["person"], "people"))
        if entry.get("post") and entry["post"] not in posts.keys:
            yield parsed.problem(path + ("post",), _not_under(entry["post"], "posts"))
        if entry["person"] in members:
            yield parsed.problem(
                path + ("person",),
                f"{entry['person']} already has a membership in this file (entry "
                f"{members[entry['person']] + 1}); a demo person holds one seat.",
            )
        members.setdefault(entry["person"], index)
        if entry.get("end") and entry["end"] < entry["start"]:
            yield parsed.problem(path + ("end",), "The membership cannot end before it starts.")
    for index, entry in enumerate(data.get("memberships") or []):
        successor = entry.get("replaced_by")
        if successor and successor not in members:
            yield parsed.problem(
                ("memberships", index, "replaced_by"),
                f"{successor} has no membership in this file: add theirs under memberships.",
            )
    meeting_days = {m["start"][:10] for m in data["meetings"]}
    starts: set[str] = set()
    for m_index, meeting in enumerate(data["meetings"]):
        path = ("meetings", m_index)
        if meeting["start"] in starts:
            yield parsed.problem(path + ("start",), "Another meeting in this file starts then.")
        starts.add(meeting["start"])
        numbers = [item["number"] for item in meeting.get("items") or []]
        first = meeting.get("first_item_number")
        if numbers and first is not None and numbers[0] != first:
            yield parsed.problem(
                path + ("items", 0, "number"),
                f"The first item is number {numbers[0]}, but first_item_number is {first}.",
            )
        for i in range(1, len(numbers)):
            if numbers[i] != numbers[i - 1] + 1:
                yield parsed.problem(
                    path + ("items", i, "number"),
                    f"Item numbers run on one by one: after {numbers[i - 1]} comes "
                    f"{numbers[i - 1] + 1}, not {numbers[i]}.",
                )
        seen: set[str] = set()
        for a_index, row in enumerate(meeting.get("attendance") or []):
            a_path = path + ("attendance", a_index)
            for key in ("person", "substitute_for"):
                if row.get(key) and row[key] not in people.keys:
                    yield parsed.problem(a_path + (key,), _not_under(row[key], "people"))
            if row["person"] in seen:
                yield parsed.problem(
                    a_path + ("person",), f"{row['person']} is listed twice at this meeting."
                )
            seen.add(row["person"])
            if (row["status"] == AttendanceStatus.SUBSTITUTE) != bool(row.get("substitute_for")):
                yield parsed.problem(
                    a_path + ("substitute_for",),
                    "Give substitute_for (whom they stood in for) with status substitute, and "
                    "only then.",
                )
        minutes = meeting.get("minutes") or {}
        refs = [(("minutes", "approved_at_meeting"), minutes.get("approved_at_meeting"))] + [
            (("minutes", "amendments", i, "agreed_at_meeting"), a.get("agreed_at_meeting"))
            for i, a in enumerate(minutes.get("amendments") or [])
        ]
        for ref_path, day in refs:
            if day and day not in meeting_days:
                yield parsed.problem(
                    path + ref_path,
                    f"No meeting in this file is on {day}: give the date of one of them "
                    f"({', '.join(sorted(meeting_days))}).",
                )
        if minutes.get("amendments") and not minutes.get("approved_at_meeting"):
            yield parsed.problem(
                path + ("minutes", "approved_at_meeting"),
                "Amendments are recorded when minutes are confirmed: give the meeting that "
                "approved them.",
            )
        guide = meeting.get("guide")
        for g_index, entry in enumerate((guide or {}).get("items") or []):
            if entry.get("item") is not None and entry["item"] not in numbers:
                yield parsed.problem(
                    path + ("guide", "items", g_index, "item"),
                    f"This meeting has no item {entry['item']}.",
                )


@dataclass
class _Names:
    keys: set[str]
    problems: list[Problem]


def _unique(parsed: DemoFile, section: str, key: str, what: str) -> _Names:
    names: set[str] = set()
    problems = []
    for index, entry in enumerate(parsed.data.get(section) or []):
        if entry[key] in names:
            problems.append(
                parsed.problem((section, index, key), f"Another {what} here is “{entry[key]}”.")
            )
        names.add(entry[key])
    return _Names(names, problems)


def _not_under(name: str, section: str) -> str:
    return f"“{name}” is not under {section} in this file. Check the spelling, or add it there."


# -- Loading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GovernanceDemoResult:
    """What loading one file did: loaded it, or nothing (``left_alone`` says why, if not just
    that it was there already)."""

    file: str
    partnership_slug: str
    partnership_name: str
    loaded: bool = False
    meetings: int = 0
    items: int = 0
    people: int = 0
    memberships: int = 0
    left_alone: str = ""

    @property
    def summary(self) -> str:
        if self.loaded:
            return (
                f"{self.partnership_name} loaded ({_count(self.meetings, 'meeting')}, "
                f"{_count(self.items, 'item')}, {_count(self.people, 'person', 'people')}, "
                f"{_count(self.memberships, 'membership')})"
            )
        if self.left_alone:
            return f"{self.partnership_name} left out, {self.left_alone}"
        return f"{self.partnership_name} already up to date"


def _count(n: int, one: str, many: str = "") -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def governance_demo_summary(results: Iterable[GovernanceDemoResult]) -> str:
    """One line for the ``demo`` command."""
    results = list(results)
    if results and all(not r.loaded and not r.left_alone for r in results):
        return "Governance demo: already up to date."
    return "Governance demo: " + "; ".join(r.summary for r in results) + "."


@transaction.atomic
def governance_demo_load(
    *,
    users: Mapping[str, User],
    roles: Mapping[str, str],
    paths: Iterable[Path] | None = None,
) -> list[GovernanceDemoResult]:
    """Load every governance demo file (``paths``, or ``data/demo/*-governance.yaml``), and give
    each demo account (``roles``: username to role; administrators need none) its role in each
    file's partnership. Running it again changes nothing."""
    results = []
    for path in governance_demo_files() if paths is None else paths:
        result = governance_demo_import(path=path, users=users)
        partnership = Partnership.objects.get(slug=result.partnership_slug)
        for username, role in roles.items():
            if role != "administrator" and username in users:
                UserRole.objects.get_or_create(
                    user=users[username], partnership=partnership, role=role
                )
        results.append(result)
    return results


@transaction.atomic
def governance_demo_import(*, path: Path, users: Mapping[str, User]) -> GovernanceDemoResult:
    """Load one governance demo file, all or nothing. Nothing is done if its meetings are there
    already; a file some of whose meetings are there is left alone rather than half-loaded."""
    parsed = governance_demo_parse(path.read_text(encoding="utf-8"), name=path.name)
    data = parsed.data
    p_data, g_data = data["partnership"], data["group"]
    result = GovernanceDemoResult(
        file=path.name, partnership_slug=p_data["slug"], partnership_name=p_data["name"]
    )
    starts = [_datetime(m["start"]) for m in data["meetings"]]
    present = Meeting.objects.filter(
        group__partnership__slug=p_data["slug"], group__name=g_data["name"], start__in=starts
    ).count()
    if present == len(starts):
        return result
    if present:
        return GovernanceDemoResult(
            file=path.name,
            partnership_slug=p_data["slug"],
            partnership_name=p_data["name"],
            left_alone=f"{present} of its {len(starts)} meetings are there already",
        )
    return _Writer(parsed, users).write(result)


class _Writer:
    """Writes a checked file; any record the models refuse stops it with the line it came from,
    and the caller's transaction takes back everything written before."""

    def __init__(self, parsed: DemoFile, users: Mapping[str, User]) -> None:
        self.parsed = parsed
        self.users = users
        self.people: dict[str, Person] = {}
        self.people_created = 0

    def save(self, obj: models.Model, path: PathKey, exclude: list[str] | None = None) -> Any:
        try:
            return record_save(obj, by=None, exclude=exclude)
        except ValidationError as error:
            problems = [
                self.parsed.problem(path + ((key,) if key != "__all__" else ()), message)
                for key, messages in error.message_dict.items()
                for message in messages
            ]
            raise GovernanceDemoError(self.parsed.name, problems) from None

    def fail(self, path: PathKey, message: str) -> GovernanceDemoError:
        return GovernanceDemoError(self.parsed.name, [self.parsed.problem(path, message)])

    def write(self, result: GovernanceDemoResult) -> GovernanceDemoResult:
        data = self.parsed.data
        partnership = self.partnership(data["partnership"])
        group = self.group(partnership, data["group"])
        posts = {
            entry["title"]: self.post(group, index, entry)
            for index, entry in enumerate(data.get("posts") or [])
        }
        for index, entry in enumerate(data.get("people") or []):
            self.people[entry["name"]] = self.person(partnership, index, entry)
        memberships = self.memberships(group, posts, data.get("memberships") or [])
        meetings: dict[str, Meeting] = {}
        items = 0
        specs = data["meetings"]
        for index, spec in enumerate(specs):
            meetings[spec["start"][:10]] = self.meeting(group, index, spec, memberships)
            items += len(spec.get("items") or [])
        # Minutes after every meeting exists: a meeting approves the one before it.
        for index, spec in enumerate(specs):
            meeting = meetings[spec["start"][:10]]
            if spec.get("minutes"):
                self.minutes(meeting, ("meetings", index, "minutes"), spec["minutes"], meetings)
            if spec.get("guide"):
                self.guide(meeting, ("meetings", index, "guide"), spec["guide"])
        for index, entry in enumerate(data.get("forward_plan") or []):
            self.forward_item(group, ("forward_plan", index), entry)
        return GovernanceDemoResult(
            file=result.file,
            partnership_slug=result.partnership_slug,
            partnership_name=result.partnership_name,
            loaded=True,
            meetings=len(meetings),
            items=items,
            people=self.people_created,
            memberships=len(memberships),
        )

    def partnership(self, spec: dict[str, Any]) -> Partnership:
        existing = Partnership.objects.filter(slug=spec["slug"]).first()
        if existing is not None:
            return existing
        area = None
        if spec.get("area"):
            area = Area.objects.filter(code=spec["area"]).first()
            if area is None:
                raise self.fail(
                    ("partnership", "area"),
                    f"There is no area with the code {spec['area']}. Load the areas first "
                    "(partnership opendata), or check the code.",
                )
        return self.save(
            Partnership(slug=spec["slug"], name=spec["name"], area=area), ("partnership",)
        )

    def group(self, partnership: Partnership, spec: dict[str, Any]) -> Group:
        existing = Group.objects.filter(partnership=partnership, name=spec["name"]).first()
        if existing is not None:
            return existing
        return self.save(
            Group(
                partnership=partnership,
                name=spec["name"],
                classification=spec["classification"],
                scope=spec.get("scope", ""),
                focus=spec.get("focus", ""),
            ),
            ("group",),
        )

    def post(self, group: Group, index: int, spec: dict[str, Any]) -> Post:
        existing = Post.objects.filter(group=group, title=spec["title"]).first()
        if existing is not None:
            return existing
        return self.save(
            Post(
                group=group,
                order=index + 1,
                title=spec["title"],
                organisation=spec.get("organisation", ""),
            ),
            ("posts", index),
        )

    def person(self, partnership: Partnership, index: int, spec: dict[str, Any]) -> Person:
        path: PathKey = ("people", index)
        existing = Person.objects.filter(partnership=partnership, name=spec["name"]).first()
        if existing is not None:
            return existing
        user = None
        if spec.get("account"):
            user = self.users.get(spec["account"])
            if user is None:
                raise self.fail(
                    path + ("account",),
                    f"There is no demo account “{spec['account']}”. Use one of: "
                    f"{', '.join(sorted(self.users)) or 'none (no accounts were given)'}.",
                )
        self.people_created += 1
        return self.save(
            Person(
                partnership=partnership,
                name=spec["name"],
                honorific_prefix=spec.get("honorific_prefix", ""),
                role_title=spec.get("role_title", ""),
                organisation=spec.get("organisation", ""),
                user=user,
            ),
            path,
        )

    def memberships(
        self, group: Group, posts: dict[str, Post], specs: list[dict[str, Any]]
    ) -> dict[str, Membership]:
        made: dict[str, Membership] = {}
        for index, spec in enumerate(specs):
            person = self.people[spec["person"]]
            start = _date(spec["start"])
            post = posts.get(spec.get("post") or "")
            existing = Membership.objects.filter(
                person=person, group=group, post=post, start_date=start
            ).first()
            made[spec["person"]] = existing or self.save(
                Membership(
                    person=person,
                    group=group,
                    post=post,
                    on_behalf_of=spec.get("on_behalf_of", ""),
                    role=spec.get("role", MembershipRole.MEMBER),
                    start_date=start,
                    end_date=_date(spec["end"]) if spec.get("end") else None,
                    end_reason=spec.get("end_reason", ""),
                ),
                ("memberships", index),
            )
        for index, spec in enumerate(specs):
            if spec.get("replaced_by"):
                membership = made[spec["person"]]
                membership.replaced_by = made[spec["replaced_by"]]
                self.save(membership, ("memberships", index, "replaced_by"))
        return made

    def meeting(
        self,
        group: Group,
        index: int,
        spec: dict[str, Any],
        memberships: dict[str, Membership],
    ) -> Meeting:
        path: PathKey = ("meetings", index)
        meeting = self.save(
            Meeting(
                group=group,
                start=_datetime(spec["start"]),
                end=_datetime(spec["end"]) if spec.get("end") else None,
                venue=spec.get("venue", ""),
                online=spec.get("online", False),
                status=spec["status"],
                contact=spec.get("contact", ""),
                first_item_number=spec.get("first_item_number"),
                introduction=spec.get("introduction", ""),
                agenda_published_at=_optional_datetime(spec, "agenda_published_at"),
            ),
            path,
        )
        for order, item_spec in enumerate(spec.get("items") or [], start=1):
            item_path = path + ("items", order - 1)
            item = self.save(
                AgendaItem(
                    meeting=meeting,
                    order=order,
                    number=item_spec["number"],
                    title=item_spec["title"],
                    description=item_spec.get("description", ""),
                    standing=item_spec.get("standing", ""),
                    kind=item_spec["kind"],
                    purpose=item_spec.get("purpose", ""),
                    presenter=item_spec.get("presenter", ""),
                ),
                item_path,
            )
            minute = item_spec.get("minute")
            if minute:
                self.save(
                    ItemMinute(
                        item=item,
                        narrative="\n\n".join(minute.get("narrative") or []),
                        points=list(minute.get("points") or []),
                        resolutions=list(minute.get("resolutions") or []),
                    ),
                    item_path + ("minute",),
                )
        for a_index, row in enumerate(spec.get("attendance") or []):
            person = self.people[row["person"]]
            membership = memberships.get(row["person"])
            self.save(
                Attendance(
                    meeting=meeting,
                    person=person,
                    membership=membership,
                    status=row["status"],
                    substitute_for=(
                        self.people[row["substitute_for"]] if row.get("substitute_for") else None
                    ),
                    note=row.get("note", ""),
                ),
                path + ("attendance", a_index),
            )
        return meeting

    def minutes(
        self,
        meeting: Meeting,
        path: PathKey,
        spec: dict[str, Any],
        meetings: dict[str, Meeting],
    ) -> Minutes:
        approving = meetings.get(spec.get("approved_at_meeting") or "")
        minutes = self.save(
            Minutes(
                meeting=meeting,
                status=spec["status"],
                circulated_at=_optional_datetime(spec, "circulated_at"),
                approved_at=_optional_datetime(spec, "approved_at"),
                approved_at_meeting=approving,
                published_at=_optional_datetime(spec, "published_at"),
            ),
            path,
            # Nobody wrote the demo's minutes in the product.
            exclude=["updated_by"],
        )
        amendments = spec.get("amendments") or []
        if not amendments:
            self._keep(minutes, "Loaded from the published record")
            return minutes
        # Confirmed "subject to amending ...": the circulated text is version 1, the confirmed
        # text version 2, and each amendment records that step.
        self._keep(minutes, "Circulated", status=MinutesStatus.CIRCULATED)
        minutes.version = 2
        minutes.save(update_fields=["version"])
        assert approving is not None  # checked when the file was read
        self._keep(minutes, f"Confirmed as a true record, subject to amendments, at {approving}")
        for index, entry in enumerate(amendments):
            self.save(
                MinutesAmendment(
                    minutes=minutes,
                    agreed_at_meeting=meetings.get(entry.get("agreed_at_meeting") or ""),
                    description=entry["description"],
                    version_before=1,
                    version_after=2,
                ),
                path + ("amendments", index),
                exclude=["recorded_by"],
            )
        return minutes

    def _keep(self, minutes: Minutes, reason: str, status: str | None = None) -> None:
        MinutesVersion.objects.create(
            minutes=minutes,
            number=minutes.version,
            status=status or minutes.status,
            content=minutes_content(minutes),
            reason=reason,
        )

    def guide(self, meeting: Meeting, path: PathKey, spec: dict[str, Any]) -> OneMinuteGuide:
        guide = self.save(
            OneMinuteGuide(
                meeting=meeting,
                status=spec["status"],
                introduction=spec.get("introduction", ""),
                closing=spec.get("closing", ""),
                published_at=_optional_datetime(spec, "published_at"),
            ),
            path,
        )
        items = {item.number: item for item in meeting.items.all()}
        for index, entry in enumerate(spec["items"]):
            self.save(
                GuideItem(
                    guide=guide,
                    order=entry["order"],
                    heading=entry["heading"],
                    text=entry["text"],
                    agenda_item=items.get(entry.get("item")),
                ),
                path + ("items", index),
            )
        return guide

    def forward_item(self, group: Group, path: PathKey, spec: dict[str, Any]) -> ForwardPlanItem:
        return self.save(
            ForwardPlanItem(
                group=group,
                title=spec["title"],
                description=spec.get("description", ""),
                status=spec["status"],
                suggested_by=spec.get("suggested_by", ""),
                target_month=_month(spec["target_month"]) if spec.get("target_month") else None,
            ),
            path,
        )


def _optional_datetime(spec: dict[str, Any], key: str) -> dt.datetime | None:
    return _datetime(spec[key]) if spec.get(key) else None
