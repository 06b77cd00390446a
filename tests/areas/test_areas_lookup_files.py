"""Area and neighbour files with problems, and neighbour sets that change between loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from partnership.areas.models import Area, Neighbour, NeighbourSet
from partnership.areas.services import (
    AreaDataError,
    areas_load_local_authorities,
    neighbours_load,
)

LA_HEADER = (
    "new_la_code,la_name,date_of_operation,date_of_termination,parent_geography_code,"
    "entity_code,entity_description,status,old_la_code\n"
)
SN_HEADER = (
    "old_la_code,la_name,region_name,rank,neighbour_old_la_code,closeness,neighbour_la_name\n"
)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load_sn(path: Path, version: str = "test") -> object:
    return neighbours_load(
        version=version, path=path, layout="long", source="A test", published=dt.date(2030, 1, 1)
    )


def test_the_session_demo_has_the_local_authorities(db):
    # tests/conftest.py loads the demo, which loads areas_load_local_authorities.
    assert Area.objects.local_authorities().current().count() == 153
    assert Area.objects.get(code="E13000001").name == "Inner London"


def test_local_authority_file_problems_name_row_and_column(db, tmp_path):
    path = write(
        tmp_path,
        "las.csv",
        LA_HEADER
        + "E08000009,Trafford,01/04/1974,,E12000002,E08,Metropolitan,live,358\n"
        + "E06000999,Nowhere,01/04/2019,,E99999999,E06,Unitary,live,999\n"
        + "E06000998,Sometime,31/02/2019,,E12000002,E06,Unitary,live,998\n"
        + "E06000997,Lettered,01/04/2019,,E12000002,E06,Unitary,live,99A\n",
    )
    with pytest.raises(AreaDataError) as caught:
        areas_load_local_authorities(path=path)
    assert caught.value.problems == [
        "las.csv row 3, column parent_geography_code: “E99999999” is not an English region code.",
        "las.csv row 4, column date_of_operation: “31/02/2019” is not a date like 01/04/2019.",
    ]
    assert not Area.objects.filter(code="E06000999").exists()


def test_local_authority_code_checks(db, tmp_path):
    path = write(
        tmp_path,
        "las.csv",
        LA_HEADER + "E06000997,Lettered,01/04/2019,,E12000002,E06,Unitary,live,99A\n",
    )
    with pytest.raises(AreaDataError) as caught:
        areas_load_local_authorities(path=path)
    assert caught.value.problems == ["las.csv row 2: “99A” is not a DfE 3-digit code."]


def test_a_changed_local_authority_is_updated(db, tmp_path):
    path = write(
        tmp_path,
        "las.csv",
        LA_HEADER + "E08000009,Trafford Borough,01/04/1974,,E12000002,E08,Metropolitan,live,358\n",
    )
    result = areas_load_local_authorities(path=path)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 12)
    assert Area.objects.get(code="E08000009").name == "Trafford Borough"
    again = areas_load_local_authorities(path=path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 13)


def test_neighbour_file_problems(db, tmp_path):
    path = write(
        tmp_path,
        "sn.csv",
        SN_HEADER
        + "358,Trafford,North West,1,999,Close,Nowhere\n"
        + "358,Trafford,North West,one,356,Close,Stockport\n"
        + "358,Trafford,North West,11,356,Close,Stockport\n"
        + "358,Trafford,North West,2,358,Close,Trafford\n"
        + "358,Trafford,North West,3,356,Close,Stockport\n"
        + "358,Trafford,North West,3,919,Close,Hertfordshire\n",
    )
    with pytest.raises(AreaDataError) as caught:
        load_sn(path)
    assert caught.value.problems == [
        "sn.csv row 3, column rank: “one” is not a whole number.",
        "sn.csv row 2: no local authority has the DfE code “999”.",
        "sn.csv row 4: the rank 11 is not between 1 and 10.",
        "sn.csv row 5: 358 is listed as its own neighbour.",
        "sn.csv row 7: 358 has two neighbours ranked 3.",
    ]
    assert not NeighbourSet.objects.filter(version="test").exists()


def test_a_neighbour_set_follows_its_file(db, tmp_path):
    rows = [
        "358,Trafford,North West,1,356,Very close,Stockport",
        "358,Trafford,North West,2,919,Close,Hertfordshire",
        "358,Trafford,North West,3,334,Close,Solihull",
    ]
    path = write(tmp_path, "sn.csv", SN_HEADER + "\n".join(rows) + "\n")
    first = load_sn(path)
    assert (first.created, first.updated, first.deleted, first.unchanged) == (3, 0, 0, 0)
    # Swap ranks 1 and 2 (no clash with the one-pair-per-set rule), drop rank 3.
    rows = [
        "358,Trafford,North West,1,919,Close,Hertfordshire",
        "358,Trafford,North West,2,356,Very close,Stockport",
    ]
    path = write(tmp_path, "sn.csv", SN_HEADER + "\n".join(rows) + "\n")
    second = load_sn(path)
    assert (second.created, second.updated, second.deleted, second.unchanged) == (0, 2, 1, 0)
    links = Neighbour.objects.filter(set__version="test").order_by("rank")
    assert [(n.neighbour.dfe_code, n.closeness) for n in links] == [
        ("919", "Close"),
        ("356", "Very close"),
    ]
    third = load_sn(path)
    assert (third.created, third.updated, third.deleted, third.unchanged) == (0, 0, 0, 2)


def test_wide_layout_reads_sn_and_closeness_pairs(db, tmp_path):
    header = "LA num,LA Name,LA number,GOInd,GOReg," + ",".join(f"SN{i},SNP" for i in range(1, 11))
    cells = ",".join(f"{code},Very Close" for code in ["356", "919"]) + "," * 16
    path = write(
        tmp_path,
        "wide.csv",
        f"{header},\n358,Trafford,358,5,North West,{cells},\n,,,\n,Old SNs:,,\n",
    )
    neighbours_load(version="wide", path=path, layout="wide", source="A test", published=None)
    links = Neighbour.objects.filter(set__version="wide").order_by("rank")
    assert [(n.rank, n.neighbour.dfe_code, n.closeness) for n in links] == [
        (1, "356", "Very close"),
        (2, "919", "Very close"),
    ]


def test_unknown_layout_is_a_programming_error(db, tmp_path):
    with pytest.raises(ValueError, match="layout"):
        neighbours_load(
            version="x", path=tmp_path / "x.csv", layout="tall", source="", published=None
        )
