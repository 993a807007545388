from django.urls import path

from governance import views

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
]
