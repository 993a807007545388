from django.urls import path

from risks import views_registers as views

urlpatterns = [
    path("<slug:slug>/risks/", views.risk_register, name="risk_register"),
    path("<slug:slug>/risks/new/", views.risk_new, name="risk_new"),
    path("<slug:slug>/risks/<int:pk>/", views.risk_detail, name="risk_detail"),
    path("<slug:slug>/risks/<int:pk>/edit/", views.risk_edit, name="risk_edit"),
    path("<slug:slug>/risks/<int:pk>/row/", views.risk_row, name="risk_row"),
    path("<slug:slug>/risks/<int:pk>/actions/", views.risk_action_new, name="risk_action_new"),
    path("<slug:slug>/risks/<int:pk>/actions/<int:action_pk>/done/", views.risk_action_done, name="risk_action_done"),
    path("<slug:slug>/issues/", views.issue_register, name="issue_register"),
    path("<slug:slug>/issues/new/", views.issue_new, name="issue_new"),
    path("<slug:slug>/issues/<int:pk>/edit/", views.issue_edit, name="issue_edit"),
    path("<slug:slug>/heat-map/", views.heatmap_page, name="heatmap"),
    path("<slug:slug>/matrix/", views.matrix_page, name="matrix"),
]
