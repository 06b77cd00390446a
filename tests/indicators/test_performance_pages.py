"""The performance pages: an indicator for an area (charts, tables, downloads), a priority's
scorecard and the plan's dashboard, read back from the HTML and the files they serve, with the
number of queries each page makes pinned so nothing grows with the data.

The values are those of test_performance.py (its fixtures are imported here)."""

from __future__ import annotations

import csv
import html as htmllib
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from openpyxl import load_workbook

from partnership.areas.models import Area
from partnership.indicators.importers import ImportOptions, import_file
from partnership.indicators.models import Indicator, Period
from partnership.indicators.performance import indicator_figures
from partnership.indicators.services import target_set
from partnership.plans.models import PriorityIndicator
from partnership.reports import downloads
from partnership.reports.charts import Table, trend_chart
from partnership.reports.charts import cache as chart_cache
from partnership.web.models import Partnership

STOCKTON, HARTLEPOOL, DARLINGTON = "E06000004", "E06000001", "E06000005"

SLUG = "stockton-on-tees"

# Queries per page, whatever the number of periods, neighbours or indicators: pinned so a query
# per row cannot creep in. The indicator page is read by an officer (session, user and roles
# included), the scorecard and dashboard by the public.
INDICATOR_PAGE_QUERIES = 17
PAGE_QUERIES = {"performance:scorecard": 7, "performance:dashboard": 7}


def url_name(url: str) -> str:
    match = resolve(url.split("?")[0])
    return f"{match.namespace}:{match.url_name}"


EYFS = "eyfs-good-level-of-development"


def priority(plan, order: int):
    return plan.priorities.get(order=order)


def own(stockton, code: str) -> Indicator:
    return Indicator.objects.get(partnership=stockton, code=code)


