"""Importing values through the web: upload, background check, preview, confirm, result."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnership.indicators.models import ImportBatch, ImportJob, ImportJobStatus, Value

STOCKTON = "stockton-on-tees"


def as_csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def upload_url(slug: str = STOCKTON) -> str:
    return reverse("indicators:data_import", kwargs={"partnership": slug})


def job_url(job: ImportJob) -> str:
    return reverse(
        "indicators:import_job", kwargs={"partnership": job.partnership.slug, "job": job.pk}
    )


@pytest.fixture
def upload(client_for, django_capture_on_commit_callbacks):
    """Post a file as the administrator (LAIT files write national indicators, which only an
    administrator may); the background check runs (immediate backend) on commit."""
    admin = client_for("administrator")

    def send(body: bytes, name: str = "values.csv", format: str = "", client=None):
        client = client or admin
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                upload_url(), {"file": SimpleUploadedFile(name, body), "format": format}
            )
        return response

    send.client = admin  # type: ignore[attr-defined]
    return send


def latest_job() -> ImportJob:
    return ImportJob.objects.order_by("-pk").first()


def test_a_good_file_is_checked_and_previewed_without_writing(upload, lait):
    before = Value.objects.count()
    response = upload(as_csv(lait.key_header, lait.good_rows))
    job = latest_job()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    assert job.status == ImportJobStatus.CHECKED and job.format == "lait"
    assert job.report["counts"]["new"] == len(lait.good_rows)
    assert Value.objects.count() == before
    assert not ImportBatch.objects.filter(dry_run=False, source_name="values.csv").exists()

    page = upload.client.get(job_url(job)).content.decode()
    assert "Check what the import will change" in page
    assert "Import these values" in page
    # The examples name the indicator, area and period even though the dry run rolled back the
    # new indicator and periods.
    assert "Children looked after rate per 10,000" in page and "Trafford" in page
    assert "2022/23" in page


def test_confirming_imports_the_values_and_records_who(
    upload, lait, django_capture_on_commit_callbacks
):
    upload(as_csv(lait.key_header, lait.good_rows))
    job = latest_job()
    with django_capture_on_commit_callbacks(execute=True):
        response = upload.client.post(job_url(job), {"action": "confirm"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJobStatus.COMPLETED
    assert job.batch is not None and job.batch.by.username == "admin"
    assert Value.objects.filter(batch=job.batch).count() == len(lait.good_rows)
    page = upload.client.get(job_url(job)).content.decode()
    assert "Values imported" in page

    # The same file again: checked, and the preview says it changes nothing.
    upload(as_csv(lait.key_header, lait.good_rows))
    again = latest_job()
    assert again.status == ImportJobStatus.CHECKED
    assert again.report["counts"]["new"] == 0 and again.report["counts"]["changed"] == 0
    assert "importing it changes nothing" in upload.client.get(job_url(again)).content.decode()


def test_an_officer_cannot_import_national_indicators(upload, lait, client_for):
    """National indicators are shared by every partnership: an officer's upload of a LAIT file
    is refused with the reason, and writes nothing."""
    before = Value.objects.count()
    upload(as_csv(lait.key_header, lait.good_rows), client=client_for("officer"))
    job = latest_job()
    assert job.status == ImportJobStatus.REJECTED
    page = client_for("officer").get(job_url(job)).content.decode()
    assert "This file holds values of national indicators (“Children looked after rate" in page
    assert "only an administrator can import them" in page
    assert Value.objects.count() == before


def test_a_file_with_problems_is_rejected_with_each_row_and_column(upload, lait):
    rows = lait.good_rows
    rows[1][6] = "999"  # no such LA Number
    rows[2][9] = "1,234"  # a thousands separator
    before = Value.objects.count()
    upload(as_csv(lait.key_header, rows))
    job = latest_job()
    assert job.status == ImportJobStatus.REJECTED
    page = upload.client.get(job_url(job)).content.decode()
    assert "The file has problems" in page
    assert "The file has 2 problems in 2 of its 7 rows." in page
    assert "What the file would change" not in page  # no counts of a change that cannot happen
    assert "Row 3, column LA Number: No area has the LA Number “999”" in page
    assert "Row 4, column Values: “1,234” is not a number: remove the commas" in page
    assert Value.objects.count() == before


def test_a_file_of_no_known_format_is_rejected_naming_the_formats(upload):
    upload(b"name,score\nTrafford,3\n")
    job = latest_job()
    assert job.status == ImportJobStatus.REJECTED
    page = upload.client.get(job_url(job)).content.decode()
    assert "are not a format this product can import" in page
    assert "DfE LAIT long format" in page


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "Choose a data file to upload"),
        ({"file": SimpleUploadedFile("empty.csv", b"")}, "The file you chose is empty"),
    ],
)
def test_the_upload_form_explains_a_missing_or_empty_file(client_for, files, message):
    response = client_for("officer").post(upload_url(), {"format": "", **files})
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body and message in body
    assert not ImportJob.objects.exists()


def test_a_file_over_the_size_limit_is_refused(upload, lait, settings):
    settings.DATA_FILE_MAX_BYTES = 100
    response = upload(as_csv(lait.key_header, lait.good_rows))
    assert response.status_code == 400
    assert "the largest accepted is" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_an_unknown_format_choice_is_refused(client_for):
    response = client_for("officer").post(
        upload_url(), {"file": SimpleUploadedFile("x.csv", b"a,b\n1,2\n"), "format": "pdf"}
    )
    assert response.status_code == 400
    assert "Choose one of the kinds of file listed" in response.content.decode()


def test_only_a_checked_file_can_be_confirmed(upload, lait):
    rows = lait.good_rows
    rows[0][6] = "999"
    upload(as_csv(lait.key_header, rows))
    job = latest_job()
    response = upload.client.post(job_url(job), {"action": "confirm"})
    assert response.status_code == 400
    assert "This file cannot be imported now" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.REJECTED


def test_cancelling_a_checked_file_imports_nothing(upload, lait):
    upload(as_csv(lait.key_header, lait.good_rows))
    job = latest_job()
    response = upload.client.post(job_url(job), {"action": "cancel"}, follow=True)
    assert "Cancelled: nothing from values.csv was imported" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.CANCELLED
    assert upload.client.post(job_url(job), {"action": "confirm"}).status_code == 400


def test_the_progress_is_reported_as_json(upload, lait):
    upload(as_csv(lait.key_header, lait.good_rows))
    job = latest_job()
    status = upload.client.get(
        reverse("indicators:import_job_status", kwargs={"partnership": STOCKTON, "job": job.pk})
    ).json()
    assert status == {
        "status": "checked",
        "status_text": "Checked: waiting for you to confirm",
        "finished": True,
        "percent": 100,
        "text": "Checked: waiting for you to confirm",
    }


def test_a_running_job_shows_a_progress_bar(upload, lait):
    upload(as_csv(lait.key_header, lait.good_rows))
    job = latest_job()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.CHECKING, rows_done=3, rows_total=7
    )
    page = upload.client.get(job_url(job)).content.decode()
    assert '<progress class="app-progress__bar" id="import-progress" max="100" value="42"' in page
    assert "Checked 3 of about 7 rows" in page
    assert "import-progress.js" in page


def test_the_recent_imports_are_listed_on_the_upload_page(upload, lait):
    upload(as_csv(lait.key_header, lait.good_rows), name="first.csv")
    page = upload.client.get(upload_url()).content.decode()
    assert "Recent imports" in page and "first.csv" in page


def test_another_partnerships_job_is_not_found(upload, lait, client_for):
    from partnership.web.models import Partnership

    upload(as_csv(lait.key_header, lait.good_rows))
    job = latest_job()
    admin = client_for("administrator")
    kent = Partnership.objects.get(slug="kent")
    url = reverse("indicators:import_job", kwargs={"partnership": kent.slug, "job": job.pk})
    assert admin.get(url).status_code == 404


def test_a_gzip_file_is_counted_for_the_progress_bar(upload, lait):
    import gzip

    upload(gzip.compress(as_csv(lait.key_header, lait.good_rows)), name="values.csv.gz")
    job = latest_job()
    assert job.rows_total == len(lait.good_rows)
    assert job.status == ImportJobStatus.CHECKED


# A DfE tidy file of a shape no mapping covers: the officer maps it once. ---------------------

EES_HEADER = [
    "time_period",
    "time_identifier",
    "geographic_level",
    "country_code",
    "country_name",
    "region_code",
    "region_name",
    "old_la_code",
    "new_la_code",
    "la_name",
    "care_type",
    "children_count",
    "population",
    "rate_per_10000",
]


def ees_rows(year: str = "2025") -> list[list[str]]:
    england = [year, "Reporting year", "National", "E92000001", "England", "", "", "", "", ""]
    trafford = [
        year,
        "Reporting year",
        "Local authority",
        "E92000001",
        "England",
        "E12000002",
        "North West",
        "358",
        "E08000009",
        "Trafford",
    ]
    return [
        [*england, "Kinship care", "9000", "12000000", "7.5"],
        [*england, "Foster care", "50000", "12000000", "41.7"],
        [*trafford, "Kinship care", "30", "50000", "6"],
        [*trafford, "Foster care", "200", "50000", "40"],
    ]


def mapping_url(job: ImportJob) -> str:
    return reverse("indicators:import_job_mapping", kwargs={"partnership": STOCKTON, "job": job.pk})


def test_an_unmapped_tidy_file_waits_for_its_columns_to_be_mapped(upload):
    upload(as_csv(EES_HEADER, ees_rows()), name="care_type_2025.csv")
    job = latest_job()
    assert job.status == ImportJobStatus.NEEDS_MAPPING and job.format == "ees"
    page = upload.client.get(job_url(job)).content.decode()
    assert "Say what the file&#x27;s columns mean" in page or "Say what the file's" in page
    form = upload.client.get(mapping_url(job)).content.decode()
    # The figures are offered as values; the text column as a filter with its values.
    assert '<option value="rate_per_10000">' in form
    assert "Which rows to use, by care_type" in form and "Kinship care" in form


def test_mapping_a_file_checks_it_and_remembers_the_mapping(
    upload, django_capture_on_commit_callbacks, client_for
):
    """The officer maps a file to a new indicator of the partnership's own."""
    officer = client_for("officer")
    upload(as_csv(EES_HEADER, ees_rows()), name="care_type_2025.csv", client=officer)
    job = latest_job()
    upload.client = officer
    form = upload.client.get(mapping_url(job)).content.decode()
    filter_name = "filter_0"
    assert f'name="{filter_name}"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = upload.client.post(
            mapping_url(job),
            {
                "name": "Children in foster care",
                "indicator": "__new__",
                "new_name": "Children in foster care: rate per 10,000",
                "new_code": "foster-care-rate",
                "new_value_type": "rate",
                "new_multiplier": "10000",
                "new_polarity": "none",
                "value": "rate_per_10000",
                "numerator": "children_count",
                "denominator": "population",
                filter_name: "Foster care",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    job.refresh_from_db()
    assert job.status == ImportJobStatus.CHECKED, job.report
    assert job.mapping is not None and job.mapping.partnership.slug == STOCKTON
    assert job.report["counts"]["new"] == 2 and job.report["counts"]["indicators_new"] == 1

    # Next year's file, columns in another order: read with the remembered mapping at once.
    header = list(reversed(EES_HEADER))
    rows = [list(reversed(row)) for row in ees_rows("2026")]
    upload(as_csv(header, rows), name="care_type_2026.csv", client=officer)
    assert latest_job().status == ImportJobStatus.CHECKED


def test_a_mapping_with_problems_is_explained_and_nothing_is_saved(upload):
    from partnership.indicators.models import ColumnMapping

    upload(as_csv(EES_HEADER, ees_rows()), name="care_type_2025.csv")
    job = latest_job()
    response = upload.client.post(
        mapping_url(job), {"name": "", "indicator": "__new__", "value": "", "new_polarity": "none"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "govuk-error-summary" in body
    for message in (
        "Enter a name for the mapping",
        "Choose the column holding the value",
        "Enter the new indicator&#x27;s name",
        "Enter a code for the new indicator",
    ):
        assert message in body, message
    # A rate without its multiplier: the mapping's own check, shown on the form.
    response = upload.client.post(
        mapping_url(job),
        {
            "name": "Foster care",
            "indicator": "__new__",
            "new_name": "Foster care rate",
            "new_code": "foster-care-rate",
            "new_value_type": "rate",
            "new_polarity": "none",
            "value": "rate_per_10000",
            "filter_0": "Foster care",
        },
    )
    assert response.status_code == 400
    assert "a rate needs its multiplier" in response.content.decode()
    assert not ColumnMapping.objects.filter(partnership__slug=STOCKTON).exists()
    job.refresh_from_db()
    assert job.status == ImportJobStatus.NEEDS_MAPPING


def template_url(kind: str) -> str:
    return reverse("indicators:import_template", kwargs={"partnership": STOCKTON, "kind": kind})


def test_the_upload_page_offers_the_template_and_both_download(client_for):
    import openpyxl

    officer = client_for("officer")
    page = officer.get(upload_url()).content.decode()
    assert template_url("csv") in page and template_url("xlsx") in page
    csv_file = officer.get(template_url("csv"))
    assert csv_file["Content-Type"].startswith("text/csv")
    assert "stockton-on-tees-values-template.csv" in csv_file["Content-Disposition"]
    header = next(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig"))))
    assert header[:2] == ["Indicator code", "Area code"]
    workbook = openpyxl.load_workbook(io.BytesIO(officer.get(template_url("xlsx")).content))
    assert "Values" in workbook.sheetnames and "Indicators" in workbook.sheetnames
    codes = [row[0] for row in workbook["Indicators"].iter_rows(min_row=2, values_only=True)]
    # Stockton's own indicators are listed for it to use, and not Kent's.
    from partnership.indicators.models import Indicator

    stockton_codes = set(
        Indicator.objects.filter(partnership__slug=STOCKTON).values_list("code", flat=True)
    )
    kent_only = (
        set(Indicator.objects.filter(partnership__slug="kent").values_list("code", flat=True))
        - stockton_codes
    )
    assert stockton_codes and stockton_codes <= set(codes)
    assert kent_only and not kent_only & set(codes)
