"""Pages anyone may read without signing in: published meetings, agendas, minutes and decisions, and feeds."""

from django.urls import path

from governance import views_packs, views_public, views_reports

app_name = "public"

urlpatterns = [
    path("meetings/", views_public.meetings, name="meetings"),
    path("meetings/<int:pk>/", views_public.meeting, name="meeting"),
    path("meetings/<int:pk>/pack.pdf", views_packs.public_pack, name="meeting_pack"),
    path("decisions/", views_public.decisions, name="decisions"),
    path("papers/<int:pk>/", views_public.paper, name="paper"),
    path("officer-decisions/", views_reports.public_decision_reports, name="officer_decisions"),
    path("officer-decisions/<int:pk>/", views_reports.public_decision_report, name="officer_decision"),
    path(
        "officer-decisions/appendices/<int:pk>/",
        views_reports.public_decision_report_appendix,
        name="officer_decision_appendix",
    ),
    path("bodies/<slug:slug>/meetings.ics", views_public.body_feed, name="body_feed"),
    # The token is the secret: whoever has the link sees that person's meetings, so no sign-in is asked for.
    path("calendar/<str:token>.ics", views_public.person_feed, name="person_feed"),
]
