"""Reading a plan file: YAML with line numbers, then the JSON Schema, then the rules the schema
cannot express. Every problem is collected (not just the first) and named by line and path."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

SCHEMA_PATH = Path(__file__).with_name("schema.json")

PathKey = tuple[str | int, ...]

# libyaml's loader when PyYAML was built with it (the wheels are): several times faster, same marks.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LOADER(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """Reads dates as text. YAML would turn 2015-04-01 into a date itself and fail with no line
    number on 2015-02-30; the importer checks dates and reports the line instead."""


_LOADER.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Problem:
    path: PathKey
    message: str
    line: int | None = None

    @property
    def location(self) -> str:
        where = " > ".join(str(p) for p in self.path) or "the file"
        return f"line {self.line} ({where})" if self.line else where

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class PlanFileError(Exception):
    """The file cannot be imported. ``problems`` lists every reason, in file order."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.line or 0, [str(x) for x in p.path]))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class ParsedPlanFile:
    data: dict[str, Any]
    lines: dict[PathKey, int] = field(default_factory=dict)
    # Priority indicators not defined in the file: they must be in the national catalogue,
    # which only the importer (with the database) can check.
    external_indicators: list[tuple[PathKey, str]] = field(default_factory=list)

    def line(self, path: PathKey) -> int | None:
        # Fall back to the nearest enclosing item that has a line.
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def problem(self, path: PathKey, message: str) -> Problem:
        return Problem(path=path, message=message, line=self.line(path))


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def parse_plan_file(raw: bytes | str, *, max_bytes: int | None = None) -> ParsedPlanFile:
    """Parse and validate a plan file. Raises PlanFileError listing every problem found."""
    if isinstance(raw, bytes):
        if max_bytes is not None and len(raw) > max_bytes:
            raise PlanFileError(
                [
                    Problem(
                        (),
                        f"The file is {len(raw):,} bytes; the largest "
                        f"plan file accepted is {max_bytes:,} bytes.",
                    )
                ]
            )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PlanFileError(
                [
                    Problem(
                        (),
                        "The file is not UTF-8 text (byte "
                        f"{error.start + 1} cannot be read). Save it as UTF-8 "
                        "and try again.",
                    )
                ]
            ) from None
    else:
        text = raw
    if not text.strip():
        raise PlanFileError([Problem((), "The file is empty.")])

    parsed = _load_yaml(text)
    problems = list(_schema_problems(parsed))
    if not problems:
        problems = list(_rule_problems(parsed))
    if problems:
        raise PlanFileError(problems)
    return parsed


# YAML ----------------------------------------------------------------------------------------


def _load_yaml(text: str) -> ParsedPlanFile:
    try:
        node = yaml.compose(text, Loader=_LOADER)
        data = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        what = error.problem or "the YAML cannot be read"
        raise PlanFileError([Problem((), f"This is not valid YAML: {what}.", line)]) from None
    except yaml.YAMLError as error:
        raise PlanFileError([Problem((), f"This is not valid YAML: {error}.")]) from None
    if not isinstance(data, dict):
        raise PlanFileError(
            [
                Problem(
                    (),
                    "The file must be a YAML mapping that starts with "
                    "'format: 1'. See docs/plan-file.md.",
                    1,
                )
            ]
        )
    lines: dict[PathKey, int] = {}
    duplicates: list[Problem] = []
    _map_lines(node, (), lines, duplicates)
    if duplicates:
        raise PlanFileError(duplicates)
    return ParsedPlanFile(data=_plain(data), lines=lines)


