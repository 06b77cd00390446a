"""Column mappings for DfE tidy (EES) files: saving them, finding the one remembered for a file's
columns, reading one from a YAML or JSON file, and loading the open-data pack's EES files with
the mappings it ships.

The mapping itself (``ColumnMapping.spec``) is defined and checked in ``importers/ees.py`` and
described in docs/data.md. Services here take keyword arguments and raise ``ValidationError``
with plain-English messages, so a web form can show them beside its fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from partnership.web.models import Partnership

from .importers import ImportReport, import_file
from .importers.ees import remembered_mapping, resolve_indicators, signature, validate_spec
from .importers.source import read_header
from .models import ColumnMapping


class MappingFileError(ValueError):
    """A mapping file cannot be read; the message says why and what to do."""


def mapping_load_file(path: Path) -> dict[str, Any]:
    """The mapping in a YAML (.yaml, .yml) or JSON (.json) file. Raises MappingFileError.

    The file holds the mapping's settings at the top (name, period, exclude, measures); whether
    they fit a data file is checked against its columns when it is used."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise MappingFileError(f"There is no mapping file at {path}.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise MappingFileError(f"The mapping file {path.name} cannot be read: {error}.") from None
    if path.suffix.lower() == ".json":
        try:
            spec = json.loads(text)
        except json.JSONDecodeError as error:
            raise MappingFileError(
                f"The mapping file {path.name} is not valid JSON: line {error.lineno}, "
                f"column {error.colno}: {error.msg}."
            ) from None
    else:
        try:
            spec = yaml.safe_load(text)
        except yaml.YAMLError as error:
            where = ""
            mark = getattr(error, "problem_mark", None)
            if mark is not None:
                where = f" at line {mark.line + 1}, column {mark.column + 1}"
            problem = getattr(error, "problem", None) or "it is not YAML"
            raise MappingFileError(
                f"The mapping file {path.name} is not valid YAML{where}: {problem}."
            ) from None
    if not isinstance(spec, dict):
        raise MappingFileError(
            f"The mapping file {path.name} must hold named settings (name, period, exclude, "
            "measures) at the top, not a list or a single value."
        )
    return spec


def mapping_for(header: list[str], partnership: Partnership | None) -> ColumnMapping | None:
    """The mapping remembered for files with these columns (in any order or case): the
    partnership's own before the national one; None when there is neither."""
    return remembered_mapping(header, partnership)


def mapping_problems(*, spec: Any, header: list[str], partnership: Partnership | None) -> list[str]:
    """Everything wrong with ``spec`` for a file with these columns, including indicator codes
    that the partnership (or, for None, the national catalogue) does not have."""
    problems = validate_spec(spec, header)
    if not problems:
        _targets, problems = resolve_indicators(spec, partnership)
    return problems


def mapping_save(
    *,
    partnership: Partnership | None,
    name: str,
    header: list[str],
    spec: dict[str, Any],
    by: Any,
) -> ColumnMapping:
    """Remember ``spec`` for files with the columns ``header``: the partnership's own mapping,
    or a national one for None. Creates it, or updates the one already remembered for that
    shape. Raises ValidationError listing every problem (nothing is saved then)."""
    mapping, _status = _mapping_save(
        partnership=partnership, name=name, header=header, spec=spec, by=by
    )
    return mapping


NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


def _mapping_save(
    *,
    partnership: Partnership | None,
    name: str,
    header: list[str],
    spec: dict[str, Any],
    by: Any,
) -> tuple[ColumnMapping, str]:
    name = " ".join((name or "").split())
    problems = []
    if not name:
        problems.append("Give the mapping a name, such as “Children looked after”.")
    elif len(name) > 200:
        problems.append("Shorten the mapping's name to at most 200 characters.")
    problems += mapping_problems(spec=spec, header=header, partnership=partnership)
    if problems:
        raise ValidationError(problems)
    columns = [column.strip() for column in header]
    shape = signature(header)
    mapping = ColumnMapping.objects.filter(partnership=partnership, signature=shape).first()
    if mapping is None:
        mapping = ColumnMapping(partnership=partnership, signature=shape, columns=columns)
        if by is not None and getattr(by, "is_authenticated", False):
            mapping.created_by = by
        status = NEW
    elif (mapping.name, mapping.spec) == (name, spec):
        return mapping, UNCHANGED
    else:
        status = CHANGED
    mapping.name, mapping.spec = name, spec
    mapping.full_clean()
    mapping.save()
    return mapping, status


# The open-data pack -----------------------------------------------------------------------------

# Each shipped EES file (under data/open) and the shipped mapping (under data/open/ees/mappings)
# its columns are mapped by. The three NCCIS files differ in their columns, so one mapping is
# remembered for each of their shapes.
OPEN_DATA_FILES = [
    ("ees/cla_number_and_rate_per_10k_children.csv", "children_looked_after.yaml"),
    ("ees/b1_children_in_need_2013_to_2025.csv", "children_in_need.yaml"),
    ("ees/c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", "rereferrals.yaml"),
    ("ees/d3_cpps_subsequent_plan_2013_to_2025.csv", "cpp_subsequent.yaml"),
    ("ees/d5_cpps_at31march_by_duration_2013_to_2025.csv", "cpp_duration.yaml"),
    ("nccis_neet/UD_NEETNK_LA_dashboard_2021_vg_removed.csv", "nccis_neet.yaml"),
    ("nccis_neet/UD_NEETNK_LA_dashboard_2022_final.csv", "nccis_neet.yaml"),
    ("nccis_neet/UD_NEETNK_LA_dashboard_final.csv", "nccis_neet.yaml"),
]


@dataclass
class EesOpenDataResult:
    """What loading the pack's EES files did: the mappings remembered and each file's import."""

    mappings: dict[str, int] = field(default_factory=lambda: {NEW: 0, CHANGED: 0, UNCHANGED: 0})
    reports: list[ImportReport] = field(default_factory=list)


def ees_opendata_load(*, data_dir: Path | None = None) -> EesOpenDataResult:
    """Remember the shipped mappings as national ones and import every shipped EES file through
    them (about 12,500 values). Idempotent: a second load changes nothing. Raises
    ImportFileError for a file that does not import cleanly (nothing of that file is written)."""
    data_dir = data_dir or settings.DATA_DIR / "open"
    result = EesOpenDataResult()
    for data_file, mapping_file in OPEN_DATA_FILES:
        path = data_dir / data_file
        spec = mapping_load_file(data_dir / "ees" / "mappings" / mapping_file)
        with transaction.atomic():
            _mapping, status = _mapping_save(
                partnership=None,
                name=str(spec.get("name") or Path(mapping_file).stem),
                header=read_header(path),
                spec=spec,
                by=None,
            )
        result.mappings[status] += 1
        # No mapping passed: the import finds the one just remembered, as a later release of the
        # same file would.
        result.reports.append(import_file(path=path, format="ees", by=None))
    return result
