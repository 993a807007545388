from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "projects"

    def ready(self):
        # Contribute highlight and exception reports to agenda items (governance cannot import projects).
        from governance import papers
        from projects.papers import project_papers

        papers.register(project_papers)
