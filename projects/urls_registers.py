from django.urls import path

from projects import views_registers as views

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("<slug:slug>/", views.project_detail, name="project_detail"),
    path("<slug:slug>/edit/", views.project_edit, name="project_edit"),
    path("<slug:slug>/tolerances/", views.tolerances, name="tolerances"),
    path("<slug:slug>/tolerances/new/", views.tolerance_new, name="tolerance_new"),
    path("<slug:slug>/tolerances/<int:pk>/", views.tolerance_edit, name="tolerance_edit"),
    path("<slug:slug>/change-requests/", views.change_requests, name="change_requests"),
    path("<slug:slug>/change-requests/new/", views.change_request_new, name="change_request_new"),
    path("<slug:slug>/change-requests/<int:pk>/", views.change_request_edit, name="change_request_edit"),
    path("<slug:slug>/change-requests/<int:pk>/decide/", views.change_request_decide, name="change_request_decide"),
    path("<slug:slug>/benefits/", views.benefits, name="benefits"),
    path("<slug:slug>/benefits/new/", views.benefit_new, name="benefit_new"),
    path("<slug:slug>/benefits/<int:pk>/", views.benefit_edit, name="benefit_edit"),
    path("<slug:slug>/benefits/<int:pk>/measure/", views.benefit_measure, name="benefit_measure"),
    path("<slug:slug>/lessons/", views.lessons, name="lessons"),
    path("<slug:slug>/lessons/new/", views.lesson_new, name="lesson_new"),
    path("<slug:slug>/lessons/<int:pk>/", views.lesson_edit, name="lesson_edit"),
    path("<slug:slug>/end-report/", views.end_report, name="end_report"),
    path("<slug:slug>/end-report/approve/", views.end_report_approve, name="end_report_approve"),
]