def _map_lines(node: Any, path: PathKey, lines: dict[PathKey, int], dups: list[Problem]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                dups.append(
                    Problem(
                        path + (key,),
                        f"“{key}” appears twice here; keep one.",
                        key_node.start_mark.line + 1,
                    )
                )
            seen.add(key)
            _map_lines(value_node, path + (key,), lines, dups)
            lines[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, path + (index,), lines, dups)


def _plain(value: Any) -> Any:
    """YAML turns unquoted dates into date objects; the schema and the importer want text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# Schema --------------------------------------------------------------------------------------

PATTERN_HINTS = {
    "^[a-z0-9]+(?:-[a-z0-9]+)*$": "use lower-case letters, digits and single hyphens only, "
    "for example cypp-2024-2027",
    "^E[0-9]{8}$": "use the area's ONS code, for example E06000004",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "write the date as YYYY-MM-DD, for example 2025-04-01",
    "\\S": "it must not be blank",
    "^https?://": "give a full web address starting with https://",
}
TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def _schema_problems(parsed: ParsedPlanFile) -> Iterable[Problem]:
    validator = Draft202012Validator(schema())
    for error in validator.iter_errors(parsed.data):
        path: PathKey = tuple(error.absolute_path)
        yield parsed.problem(path, _explain(error))


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, str):
        return f"“{value}”" if len(value) < 60 else f"“{value[:57]}...”"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)


def _explain(error: SchemaError) -> str:
    validator: Any = error.validator
    value: Any = error.instance
    expected: Any = error.validator_value
    error_schema: Any = error.schema
    if validator == "required":
        missing = [name for name in expected if name not in (value or {})]
        return f"Add “{missing[0]}”: it is required here." if missing else error.message
    if validator == "additionalProperties":
        allowed = sorted(error_schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed))
        return (
            f"“{extra[0]}” is not a field here. Check its spelling; the fields allowed are "
            f"{', '.join(allowed)}."
        )
    if validator == "enum":
        return f"{_describe(value)} is not allowed. Use one of: {', '.join(map(str, expected))}."
    if validator == "const":
        return f"This must be {expected}, not {_describe(value)}."
    if validator == "type":
        return f"This must be {TYPE_NAMES.get(expected, expected)}, not {_describe(value)}."
    if validator == "pattern":
        hint = PATTERN_HINTS.get(expected, f"it must match {expected}")
        return f"{_describe(value)} is not valid: {hint}."
    if validator == "minLength":
        return "This must not be blank."
    if validator == "maxLength":
        return f"This is too long: at most {expected} characters (it has {len(value)})."
    return error.message


# Rules beyond the schema ---------------------------------------------------------------------


def _rule_problems(parsed: ParsedPlanFile) -> Iterable[Problem]:
    data = parsed.data
    partnership = data["partnership"]
    plan = data["plan"]

    def unique(items: list[dict[str, Any]], key: str, base: PathKey, what: str) -> set[str]:
        seen: set[str] = set()
        for index, item in enumerate(items):
            value = item[key]
            if value in seen:
                problems.append(
                    parsed.problem(
                        base + (index, key), f"{what} {_describe(value)} is listed twice."
                    )
                )
            seen.add(value)
        return seen

    problems: list[Problem] = []
    groups = unique(partnership.get("groups", []), "name", ("partnership", "groups"), "The group")
    strategies = unique(
        partnership.get("strategies", []), "title", ("partnership", "strategies"), "The strategy"
    )
    unique(partnership.get("glossary", []), "term", ("partnership", "glossary"), "The term")
    codes = unique(data.get("indicators", []), "code", ("indicators",), "The indicator code")
    unique(plan.get("sections", []), "key", ("plan", "sections"), "The section key")

    problems.extend(_group_problems(parsed, partnership.get("groups", []), groups))

    for path, text in _dates(data):
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            problems.append(parsed.problem(path, f"“{text}” is not a real date."))
    if problems:
        return problems

    period = plan.get("period")
    if period and period["end"] <= period["start"]:
        problems.append(
            parsed.problem(("plan", "period", "end"), "The plan period must end after it starts.")
        )

    for p_index, priority in enumerate(plan["priorities"]):
        base: PathKey = ("plan", "priorities", p_index)
        seen_codes: set[str] = set()
        for i_index, code in enumerate(priority.get("indicators", [])):
            path = base + ("indicators", i_index)
            if code in seen_codes:
                problems.append(
                    parsed.problem(
                        path, f"The indicator “{code}” is listed twice for this priority."
                    )
                )
            seen_codes.add(code)
            if code not in codes:
                # It may be in the national catalogue; the importer checks the database.
                parsed.external_indicators.append((path, code))
        for a_index, action in enumerate(priority.get("actions", [])):
            a_path = base + ("actions", a_index)
            for g_index, name in enumerate(action.get("lead_groups", [])):
                if name not in groups:
                    problems.append(
                        parsed.problem(
                            a_path + ("lead_groups", g_index),
                            f"“{name}” is not one of the partnership's groups. Add it under "
                            "partnership > groups, or correct the name.",
                        )
                    )
            for s_index, title in enumerate(action.get("linked_plans", [])):
                if title not in strategies:
                    problems.append(
                        parsed.problem(
                            a_path + ("linked_plans", s_index),
                            f"“{title}” is not one of the partnership's strategies. Add it under "
                            "partnership > strategies, or correct the title.",
                        )
                    )
            if action.get("start") and action.get("due") and action["due"] < action["start"]:
                problems.append(
                    parsed.problem(a_path + ("due",), "An action cannot be due before it starts.")
                )
    return problems


def _group_problems(
    parsed: ParsedPlanFile, items: list[dict[str, Any]], names: set[Any]
) -> list[Problem]:
    """Only a local group covers an area; each relationship names another group of the file,
    once per kind."""
    problems: list[Problem] = []
    for g_index, group in enumerate(items):
        if "area" in group and group.get("scope") != "local":
            problems.append(
                parsed.problem(
                    ("partnership", "groups", g_index, "area"),
                    "Only a local group covers an area: add scope: local, or remove the area.",
                )
            )
        seen: set[tuple[str, str]] = set()
        for r_index, rel in enumerate(group.get("relationships", [])):
            path: PathKey = ("partnership", "groups", g_index, "relationships", r_index, "to")
            if rel["to"] not in names:
                problems.append(
                    parsed.problem(
                        path,
                        f"“{rel['to']}” is not one of the partnership's groups. Add it under "
                        "partnership > groups, or correct the name.",
                    )
                )
            elif rel["to"] == group["name"]:
                problems.append(parsed.problem(path, "A group cannot be related to itself."))
            elif (rel["to"], rel["kind"]) in seen:
                problems.append(
                    parsed.problem(path, f"The relationship with “{rel['to']}” is listed twice.")
                )
            seen.add((rel["to"], rel["kind"]))
    return problems


def _dates(data: dict[str, Any]) -> Iterable[tuple[PathKey, str]]:
    plan = data["plan"]
    for key in ("start", "end"):
        if plan.get("period"):
            yield ("plan", "period", key), plan["period"][key]
    for p_index, priority in enumerate(plan["priorities"]):
        for a_index, action in enumerate(priority.get("actions", [])):
            for key in ("start", "due"):
                if key in action:
                    yield ("plan", "priorities", p_index, "actions", a_index, key), action[key]
