"""Reads that span more than one queryset."""

from __future__ import annotations

from typing import NamedTuple

from .models import Area, Neighbour, NeighbourSet


class NeighbourEntry(NamedTuple):
    area: Area
    rank: int
    closeness: str | None


def neighbours_of(area: Area, version: str | None = None) -> list[NeighbourEntry]:
    """``area``'s statistical neighbours, closest first, in the set ``version`` (default: the
    latest published). Empty when the area is not in that set (e.g. England, or a district)."""
    if version is None:
        latest = NeighbourSet.objects.latest_version()
        if latest is None:
            return []
        version = latest.version
    links = (
        Neighbour.objects.filter(set__version=version, area=area)
        .select_related("neighbour")
        .order_by("rank")
    )
    return [NeighbourEntry(link.neighbour, link.rank, link.closeness or None) for link in links]


def area_by_dfe_code(code: str) -> Area | None:
    """The area DfE means by a 3-digit code today: the current authority when a successor has
    taken over an abolished one's number (815 North Yorkshire), else the latest to end."""
    candidates = list(Area.objects.filter(dfe_code=code))
    return max(candidates, key=lambda a: _currency(a.end_date), default=None)


def dfe_code_map() -> dict[str, int]:
    """Every DfE / LAIT 3-digit code to the id of the area it means (see ``area_by_dfe_code``)."""
    best: dict[str, tuple[tuple[int, str], int]] = {}
    for pk, code, end in Area.objects.exclude(dfe_code="").values_list(
        "pk", "dfe_code", "end_date"
    ):
        key = _currency(end)
        if code not in best or key > best[code][0]:
            best[code] = (key, pk)
    return {code: pk for code, (_, pk) in best.items()}


def _currency(end: object) -> tuple[int, str]:
    # Current areas first, then the most recently abolished.
    return (1, "") if end is None else (0, str(end))
