"""The papers projects contribute to agenda items: highlight and exception reports linked to an item."""

from django.urls import reverse

from governance.papers import Paper


def project_papers(items):
    from projects.models import ExceptionReport, HighlightReport, ReportStatus

    ids = [item.pk for item in items]
    for report in HighlightReport.objects.filter(agenda_item_id__in=ids, status=ReportStatus.PUBLISHED).select_related(
        "project"
    ):
        yield Paper(
            report.agenda_item_id,
            f"{report} – {report.project.title}",
            reverse("projects:report_detail", args=[report.pk]),
            "Highlight report",
        )
    for report in ExceptionReport.objects.filter(agenda_item_id__in=ids, status=ReportStatus.PUBLISHED).select_related(
        "project"
    ):
        yield Paper(
            report.agenda_item_id,
            f"{report.title} – {report.project.title}",
            reverse("projects:exception_detail", args=[report.pk]),
            "Exception report",
        )