def indicator_url(code: str = EYFS, **query: str) -> str:
    url = reverse("performance:indicator", kwargs={"partnership": SLUG, "code": code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def download_url(fmt: str, table: str = "", code: str = EYFS, **query: str) -> str:
    url = reverse(
        "performance:indicator_download", kwargs={"partnership": SLUG, "code": code, "fmt": fmt}
    )
    params = {**({"table": table} if table else {}), **query}
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def scorecard_url(plan, order: int, query: str = "") -> str:
    url = reverse(
        "performance:scorecard",
        kwargs={"partnership": SLUG, "plan": plan.slug, "priority": priority(plan, order).pk},
    )
    return url + (f"?{query}" if query else "")


def dashboard_url(plan, query: str = "") -> str:
    url = reverse("performance:dashboard", kwargs={"partnership": SLUG, "plan": plan.slug})
    return url + (f"?{query}" if query else "")


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return htmllib.unescape(response.content.decode())


def tables(page: str) -> dict[str, list[list[str]]]:
    """Every table on the page by its caption: header row first, then the body's rows."""
    found = {}
    for caption, body in re.findall(
        r"<caption[^>]*>(.*?)</caption>(.*?)</table>", page, flags=re.S
    ):
        rows = [
            [words(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
        ]
        found[words(caption)] = rows
    return found


def words(fragment: str) -> str:
    """The text of an HTML fragment, tags dropped and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def table_with(page: str, start: str) -> list[list[str]]:
    matches = [rows for caption, rows in tables(page).items() if caption.startswith(start)]
    assert len(matches) == 1, list(tables(page))
    return matches[0]


def svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S)]


# The read-model -----------------------------------------------------------------------------


def test_figures_for_an_area_trend_and_comparison(stockton, data, django_assert_num_queries):
    eyfs, area = own(stockton, EYFS), stockton.area
    with django_assert_num_queries(4):
        figures = indicator_figures(partnership=stockton, indicator=eyfs, area=area)
    assert [p.period for p in figures.trend] == ["2022/23", "2023/24"]
    latest = figures.trend[-1]
    assert (latest.value, latest.lower, latest.upper) == (64.1, 62.5, 65.7)
    assert (latest.england, latest.neighbours) == (67.7, 68.0)
    assert figures.trend[0].england == 67.2
    # The neighbours closest first, then England; the region has no value here.
    assert [(c.name, c.kind, c.value) for c in figures.comparison] == [
        ("Stockton-on-Tees", "area", 64.1),
        ("Hartlepool", "neighbour", 66.0),
        ("Darlington", "neighbour", 70.0),
        *[(c.name, c.kind, None) for c in figures.comparison if c.kind == "region"],
        ("England", "england", 67.7),
    ]
    assert figures.comparison_period == "2023/24"
    assert (figures.latest.rank, figures.latest.rating_word) == ("3 of 3", "Red")


def test_figures_for_another_area_and_for_an_area_without_data(stockton, data):
    eyfs = own(stockton, EYFS)
    hartlepool = Area.objects.get(code=HARTLEPOOL)
    figures = indicator_figures(partnership=stockton, indicator=eyfs, area=hartlepool)
    assert [(p.period, p.value) for p in figures.trend] == [("2023/24", 66.0)]
    assert figures.comparison[0].name == "Hartlepool"
    nowhere = Area.objects.get(code="E06000047")  # County Durham: no value
    figures = indicator_figures(partnership=stockton, indicator=eyfs, area=nowhere)
    assert (figures.has_data, figures.trend, figures.comparison) == (False, [], [])
    assert figures.latest.no_data_text == "No data for County Durham yet."


def test_a_target_for_a_period_without_a_value_is_on_the_trend(
    stockton, data, django_capture_on_commit_callbacks
):
    eyfs = own(stockton, EYFS)
    with django_capture_on_commit_callbacks(execute=True):
        target_set(
            partnership=stockton,
            indicator=eyfs,
            area=stockton.area,
            period=Period.objects.get_or_create(
                period_type=eyfs.period_type,
                label="2024/25",
                defaults={"start_date": "2024-04-01", "end_date": "2025-03-31"},
            )[0],
            value=66,
            value_upper=68,
            by=None,
        )
    figures = indicator_figures(partnership=stockton, indicator=eyfs, area=stockton.area)
    assert [(p.period, p.value, p.target, p.target_upper) for p in figures.trend] == [
        ("2022/23", 65.0, None, None),
        ("2023/24", 64.1, None, None),
        ("2024/25", None, 66.0, 68.0),
    ]


# The indicator page ----------------------------------------------------------------------------


def test_the_indicator_page_for_the_partnerships_own_area(client_for, stockton, data):
    page = text(client_for("anonymous").get(indicator_url()))
    assert f'<h1 class="govuk-heading-xl">{own(stockton, EYFS).name}</h1>' in page
    assert 'id="id_area"' in page and '<option value="E06000004" selected>' in page
    assert "Latest figures for Stockton-on-Tees" in page
    assert '<p class="app-headline">64.1%</p>' in page
    assert "Worsened" in page and "Worse (95%): 67.7%" in page
    assert "D (worst quarter); ranked 3 of 3 local authorities (1 is the best)" in page
    assert ">Red</strong>" in page
    # Two charts, each named by its title and description, each with its data in a table.
    trend, comparison = svgs(page)
    assert trend.get("role") == comparison.get("role") == "img"
    assert "over time" in trend.find("{http://www.w3.org/2000/svg}title").text
    assert table_with(page, "The data in the trend chart")[1:] == [
        ["2022/23", "65.0%", "63.0% to 67.0%", "67.2%", "No value"],
        ["2023/24", "64.1%", "62.5% to 65.7%", "67.7%", "68.0%"],
    ]
    comparison_rows = table_with(page, "The data in the comparison chart")
    assert comparison_rows[0] == ["Area", "Percentage", "95% confidence interval"]
    # Higher is better: best first, the area among them, England where its value falls.
    assert [row[0] for row in comparison_rows[1:] if row[1] != "No value"] == [
        "Darlington",
        "England",
        "Hartlepool",
        "Stockton-on-Tees",
    ]
    # The definition, source, polarity and methodology are on the page too.
    for key in ("Definition", "Source", "Which direction is better", "Methodology"):
        assert f'<dt class="govuk-summary-list__key">{key}</dt>' in page


def test_another_local_authority_can_be_chosen(client_for, data):
    page = text(client_for("board").get(indicator_url(area=HARTLEPOOL)))
    assert "Latest figures for Hartlepool" in page
    assert '<option value="E06000001" selected>' in page
    # DfE's three-digit number works as well as the ONS code.
    page = text(client_for("board").get(indicator_url(area="805")))
    assert "Latest figures for Hartlepool" in page
    # Downloads keep the chosen area.
    assert download_url("csv", "trend", area=HARTLEPOOL).replace("&", "&amp;") in (
        client_for("board").get(indicator_url(area=HARTLEPOOL)).content.decode()
    )


def test_an_abolished_authority_is_shown_in_the_list(client_for, data):
    from partnership.areas.models import Area

    old = Area.objects.filter(level="la", end_date__isnull=False).order_by("code").first()
    assert old is not None, "the demo's areas include abolished authorities"
    page = text(client_for("anonymous").get(indicator_url(area=old.code)))
    assert f"Latest figures for {old.name}" in page or f"No figures for {old.name}" in page
    assert (
        f'<option value="{old.code}" selected>{old.name}, abolished {old.end_date.year}</option>'
        in page
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("E99999999", "“E99999999” is not the ONS code or DfE number of an area we know"),
        ("E08000009x", "is not the ONS code or DfE number of an area we know"),
        ("E92000001", "England is not an upper-tier local authority"),
    ],
)
def test_an_unknown_area_is_an_error_and_the_own_area_is_shown(client_for, data, code, message):
    page = text(client_for("anonymous").get(indicator_url(area=code)))
    assert "There is a problem" in page and message in page
    assert (
        '<a href="#id_area">' in page
        and 'class="govuk-form-group app-filter__item govuk-form-group--error"' in page
    )
    assert "<title>Error: " in page
    assert "Latest figures for Stockton-on-Tees" in page


def test_a_partnership_without_an_area_asks_for_one(client_for, data):
    Partnership.objects.filter(slug=SLUG).update(area=None)
    page = text(client_for("anonymous").get(indicator_url()))
    assert "has no area of its own: choose a local authority" in page
    assert "There is a problem" not in page and "<svg" not in page
    assert "Latest figures for Hartlepool" in text(
        client_for("anonymous").get(indicator_url(area=HARTLEPOOL))
    )


def test_an_indicator_without_data_says_so_and_draws_nothing(client_for, data):
    page = text(client_for("anonymous").get(indicator_url("tooth-decay-age-5")))
    assert "No figures for Stockton-on-Tees have been imported for this indicator yet." in page
    assert "<svg" not in page and "Download this table" not in page


def test_the_indicator_page_makes_the_same_number_of_queries_whatever_the_data(
    client_for, stockton, data, write_template, django_capture_on_commit_callbacks
):
    client = client_for("officer")
    client.get(indicator_url())  # sessions and the chart cache warm

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(indicator_url()).status_code == 200
        return len(queries)

    before = count()
    # Three more periods and a third neighbour's value: more rows, not more queries.
    more = [
        [EYFS, code, period, value, "", "", "", "", ""]
        for period, value in (("2019/20", "60.0"), ("2020/21", "61.0"), ("2021/22", "62.0"))
        for code in (STOCKTON, HARTLEPOOL, DARLINGTON)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        import_file(
            path=write_template(more, "more.csv"),
            format="template",
            options=ImportOptions(partnership=stockton),
        )
    assert count() == before
    assert before == INDICATOR_PAGE_QUERIES, before


# Downloads ----------------------------------------------------------------------------------


def test_the_csv_download_is_the_table_on_the_page(client_for, data):
    client = client_for("anonymous")
    page = text(client.get(indicator_url()))
    for name, caption in (
        ("trend", "The data in the trend chart"),
        ("comparison", "The data in the comparison chart"),
    ):
        response = client.get(download_url("csv", name))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith(
            f'attachment; filename="{EYFS}-stockton-on-tees-{name}.csv"'
        )
        body = response.content.decode("utf-8-sig")
        assert list(csv.reader(io.StringIO(body))) == table_with(page, caption)


def test_the_benchmarks_table_downloads_as_shown(client_for, stockton, data):
    client = client_for("anonymous")
    page = text(client.get(indicator_url()))
    shown = table_with(page, f"{own(stockton, EYFS).name}: Stockton-on-Tees compared, by period")
    body = client.get(download_url("csv", "benchmarks")).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows == shown
    assert rows[1][:3] == ["2023/24", "64.1%", "Worse (95%): 67.7%"]
    assert rows[1][-1] == "Red"


def test_the_workbook_has_every_table_with_numbers_as_numbers(client_for, data):
    response = client_for("anonymous").get(download_url("xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["About", "Trend", "Neighbours", "By period"]
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Area"] == "Stockton-on-Tees (E06000004)"
    assert about["Which direction is better"] == "Higher is better"
    trend = book["Trend"]
    assert [c.value for c in trend[1]] == [
        "Period",
        "Stockton-on-Tees",
        "Stockton-on-Tees 95% confidence interval",
        "England",
        "Statistical neighbours' average",
    ]
    latest = trend[3]
    assert latest[0].value == "2023/24"
    # 64.1% on the page: the number 64.1 shown with a literal "%", not Excel's percentage.
    assert (latest[1].value, latest[1].number_format) == (64.1, '0.0"%"')
    assert latest[2].value == "62.5% to 65.7%"
    assert trend[2][4].value == "No value"


def test_download_errors(client_for, data):
    client = client_for("anonymous")
    assert client.get(download_url("csv")).status_code == 404  # a CSV holds one table
    assert client.get(download_url("csv", "nonsense")).status_code == 404
    assert client.get(download_url("xlsx", area="E99999999")).status_code == 404
    # Nothing loaded: the workbook says so rather than failing.
    response = client.get(download_url("xlsx", code="tooth-decay-age-5"))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["About"]
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Figures"] == "None: no figures for Stockton-on-Tees have been loaded."


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("64.1%", (64.1, '0.0"%"')),
        ("1,234.50", (1234.5, "#,##0.00")),
        ("12", (12.0, "0")),
        ("-3.0", (-3.0, "0.0")),
        ("12345", (12345.0, "#,##0")),
        ("62.5% to 65.7%", None),
        ("No value", None),
        ("1,23.4", None),
        ("", None),
    ],
)
def test_which_cells_are_numbers(shown, expected):
    assert downloads.cell_number(shown) == expected


def test_sheet_titles_are_short_unique_and_legal():
    taken: set[str] = set()
    assert downloads.sheet_title("Compared with statistical neighbours, 2023/24", taken) == (
        "Compared with statistical neigh"
    )
    assert downloads.sheet_title("Compared with statistical neighbours, 2024/25", taken) == (
        "Compared with statistical n (2)"
    )
    assert downloads.sheet_title("a/b: [c]?", taken) == "a b   c"


def test_csv_has_a_byte_order_mark_for_spreadsheets():
    body = downloads.csv_bytes(Table(("Area", "Value"), (("Stockton-on-Tees", "1,234.5"),)))
    assert body.startswith("\ufeff".encode())
    assert body.decode("utf-8-sig") == 'Area,Value\r\nStockton-on-Tees,"1,234.5"\r\n'


# The chart cache ----------------------------------------------------------------------------


def test_a_chart_is_drawn_once_per_change_of_its_data(monkeypatch):
    from partnership.reports.charts import Series, TrendData

    drawn = []

    def counting(data):
        drawn.append(data)
        return trend_chart(data)

    counting.__name__ = "trend_chart"
    data = TrendData(indicator="X", periods=("2024",), area=Series("A", (1.0,)), chart_id="t")
    first = chart_cache.cached_chart(counting, data)
    again = chart_cache.cached_chart(counting, data)
    assert first == again and len(drawn) == 1
    changed = TrendData(indicator="X", periods=("2024",), area=Series("A", (2.0,)), chart_id="t")
    chart_cache.cached_chart(counting, changed)
    assert len(drawn) == 2
    # A new drawing version is a new key, so no chart drawn the old way is served.
    monkeypatch.setattr(chart_cache, "RENDERER_VERSION", "test-next")
    chart_cache.cached_chart(counting, data)
    assert len(drawn) == 3


# The scorecard ------------------------------------------------------------------------------


def test_the_scorecard_page(client_for, plan, data):
    page = text(client_for("anonymous").get(scorecard_url(plan, 2)))
    assert f'<h1 class="govuk-heading-xl">{priority(plan, 2).title}</h1>' in page
    rows = table_with(page, "10 indicators")
    assert rows[0] == [
        "Indicator",
        "Rating",
        "Latest",
        "Since the period before",
        "England",
        "Statistical neighbours",
        "Quartile band",
        "Recent trend",
        "Target",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    eyfs = next(row for name, row in by_name.items() if name.startswith(own_name(plan, EYFS)))
    assert eyfs[1:4] == ["Red", "64.1% 2023/24 was 65.0% in 2022/23", "↓ Worsened"]
    assert eyfs[4:7] == [
        "Worse (95%): 67.7%",
        "Worse (95%): 68.0%",
        "D (worst quarter) rank 3 of 3",
    ]
    # The arrow is hidden from screen readers: the word says it.
    assert '<span class="app-arrow" aria-hidden="true">↓</span>Worsened' in page
    # Every indicator links to its page for the same area.
    assert f'href="{indicator_url()}"' in page


def own_name(plan, code: str) -> str:
    return Indicator.objects.get(partnership=plan.partnership, code=code).name


def test_the_scorecard_sorts_and_filters_through_links_and_a_plain_form(client_for, plan, data):
    client = client_for("anonymous")
    page = text(client.get(scorecard_url(plan, 2, "sort=rating")))
    assert "10 indicators, sorted by overall rating, worst first" in page
    assert 'aria-sort="ascending"><a class="govuk-link app-sort-link" href="' in page
    # The rating heading now sorts the other way; the others start worst first.
    assert f'href="{scorecard_url(plan, 2, "sort=-rating")}"' in page
    assert f'href="{scorecard_url(plan, 2, "sort=band")}"' in page
    names = [row[0] for row in table_with(page, "10 indicators")[1:]]
    assert names[0].startswith(own_name(plan, EYFS))

    page = text(client.get(scorecard_url(plan, 2, "rating=red&rating=amber&sort=-name")))
    assert "2 of 10 indicators, sorted by name, Z to A" in page
    assert 'value="red" checked' in page and 'value="amber" checked' in page
    assert '<details class="govuk-details" open>' in page
    assert "Clear filters" in page
    # Sorting keeps the filters.
    assert "sort=rating&rating=red&rating=amber" in page


def test_unknown_scorecard_parameters_are_explained(client_for, plan, data):
    page = text(client_for("anonymous").get(scorecard_url(plan, 2, "sort=colour&rating=blue")))
    assert "“colour” is not a column this table can be sorted by" in page
    assert "“blue” is not a rating this table can be filtered by, so it was ignored." in page


def test_the_scorecard_for_another_area_and_for_a_bad_one(client_for, plan, data):
    client = client_for("anonymous")
    page = text(client.get(scorecard_url(plan, 2, f"area={HARTLEPOOL}")))
    assert '<option value="E06000001" selected>' in page
    assert f'href="{indicator_url(area=HARTLEPOOL)}"' in page
    page = text(client.get(scorecard_url(plan, 2, "area=nowhere")))
    assert "There is a problem" in page and "“nowhere” is not the ONS code" in page


def test_the_scorecard_makes_the_same_number_of_queries_for_more_indicators(client_for, plan, data):
    client = client_for("anonymous")
    url = scorecard_url(plan, 3)
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    third = priority(plan, 3)
    for n, indicator in enumerate(Indicator.objects.filter(assessments__isnull=False).distinct()):
        PriorityIndicator.objects.get_or_create(
            priority=third, indicator=indicator, defaults={"order": 200 + n}
        )
    assert third.indicator_links.count() > 6
    assert count() == before
    assert before == PAGE_QUERIES[url_name(url)], before


# The dashboard ------------------------------------------------------------------------------


def test_the_dashboard_puts_the_exceptions_first(client_for, plan, data):
    page = text(client_for("anonymous").get(dashboard_url(plan)))
    summary = page.index("indicators improved")
    exceptions = page.index("Look at these first")
    by_priority = page.index('id="priorities"')
    assert summary < exceptions < by_priority
    assert re.search(r"\d+ indicators? improved, \d+ stayed the same, \d+ worsened", page)
    rows = table_with(page, "Exceptions:")
    eyfs = next(row for row in rows[1:] if row[0].startswith(own_name(plan, EYFS)))
    assert "Worsened since 2022/23" in eyfs[3] and "Worse than England (95%)" in eyfs[3]
    assert eyfs[-1] == "Red"
    counts = table_with(page, "Direction of travel of each")
    assert counts[0] == [
        "Priority",
        "Improved",
        "Stayed the same",
        "Worsened",
        "Cannot be compared",
        "Exceptions",
    ]
    # Each priority links to its scorecard for the same area.
    assert f'href="{scorecard_url(plan, 1)}"' in page
    assert "Why some cannot be compared" in page


def test_the_dashboard_makes_the_same_number_of_queries_for_more_indicators(client_for, plan, data):
    client = client_for("anonymous")
    url = dashboard_url(plan)
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for n, indicator in enumerate(Indicator.objects.filter(partnership__isnull=True)[:20]):
        PriorityIndicator.objects.get_or_create(
            priority=priority(plan, 4), indicator=indicator, defaults={"order": 300 + n}
        )
    assert count() == before
    assert before == PAGE_QUERIES[url_name(url)], before


# Ways in ------------------------------------------------------------------------------------


def test_the_plan_priority_and_framework_pages_lead_to_the_performance_pages(client_for, plan):
    client = client_for("anonymous")
    kw = {"partnership": SLUG, "plan": plan.slug}
    plan_page = text(client.get(reverse("plans:plan_detail", kwargs=kw)))
    assert f'href="{dashboard_url(plan)}">Performance dashboard</a>' in plan_page
    first = priority(plan, 1)
    priority_page = text(
        client.get(reverse("plans:priority_detail", kwargs={**kw, "priority": first.pk}))
    )
    assert f'href="{scorecard_url(plan, 1)}">Scorecard:' in priority_page
    framework = text(client.get(reverse("indicators:framework", kwargs={"partnership": SLUG})))
    assert f'href="{dashboard_url(plan)}">Performance dashboard: {plan.title}</a>' in framework


# The page cache -----------------------------------------------------------------------------

PAGE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "charts": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "c"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
}


@pytest.fixture
def page_cache_on(settings):
    """The pages cached as in production, in memory, emptied before and after."""
    from django.core.cache import caches

    from partnership.web.datastamp import new_stamp

    settings.CACHES = PAGE_CACHE
    caches["pages"].clear()
    # The fixtures' writes are in the test's own transaction, which never commits: their
    # pending stamp would stand in for the test's own writes'.
    connection.run_on_commit = [e for e in connection.run_on_commit if e[1] is not new_stamp]
    yield caches["pages"]
    caches["pages"].clear()


def queries_for(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_cached_page_is_served_without_building_it_again(client_for, data, page_cache_on):
    client = client_for("anonymous")
    first_count, first = queries_for(client, indicator_url())
    again_count, again = queries_for(client, indicator_url())
    assert again == first
    # The partnership and the reader's permissions, not the figures.
    assert again_count < first_count and again_count <= 3, (again_count, first_count)


def test_new_values_and_targets_change_the_cached_page(
    client_for, stockton, data, write_template, page_cache_on, django_capture_on_commit_callbacks
):
    client = client_for("anonymous")
    assert '<p class="app-headline">64.1%</p>' in text(client.get(indicator_url()))
    with django_capture_on_commit_callbacks(execute=True):
        import_file(
            path=write_template([[EYFS, STOCKTON, "2024/25", "66.6", "", "", "", "", ""]], "n.csv"),
            format="template",
            options=ImportOptions(partnership=stockton),
        )
    page = text(client.get(indicator_url()))
    assert '<p class="app-headline">66.6%</p>' in page
    eyfs = own(stockton, EYFS)
    with django_capture_on_commit_callbacks(execute=True):
        target_set(
            partnership=stockton,
            indicator=eyfs,
            area=stockton.area,
            period=Period.objects.get(period_type=eyfs.period_type, label="2024/25"),
            value=70,
            by=None,
        )
    assert "Not met (target 70.0%)" in text(client.get(indicator_url()))


def test_plan_changes_show_on_the_cached_scorecard(
    client_for, plan, data, page_cache_on, django_capture_on_commit_callbacks
):
    from partnership.plans.services import priority_update

    client = client_for("anonymous")
    second = priority(plan, 2)
    assert second.title in text(client.get(scorecard_url(plan, 2)))
    with django_capture_on_commit_callbacks(execute=True):
        priority_update(priority=second, by=None, title="Keep children safe", description="")
    assert '<h1 class="govuk-heading-xl">Keep children safe</h1>' in text(
        client.get(scorecard_url(plan, 2))
    )


def test_readers_with_other_permissions_get_their_own_page(client_for, data, page_cache_on):
    officer = text(client_for("officer").get(indicator_url()))
    public = text(client_for("anonymous").get(indicator_url()))
    assert "Add a target" in officer and "Add a target" not in public
    # The header is the reader's own, never another reader's from the cache.
    assert "Sign out" in officer and "Sign out" not in public


def test_the_stamp_changes_once_per_transaction_block(demo):
    from django.db import transaction

    from partnership.web import datastamp

    with transaction.atomic():
        datastamp.data_changed()
        datastamp.data_changed()
        with transaction.atomic():  # a savepoint: its own, since it may be rolled back alone
            datastamp.data_changed()
            datastamp.data_changed()
        pending = [entry[1] for entry in connection.run_on_commit]
        assert pending.count(datastamp.new_stamp) == 2


def test_bulk_deletes_stay_fast(demo):
    """Nothing listens for the deletion of values or assessments, so Django deletes them in
    bulk rather than one by one."""
    from django.db.models.signals import post_delete, pre_delete

    from partnership.indicators.models import Assessment, TargetAssessment, Value

    for model in (Value, Assessment, TargetAssessment):
        assert not post_delete.has_listeners(model) and not pre_delete.has_listeners(model)


def test_the_performance_section_is_marked_in_the_navigation(client_for, plan):
    page = client_for("anonymous").get(scorecard_url(plan, 1)).content.decode()
    active = re.findall(
        r'govuk-service-navigation__item--active">\s*<a[^>]*>\s*(?:<strong[^>]*>)?\s*(\w+)', page
    )
    assert active == ["Performance"], active
