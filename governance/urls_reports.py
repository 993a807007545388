"""Officer decision reports (names in the `governance` namespace, mounted at /governance/)."""

from django.urls import path

from governance import views_reports as views

urlpatterns = [
    path("decision-reports/", views.decision_reports, name="decision_reports"),
    path("decision-reports/new/", views.decision_report_new, name="decision_report_new"),
    path("decision-reports/forward-plan/", views.forward_plan, name="forward_plan"),
    path("decision-reports/<int:pk>/", views.decision_report, name="decision_report"),
    path("decision-reports/<int:pk>/edit/", views.decision_report_edit, name="decision_report_edit"),
    path("decision-reports/<int:pk>/decision/", views.decision_report_decide, name="decision_report_decide"),
    path(
        "decision-reports/<int:pk>/appendices/new/",
        views.decision_report_appendix_new,
        name="decision_report_appendix_new",
    ),
    path(
        "decision-reports/<int:pk>/workflow/<str:action>/",
        views.decision_report_action,
        name="decision_report_action",
    ),
    path("decision-report-appendices/<int:pk>/", views.decision_report_appendix, name="decision_report_appendix"),
    path(
        "decision-report-appendices/<int:pk>/remove/",
        views.decision_report_appendix_remove,
        name="decision_report_appendix_remove",
    ),
]
