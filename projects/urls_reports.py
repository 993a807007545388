"""Highlight reports, exception reports, papers for me, and a tolerance's forecast (names in the `projects`
namespace, mounted at /projects/)."""

from django.urls import path

from projects import views_reports as views

urlpatterns = [
    path("papers/", views.papers_for_me, name="papers_for_me"),
    path("<slug:slug>/highlight-reports/", views.report_list, name="report_list"),
    path("<slug:slug>/highlight-reports/new/", views.report_new, name="report_new"),
    path("<slug:slug>/tolerances/<int:pk>/forecast/", views.tolerance_forecast, name="tolerance_forecast"),
    path("highlight-reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("highlight-reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("highlight-reports/<int:pk>/read/", views.report_read, name="report_read"),
    path("highlight-reports/<int:pk>/comment/", views.report_comment, name="report_comment"),
    path("highlight-reports/<int:pk>/<str:action>/", views.report_action, name="report_action"),
    path("exception-reports/<int:pk>/", views.exception_detail, name="exception_detail"),
    path("exception-reports/<int:pk>/edit/", views.exception_edit, name="exception_edit"),
    path("exception-reports/<int:pk>/<str:action>/", views.exception_action, name="exception_action"),
]
