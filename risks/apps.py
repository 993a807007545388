from django.apps import AppConfig


class RisksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "risks"

    def ready(self):
        # Contribute the "Risks and issues" paper to board agenda items (governance cannot import risks).
        from governance import papers
        from risks.papers import risk_papers

        papers.register(risk_papers)
        # Risks raised in a highlight report's period are in its draft's "Key risks and issues".
        from projects import highlight
        from risks.highlight import risks_raised

        highlight.register_risk_source(risks_raised)
        # Subject access and retention: what the registers hold about a person, and whom they still need.
        from governance import personal_data, retention
        from risks.personal_data import RETENTION, risk_records

        personal_data.register(risk_records)
        retention.register(RETENTION)
        # Who may read each record's changes ("what changed" pages): those who may see the project.
        from governance import history
        from projects.permissions import can_view_project
        from risks import models

        for model in (models.Risk, models.Issue, models.RiskMatrix):
            history.register_reader(model, lambda user, obj: can_view_project(user, obj.project))
        for model in (models.RiskAction, models.Escalation):
            history.register_reader(model, lambda user, obj: can_view_project(user, obj.risk.project))
        # The home page's work list: risk reviews and risk responses due.
        from governance import worklist
        from risks.worklist import PROVIDERS

        for provider in PROVIDERS:
            worklist.register(provider)
