"""The indicator page shows how the partnership's own area compares, from the assessments."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnership.indicators.importers import import_file
from partnership.indicators.models import Indicator


@pytest.fixture
def excess_weight(write_csv, lait, django_capture_on_commit_callbacks):
    """Reception-year excess weight (lower is better) for England, the North East, Stockton and
    Hartlepool over two years; the assessments are worked out on commit."""
    rows = [
        lait.excess("2022/23", "970", "England", "21.3"),
        lait.excess("2022/23", "980", "North East", "23.0"),
        lait.excess("2022/23", "808", "Stockton-on-Tees", "24.1"),
        lait.excess("2022/23", "805", "Hartlepool", "25.0"),
        lait.excess("2023/24", "970", "England", "22.1"),
        lait.excess("2023/24", "980", "North East", "23.5"),
        lait.excess("2023/24", "808", "Stockton-on-Tees", "22.9"),
        lait.excess("2023/24", "805", "Hartlepool", "24.0"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        import_file(path=write_csv(rows), format="lait")
    return Indicator.objects.get(lait_code="ExcessRec")


def page_for(client, indicator) -> str:
    url = reverse(
        "performance:indicator",
        kwargs={"partnership": "stockton-on-tees", "code": indicator.code},
    )
    return client.get(url).content.decode()


def test_the_indicator_page_shows_how_the_area_compares(client_for, excess_weight):
    page = page_for(client_for("anonymous"), excess_weight)
    assert "How Stockton-on-Tees compares" in page
    table = page[page.index('id="benchmarks"') : page.index('id="targets"')]
    # Newest first; LAIT has no limits, so every comparison says it was not tested.
    assert table.index("2023/24") < table.index("2022/23")
    assert "Higher (not tested): 22.10" in table  # 22.9 against England's 22.1
    assert "Lower (not tested): 23.50" in table  # against the North East's 23.5
    # 22.9 after 24.1, lower being better.
    assert "Improved" in table
    # Ranked among the two authorities with a value: Stockton's 22.9 beats Hartlepool's 24.0.
    assert "1 of 2" in table
    # New LAIT indicators with a polarity are rated by quartile band.
    assert "Rated by: quartile band among local authorities." in page


def test_the_page_says_when_no_figures_are_in(client_for, db):
    indicator = Indicator.objects.filter(partnership__slug="stockton-on-tees").first()
    page = page_for(client_for("anonymous"), indicator)
    assert "No figures for Stockton-on-Tees have been imported for this indicator yet." in page
