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
