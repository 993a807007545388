from django.urls import path

from projects import views_plan

urlpatterns = [
    path("<slug:slug>/plan/", views_plan.plan, name="plan"),
    path("<slug:slug>/plan/new/", views_plan.deliverable_new, name="deliverable_new"),
    path("deliverables/<int:pk>/", views_plan.deliverable_row, name="deliverable_row"),
    path("deliverables/<int:pk>/edit/", views_plan.deliverable_edit, name="deliverable_edit"),
    path("deliverables/<int:pk>/move/", views_plan.deliverable_move, name="deliverable_move"),
]
