"""A person's own meetings and private calendar feed (names in the governance namespace)."""

from django.urls import path

from governance import views_notifications, views_public

urlpatterns = [
    path("my/meetings/", views_public.my_meetings, name="my_meetings"),
    path("my/calendar/", views_public.my_calendar, name="my_calendar"),
    path("my/calendar/reset/", views_public.my_calendar_reset, name="my_calendar_reset"),
    path("my/notifications/", views_notifications.my_notifications, name="my_notifications"),
]
