from django.urls import path

from projects import paper_views, urls_charts, urls_plan, urls_registers, urls_reports

app_name = "projects"

# The papers projects put on agenda items that no single project page holds (see projects.papers).
papers_urlpatterns = [
    path(
        "agenda-items/<int:item_pk>/change-requests/",
        paper_views.change_requests_paper,
        name="change_requests_paper",
    ),
]

# Each area keeps its own URL module; all names are in the `projects` namespace. The order matters: the registers
# hold the catch-all project page `<slug>/`, so fixed paths such as `papers/` (reports) and
# `agenda-items/…` (papers) must come before it.
urlpatterns = [
    *urls_plan.urlpatterns,
    *urls_charts.urlpatterns,
    *urls_reports.urlpatterns,
    *papers_urlpatterns,
    *urls_registers.urlpatterns,
]
