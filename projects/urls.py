from projects import urls_charts, urls_plan, urls_registers, urls_reports

app_name = "projects"

# Each area keeps its own URL module; all names are in the `projects` namespace. The order matters: the registers
# hold the catch-all project page `<slug>/`, so fixed paths such as `papers/` (reports) must come before it.
urlpatterns = [*urls_plan.urlpatterns, *urls_charts.urlpatterns, *urls_reports.urlpatterns, *urls_registers.urlpatterns]
