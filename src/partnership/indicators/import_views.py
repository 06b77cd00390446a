"""The data-import pages: upload a file, watch it being checked, preview, confirm."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from partnership.web.mixins import PartnershipView
from partnership.web.pages import apply_validation_error
from partnership.web.permissions import Perm

from . import uploads
from .import_forms import ColumnMappingForm, DataUploadForm
from .import_presenters import TAG_COLOURS, job_page, job_progress
from .importers import FORMATS
from .models import ImportJob, ImportJobStatus

RECENT_JOBS = 20


class DataImportView(PartnershipView):
    """Upload a data file; the recent imports into this partnership are listed below."""

    permission = Perm.MANAGE_DATA

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.show(DataUploadForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = DataUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                job = uploads.import_job_create(
                    partnership=self.partnership,
                    by=request.user,
                    upload=form.cleaned_data["file"],
                    format=form.cleaned_data["format"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return HttpResponseRedirect(job_url(job))
        return self.show(form, status=400)

    def show(self, form: DataUploadForm, status: int = 200) -> HttpResponse:
        jobs = list(
            ImportJob.objects.filter(partnership=self.partnership).select_related("by")[
                :RECENT_JOBS
            ]
        )
        context = self.get_context_data(
            form=form,
            formats=FORMATS.values(),
            jobs=[(job, job_url(job), TAG_COLOURS[ImportJobStatus(job.status)]) for job in jobs],
            max_mb=uploads.max_upload_bytes() // 1_000_000,
        )
        return render(self.request, "indicators/imports/upload.html", context, status=status)


class JobScoped(PartnershipView):
    permission = Perm.MANAGE_DATA

    def job(self) -> ImportJob:
        return get_object_or_404(
            ImportJob.objects.select_related("mapping", "by"),
            partnership=self.partnership,
            pk=self.kwargs["job"],
        )


class ImportJobView(JobScoped):
    """A job's page: progress while it runs, then the preview (or problems), then the result.
    Its buttons post back here: confirm or cancel."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self.job()
        return self.show(job)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self.job()
        action = request.POST.get("action")
        try:
            if action == "confirm":
                uploads.import_job_confirm(job=job, by=request.user)
            elif action == "cancel":
                uploads.import_job_cancel(job=job, by=request.user)
                messages.success(request, f"Cancelled: nothing from {job.source_name} was imported")
                return HttpResponseRedirect(self.upload_url())
            else:
                return self.show(job, error="Choose to import the values or to cancel", status=400)
        except ValidationError as error:
            return self.show(job, error=" ".join(error.messages), status=400)
        return HttpResponseRedirect(job_url(job))

    def upload_url(self) -> str:
        return reverse("indicators:data_import", kwargs={"partnership": self.partnership.slug})

    def show(self, job: ImportJob, error: str = "", status: int = 200) -> HttpResponse:
        mapping_url = reverse(
            "indicators:import_job_mapping",
            kwargs={"partnership": self.partnership.slug, "job": job.pk},
        )
        context = self.get_context_data(
            page=job_page(job),
            error=error,
            mapping_url=mapping_url,
            upload_url=self.upload_url(),
            status_url=reverse(
                "indicators:import_job_status",
                kwargs={"partnership": self.partnership.slug, "job": job.pk},
            ),
        )
        return render(self.request, "indicators/imports/job.html", context, status=status)


class ImportJobMappingView(JobScoped):
    """Say what a DfE tidy file's columns mean, once: the mapping is remembered for its shape,
    and the file is checked with it straight away."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self.job()
        if job.status != ImportJobStatus.NEEDS_MAPPING:
            return HttpResponseRedirect(job_url(job))
        columns = uploads.job_columns(job)
        initial = {"name": uploads.suggested_mapping_name(job)}
        return self.show(job, self.form(columns, initial=initial), columns)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        job = self.job()
        if job.status != ImportJobStatus.NEEDS_MAPPING:
            return HttpResponseRedirect(job_url(job))
        columns = uploads.job_columns(job)
        form = self.form(columns, data=request.POST)
        if form.is_valid():
            try:
                uploads.import_job_map(
                    job=job, by=request.user, header=columns.header, spec=form.spec()
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return HttpResponseRedirect(job_url(job))
        return self.show(job, form, columns, status=400)

    def form(self, columns: Any, **kwargs: Any) -> ColumnMappingForm:
        indicators = uploads.mapping_indicator_choices(self.partnership)
        return ColumnMappingForm(columns=columns, indicators=indicators, **kwargs)

    def show(
        self, job: ImportJob, form: ColumnMappingForm, columns: Any, status: int = 200
    ) -> HttpResponse:
        context = self.get_context_data(job=job, form=form, columns=columns, back_url=job_url(job))
        return render(self.request, "indicators/imports/mapping.html", context, status=status)


class ImportJobStatusView(JobScoped):
    """The job's progress as JSON, for the progress bar's script to poll."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = JsonResponse(job_progress(self.job()))
        response["Cache-Control"] = "no-store"
        return response


class TemplateDownloadView(PartnershipView):
    """The blank template, as CSV or as an Excel workbook listing the partnership's indicators."""

    permission = Perm.MANAGE_DATA

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from .importers.template import template_csv, template_xlsx

        if kwargs["kind"] == "xlsx":
            body = template_xlsx(self.partnership)
            content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            body = template_csv(self.partnership)
            content_type = "text/csv; charset=utf-8"
        response = HttpResponse(body, content_type=content_type)
        name = f"{self.partnership.slug}-values-template.{kwargs['kind']}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


def job_url(job: ImportJob) -> str:
    return reverse(
        "indicators:import_job",
        kwargs={"partnership": job.partnership.slug, "job": job.pk},
    )
