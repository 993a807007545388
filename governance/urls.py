from django.urls import path

from governance import urls_logs, urls_mine, urls_packs, urls_reports, views, views_meetings, views_personal_data

app_name = "governance"

urlpatterns = [
    path("", views.structure, name="structure"),
    path("bodies/new/", views.body_new, name="body_new"),
    path("bodies/<slug:slug>/", views.body_detail, name="body_detail"),
    path("bodies/<slug:slug>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<slug:slug>/history/", views.body_history, name="body_history"),
    path("bodies/<slug:slug>/quorum/", views.body_quorum, name="body_quorum"),
    path("bodies/<slug:slug>/members/new/", views.membership_new, name="membership_new"),
    path("bodies/<slug:slug>/terms-of-reference/new/", views.tor_new, name="tor_new"),
    path("bodies/<slug:slug>/terms-of-reference/compare/", views.tor_compare, name="tor_compare"),
    path("bodies/<slug:slug>/terms-of-reference/<int:pk>/", views.tor_detail, name="tor_detail"),
    path("bodies/<slug:slug>/terms-of-reference/<int:pk>/edit/", views.tor_edit, name="tor_edit"),
    path("bodies/<slug:slug>/terms-of-reference/<int:pk>/approve/", views.tor_approve, name="tor_approve"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/subject-access/", views_personal_data.subject_access, name="subject_access"),
    # Meetings, agendas, attendance, minutes.
    path("bodies/<slug:slug>/meetings/", views_meetings.body_meetings, name="body_meetings"),
    path("bodies/<slug:slug>/meetings/extraordinary/", views_meetings.extraordinary_new, name="extraordinary_new"),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/cancel/", views_meetings.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/agenda/", views_meetings.agenda_start, name="agenda_start"),
    path("meetings/<int:pk>/supplementary/", views_meetings.agenda_supplementary, name="agenda_supplementary"),
    path("meetings/<int:pk>/attendance/", views_meetings.attendance, name="attendance"),
    path("meetings/<int:pk>/quorum/", views_meetings.meeting_quorum, name="meeting_quorum"),
    path("meetings/<int:pk>/minutes/", views_meetings.minutes, name="minutes"),
    path("agendas/<int:pk>/items/new/", views_meetings.item_new, name="item_new"),
    path("agendas/<int:pk>/<str:action>/", views_meetings.agenda_action, name="agenda_action"),
    path("items/<int:pk>/", views_meetings.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views_meetings.item_edit, name="item_edit"),
    path("items/<int:pk>/paper/", views_meetings.item_paper, name="item_paper"),
    path("items/<int:pk>/move/", views_meetings.item_move, name="item_move"),
    path("items/<int:pk>/remove/", views_meetings.item_remove, name="item_remove"),
    path("items/<int:pk>/record/", views_meetings.item_record, name="item_record"),
]
urlpatterns += urls_mine.urlpatterns
urlpatterns += urls_logs.urlpatterns
urlpatterns += urls_packs.urlpatterns
urlpatterns += urls_reports.urlpatterns
