"""Pages anyone may read without signing in: published meetings, agendas, minutes and decisions, and feeds."""

from django.urls import path

from governance import views_public

app_name = "public"

urlpatterns = [
    path("meetings/", views_public.meetings, name="meetings"),
    path("meetings/<int:pk>/", views_public.meeting, name="meeting"),
    path("decisions/", views_public.decisions, name="decisions"),
    path("papers/<int:pk>/", views_public.paper, name="paper"),
    path("bodies/<slug:slug>/meetings.ics", views_public.body_feed, name="body_feed"),
    # The token is the secret: whoever has the link sees that person's meetings, so no sign-in is asked for.
    path("calendar/<str:token>.ics", views_public.person_feed, name="person_feed"),
]
