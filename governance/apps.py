from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance"

    def ready(self):
        from governance import papers
        from governance.meeting_papers import meeting_papers
        from governance.report_papers import decision_report_papers

        papers.register(meeting_papers)
        # Officer decision reports linked to agenda items, once signed off, with their appendices.
        papers.register(decision_report_papers)
