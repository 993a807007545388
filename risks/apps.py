from django.apps import AppConfig


class RisksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "risks"

    def ready(self):
        # Contribute the "Risks and issues" paper to board agenda items (governance cannot import risks).
        from governance import papers
        from risks.papers import risk_papers

        papers.register(risk_papers)
