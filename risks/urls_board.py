from django.urls import path

from risks import views_board as views
from risks import views_changes

urlpatterns = [
    path("<slug:slug>/risks/as-at/", views.risks_as_at, name="risks_as_at"),
    path("<slug:slug>/changes-since-board/", views.changes_since_board, name="changes_since_board"),
    path("<slug:slug>/changes/", views_changes.project_changes, name="project_changes"),
    path("<slug:slug>/risks.csv", views.risks_csv, name="risks_csv"),
    path("<slug:slug>/risks.xlsx", views.risks_xlsx, name="risks_xlsx"),
    path("<slug:slug>/issues.csv", views.issues_csv, name="issues_csv"),
    path("<slug:slug>/issues.xlsx", views.issues_xlsx, name="issues_xlsx"),
    path("board-paper/<int:item_pk>/", views.board_paper, name="board_paper"),
    path("risk/<int:pk>/escalate/", views.risk_escalate, name="risk_escalate"),
    path("risk/<int:pk>/deescalate/", views.risk_deescalate, name="risk_deescalate"),
    path("risk/<int:pk>/considered/", views.risk_considered, name="risk_considered"),
]
