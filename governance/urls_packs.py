"""Document packs and the papers governance prints (names in the governance namespace)."""

from django.urls import path

from governance import views_packs

urlpatterns = [
    path("items/<int:pk>/papers/<slug:kind>/", views_packs.meeting_paper, name="meeting_paper"),
    path("meetings/<int:pk>/packs/", views_packs.meeting_packs, name="meeting_packs"),
    path("meetings/<int:pk>/packs/build/", views_packs.pack_build, name="pack_build"),
    path("decision-reports/<int:pk>/approval-pack/", views_packs.approval_pack_build, name="approval_pack_build"),
    path("packs/<int:pk>/", views_packs.pack_detail, name="pack_detail"),
    path("packs/<int:pk>/download/", views_packs.pack_download, name="pack_download"),
]
