"""The decision log, action log, deadlines and decisions between meetings (names in the governance namespace)."""

from django.urls import path

from governance import views_logs

urlpatterns = [
    path("decisions/", views_logs.decision_log, name="decision_log"),
    path("actions/", views_logs.action_log, name="action_log"),
    path("actions/<int:pk>/edit/", views_logs.action_edit, name="action_edit"),
    path("deadlines/", views_logs.deadlines_page, name="deadlines"),
    path("bodies/<slug:slug>/between-meetings/", views_logs.exception_list, name="exception_list"),
    path("bodies/<slug:slug>/between-meetings/new/", views_logs.exception_new, name="exception_new"),
    path("between-meetings/<int:pk>/", views_logs.exception_detail, name="exception_detail"),
    path("between-meetings/<int:pk>/respond/", views_logs.exception_respond, name="exception_respond"),
]
