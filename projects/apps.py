from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects"

    def ready(self):
        # Contribute highlight and exception reports and the change requests awaiting the Project Board's decision to
        # agenda items (governance cannot import projects).
        from governance import papers
        from projects.papers import change_request_papers, project_papers

        papers.register(project_papers)
        papers.register(change_request_papers)
        # Subject access and retention: what projects holds about a person, and whom it still needs.
        from governance import personal_data, retention
        from projects.personal_data import RETENTION, project_records

        personal_data.register(project_records)
        retention.register(RETENTION)
        # Who may read each record's changes ("what changed" pages): those who may see the project; a highlight or
        # exception report (and its comments) by those who may see the report, drafts only for those who keep it.
        from governance import history
        from projects import models
        from projects.permissions import can_view_project
        from projects.report_actions import may_see_report

        history.register_reader(models.Project, can_view_project)
        for model in (
            models.GoverningBody,
            models.Phase,
            models.Workstream,
            models.Deliverable,
            models.Tolerance,
            models.ChangeRequest,
            models.Benefit,
            models.Lesson,
            models.EndProjectReport,
        ):
            history.register_reader(model, lambda user, obj: can_view_project(user, obj.project))
        history.register_reader(
            models.BenefitMeasurement, lambda user, obj: can_view_project(user, obj.benefit.project)
        )
        history.register_reader(models.HighlightReport, may_see_report)
        history.register_reader(models.ExceptionReport, may_see_report)
        history.register_reader(models.ReportComment, lambda user, comment: may_see_report(user, comment.report))
        # The home page's work list: papers to read, questions to answer, reports due, overdue deliverables.
        from governance import worklist
        from projects.worklist import PROVIDERS

        for provider in PROVIDERS:
            worklist.register(provider)
