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
        # What governance holds about a person (subject access) and what it removes when that expires (retention).
        from governance import personal_data, retention

        personal_data.register(personal_data.governance_records)
        retention.register(retention.GOVERNANCE)
        # Who may read each record's changes ("what changed" pages): the rules of the pages that show the record.
        from operator import attrgetter

        from governance import history, models, permissions, report_actions

        def through(check, path):
            return lambda user, obj: check(user, attrgetter(path)(obj) if path else obj)

        for model, path in (
            (models.Body, ""),
            (models.TermsOfReference, "body"),
            (models.Clause, "tor.body"),
            (models.RevisionEntry, "tor.body"),
            (models.DistributionEntry, "tor.body"),
            (models.Membership, "body"),
            (models.QuorumRule, "body"),
            (models.QuorumRequiredRole, "rule.body"),
            (models.QuorumConstituencyMinimum, "rule.body"),
            (models.AgendaApprovalStep, "body"),
            (models.Delegation, "body"),
            (models.ExceptionMatter, "body"),
            (models.ExceptionResponse, "matter.body"),
        ):
            history.register_reader(model, through(permissions.can_view_body, path))
        # A meeting's records, exempt items and what was minuted or decided at them included, are for those who may
        # see the meeting.
        for model, path in (
            (models.Meeting, ""),
            (models.Agenda, "meeting"),
            (models.AgendaItem, "agenda.meeting"),
            (models.Attendance, "meeting"),
            (models.Declaration, "item.agenda.meeting"),
            (models.Minutes, "meeting"),
            (models.ItemNote, "minutes.meeting"),
            (models.Decision, "item.agenda.meeting"),
            (models.Action, "item.agenda.meeting"),
        ):
            history.register_reader(model, through(permissions.can_view_meeting, path))
        history.register_reader(
            models.Person, lambda user, person: permissions.sees_all_bodies(user) or person.user_id == user.pk
        )
        history.register_reader(models.Organisation, lambda user, organisation: permissions.sees_all_bodies(user))
        # A person's notification choices are theirs, and admin staff's to see.
        history.register_reader(
            models.NotificationPreference,
            lambda user, preference: preference.user_id == user.pk or permissions.is_admin_staff(user),
        )

        # The changes of a report that holds (or once held) exempt information are for those who may see it.
        def may_read_report(user, report):
            if not report_actions.can_view_report(user, report):
                return False
            return report_actions.may_see_exempt(user, report) or not report.history.filter(exempt=True).exists()

        def may_read_appendix(user, appendix):
            if not may_read_report(user, appendix.report):
                return False
            exempt = appendix.history.filter(exempt_paragraph__isnull=False).exists()
            return report_actions.may_see_exempt(user, appendix.report) or not exempt

        history.register_reader(models.DecisionReport, may_read_report)
        history.register_reader(models.DecisionReportAppendix, may_read_appendix)

        # Which fields are exempt information, and who may see them: the rules of the pages that show them, so that
        # history, "what changed" and every other surface that lists values field by field withholds the same.
        history.register_exemption(
            models.DecisionReport,
            lambda report: report.exempt_fields,
            paragraph=lambda report: report.exempt_paragraph if report.exempt else None,
            may_see=report_actions.may_see_exempt,
            named_openly=True,  # its subject is published, as the public page shows it
        )
        history.register_exemption(
            models.DecisionReportAppendix,
            ["title", "file", "public_interest_reason"],
            paragraph=attrgetter("exempt_paragraph"),
            may_see=lambda user, appendix: report_actions.may_see_exempt(user, appendix.report),
        )
        history.register_exemption(
            models.AgendaItem,
            ["title", "description", "presenter", "paper", "public_interest_reason"],
            paragraph=attrgetter("exempt_paragraph"),
            may_see=lambda user, item: permissions.can_view_meeting(user, item.agenda.meeting),
        )
        for model, fields in (
            (models.ItemNote, ["discussion"]),
            (models.Decision, ["text", "quorum_note"]),
            (models.Action, ["description", "update"]),
            (models.Declaration, ["interest"]),
        ):
            history.register_exemption(model, fields, through="item")
        # The home page's work list: approvals, actions, decision reports and the secretariat's deadlines.
        from governance import worklist

        worklist.register_governance()
