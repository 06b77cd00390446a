"""Loading every area and neighbour set in the open-data pack: counts, idempotency, parents,
codes, abolished authorities and statistical neighbours."""

from __future__ import annotations

import datetime as dt

import pytest

from partnership.areas.models import Area, AreaLevel, NeighbourSet
from partnership.areas.selectors import area_by_dfe_code, dfe_code_map, neighbours_of
from partnership.areas.services import AreasLoadResult


def area(code: str) -> Area:
    return Area.objects.get(code=code)


@pytest.mark.parametrize(
    ("level", "count"),
    [
        (AreaLevel.ENGLAND, 1),
        (AreaLevel.REGION, 9),
        (AreaLevel.LONDON_GROUP, 2),
        (AreaLevel.LA, 170),  # 153 current, 17 abolished
        (AreaLevel.DISTRICT, 164),  # lower-tier districts only (E07)
        (AreaLevel.WARD, 21),
        (AreaLevel.LSOA, 32_844),
    ],
)
def test_every_level_is_loaded(all_areas, level, count):
    assert Area.objects.at_level(level).count() == count


def test_first_load_reports_what_it_did(all_areas):
    first: AreasLoadResult = all_areas[0]
    # The session's demo already loaded England, the regions and the LAs.
    assert first.levels["LSOAs"].created == 32_844
    assert first.levels["Districts"].created == 164
    assert first.levels["Wards"].created == 21
    # Three DfE combined reporting units and British Forces overseas are not areas.
    assert first.levels["Local authorities"].skipped == 4
    assert first.lsoas_without_district == 1_762
    assert first.neighbours["2025"].created == 1_530
    assert first.neighbours["2021"].created == 1_560


def test_loading_again_changes_nothing(all_areas):
    second: AreasLoadResult = all_areas[1]
    assert not second.changed
    assert second.total.created == second.total.updated == 0
    assert second.total.unchanged == 33_211
    assert {v: n.unchanged for v, n in second.neighbours.items()} == {"2021": 1560, "2025": 1530}


def test_parents_make_one_tree(all_areas):
    trafford = area("E08000009")
    assert trafford.parent == area("E12000002")  # North West
    assert trafford.parent.parent == area("E92000001")
    assert area("E07000111").parent == area("E10000016")  # Sevenoaks in Kent
    assert area("E05000819").parent == trafford  # Altrincham ward
    assert Area.objects.get(level=AreaLevel.LSOA, name="Trafford 003C").parent == trafford
    assert Area.objects.get(name="Sevenoaks 001A").parent == area("E07000111")
    # An LSOA of a district merged since 2019 (South Bucks, now Buckinghamshire) has none.
    assert Area.objects.get(name="South Bucks 001A").parent is None


def test_london_boroughs_belong_to_london_and_to_inner_or_outer_london(all_areas):
    london, inner, outer = area("E12000007"), area("E13000001"), area("E13000002")
    assert inner.parent == outer.parent == london
    assert area("E09000007").grouping == inner  # Camden
    assert area("E09000014").grouping == inner  # Haringey: inner in DfE's statistics
    assert area("E09000011").grouping == outer  # Greenwich: outer in DfE's statistics
    assert Area.objects.children_of(inner).local_authorities().count() == 14
    assert Area.objects.children_of(outer).local_authorities().count() == 19
    assert Area.objects.children_of(london).local_authorities().count() == 33
    assert set(Area.objects.children_of(london).at_level(AreaLevel.LONDON_GROUP)) == {inner, outer}


def test_children_of_a_county_are_its_districts(all_areas):
    kent = area("E10000016")
    assert Area.objects.children_of(kent).count() == 12
    assert set(Area.objects.children_of(kent).values_list("level", flat=True)) == {"district"}


@pytest.mark.parametrize(
    ("code", "dfe_code"),
    [
        ("E92000001", "970"),
        ("E12000001", "980"),
        ("E12000002", "981"),
        ("E12000007", "986"),
        ("E13000001", "987"),
        ("E13000002", "988"),
        ("E12000008", "989"),
        ("E12000009", "990"),
        ("E08000009", "358"),
        ("E10000001", ""),  # Bedfordshire, abolished 2009, never had a DfE number ("x")
    ],
)
def test_dfe_and_lait_codes(all_areas, code, dfe_code):
    assert area(code).dfe_code == dfe_code


def test_abolished_authorities_keep_their_dates_and_yield_their_number(all_areas):
    county = area("E10000023")  # North Yorkshire county council
    assert county.end_date == dt.date(2023, 3, 31)
    assert not county.is_current
    assert county.dfe_code == area("E06000065").dfe_code == "815"
    assert area_by_dfe_code("815") == area("E06000065")  # the unitary that took over
    assert area_by_dfe_code("835") == area("E10000009")  # Dorset county: no successor with 835
    assert dfe_code_map()["815"] == area("E06000065").pk
    assert area_by_dfe_code("999") is None
    assert Area.objects.local_authorities().current().count() == 153
    assert area("E06000060").start_date == dt.date(2020, 4, 1)  # Buckinghamshire unitary


TRAFFORD_2025 = [
    ("Hertfordshire", 1),
    ("Stockport", 2),
    ("Buckinghamshire", 3),
    ("Oxfordshire", 4),
    ("Surrey", 5),
    ("Bromley", 6),
    ("Cheshire East", 7),
    ("Cambridgeshire", 8),
    ("Gloucestershire", 9),
    ("Solihull", 10),
]


def test_trafford_2025_neighbours(all_areas):
    trafford = area("E08000009")
    got = neighbours_of(trafford, version="2025")
    assert [(n.area.name, n.rank) for n in got] == TRAFFORD_2025
    assert {n.closeness for n in got} == {"Very close"}
    assert got[2].area.is_current  # 825 is the Buckinghamshire unitary, not the old county
    assert neighbours_of(trafford) == got  # the latest set by default


def test_trafford_2021_neighbours_spell_closeness_as_2025_does(all_areas):
    got = neighbours_of(area("E08000009"), version="2021")
    assert [(n.area.name, n.rank) for n in got[:4]] == [
        ("Hertfordshire", 1),
        ("Bromley", 2),
        ("Solihull", 3),
        ("Stockport", 4),
    ]
    assert got[0].closeness == "Very close"  # "Very Close" in the 2021 file


def test_2021_set_keeps_the_abolished_authorities(all_areas):
    dorset_county = area("E10000009")
    got = neighbours_of(dorset_county, version="2021")
    assert len(got) == 10
    assert got[0].closeness == "Extremely close"
    assert neighbours_of(dorset_county, version="2025") == []


def test_latest_version_and_areas_outside_a_set(all_areas):
    latest = NeighbourSet.objects.latest_version()
    assert latest is not None and latest.version == "2025"
    assert latest.published == dt.date(2025, 5, 1)
    assert neighbours_of(area("E92000001")) == []
    assert neighbours_of(area("E08000009"), version="1999") == []
