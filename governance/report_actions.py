"""Officer decision reports: who may see and do what, and every state change (draft, send for sign-off, sign off or
return, record the decision, publish, correct, appendices). Views parse input and call these; each runs in one
transaction on the locked row, records the acting user in history and raises GovernanceError with a message for the
page. The rules themselves (call-in, forward plan, completeness, the transition table) are in officer_decisions.

A published report is never edited: every function here that writes refuses one, and so does the model's save().
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from governance import notifications, permissions
from governance import officer_decisions as rules
from governance.actions import GovernanceError, _save
from governance.models import DecisionReport, DecisionReportAppendix, DecisionReportStatus

Status = DecisionReportStatus
PUBLISHED = "This report is published and is never changed. Start a correction: a new version with a reason."
NOT_A_DRAFT = "Only a draft can be changed. Ask the Director to return it first."
# A report linked to an agenda item is a paper for that meeting once the Director has signed it off.
PAPER_STATUSES = (Status.SIGNED_OFF, Status.DECIDED, Status.PUBLISHED)

# ------------------------------------------------------------------------------------------------ who may do what


def sees_all_reports(user):
    """Admin staff and the project leader see and create every report."""
    return permissions.sees_all_bodies(user)


def can_create_reports(user):
    return sees_all_reports(user)


def is_named_on(user, report):
    return user.is_authenticated and user.pk in {report.author_id, report.signing_director_id, report.decision_maker_id}


def works_on_reports(user):
    """Staff, and anyone named on a report as its author, signing Director or decision maker."""
    if not user.is_authenticated:
        return False
    if sees_all_reports(user):
        return True
    return DecisionReport.objects.filter(Q(author=user) | Q(signing_director=user) | Q(decision_maker=user)).exists()


def can_view_report(user, report):
    """Staff see every report; the author, the signing Director and the decision maker see their own; a signed-off
    report that is a paper for a meeting is seen by those who see the meeting; everyone signed in sees a published
    report."""
    if not user.is_authenticated:
        return False
    if sees_all_reports(user) or is_named_on(user, report) or report.is_published:
        return True
    if report.agenda_item_id and report.status in PAPER_STATUSES:
        return permissions.can_view_meeting(user, report.agenda_item.agenda.meeting)
    return False


def may_see_exempt(user, report):
    """Exempt parts (a wholly exempt report's body and decision reasons, exempt appendices) are for staff, the people
    named on the report and, when it is a paper for a meeting, those who see that meeting; everyone else who may see
    a published report sees it as the public does, with the exempt parts withheld and their paragraph named."""
    if not user.is_authenticated:
        return False
    if sees_all_reports(user) or is_named_on(user, report):
        return True
    return bool(report.agenda_item_id) and permissions.can_view_meeting(user, report.agenda_item.agenda.meeting)


def reports_visible_to(user):
    if not user.is_authenticated:
        return DecisionReport.objects.none()
    if sees_all_reports(user):
        return DecisionReport.objects.all()
    return DecisionReport.objects.filter(
        Q(status=Status.PUBLISHED)
        | Q(author=user)
        | Q(signing_director=user)
        | Q(decision_maker=user)
        | Q(status__in=PAPER_STATUSES, agenda_item__agenda__meeting__in=permissions.meetings_visible_to(user))
    )


def may_edit(user, report):
    """The author and staff write the report (while it is a draft)."""
    return user.is_authenticated and (user.pk == report.author_id or sees_all_reports(user))


def may_sign_off(user, report):
    return user.is_authenticated and user.pk == report.signing_director_id


def may_return(user, report):
    """The Director returns a report sent for sign-off; after sign-off the Director or the decision maker may."""
    if report.status == Status.SIGNED_OFF:
        return may_sign_off(user, report) or may_decide(user, report)
    return may_sign_off(user, report)


def may_decide(user, report):
    return user.is_authenticated and user.pk == report.decision_maker_id


def may_publish(user, report):
    return user.is_authenticated and (
        user.pk in {report.author_id, report.decision_maker_id} or permissions.is_admin_staff(user)
    )


def may_correct(user, report):
    return may_publish(user, report) or sees_all_reports(user)


def get_report_for_user(request, pk, may=None, denied="You may not do this to the report."):
    """A report the user may see (404 otherwise, so that they do not learn it exists); with `may(user, report)` also
    require that right (403)."""
    report = get_object_or_404(
        DecisionReport.objects.select_related(
            "author", "signing_director", "decision_maker", "corrects", "correction_by", "agenda_item__agenda__meeting"
        ),
        pk=pk,
    )
    if not can_view_report(request.user, report):
        raise Http404("No such report.")
    if may is not None and not may(request.user, report):
        raise PermissionDenied(denied)
    return report


def get_appendix_for_user(request, pk, may=None, denied="You may not change this report's appendices."):
    appendix = get_object_or_404(DecisionReportAppendix.objects.only("pk", "report_id"), pk=pk)
    report = get_report_for_user(request, appendix.report_id, may=may, denied=denied)
    appendix = report.appendices.get(pk=appendix.pk)
    if (appendix.is_exempt or report.is_wholly_exempt) and not may_see_exempt(request.user, report):
        raise Http404("No such appendix.")
    return appendix, report


# --------------------------------------------------------------------------------------------------- the dates


def published_on(report):
    return timezone.localdate(report.published_at) if report.published_at else None


def call_in_ends(report):
    return rules.call_in_ends(report.decision_type, published_on(report))


def earliest_implementation(report):
    return rules.earliest_implementation(report.decision_type, published_on(report))


def forward_plan(report, decision_on=None):
    """The forward plan rule for the report, judged on `decision_on` (default: the decision date, else the intended
    date)."""
    day = decision_on or report.decided_on or report.intended_decision_date
    return rules.forward_plan_check(
        report.decision_type, report.forward_plan_published_on, day, report.urgency_route, report.urgency_reason
    )


def missing_for(stage, report):
    return rules.missing_for(stage, report, list(report.appendices.all()))


def superseded_by(report):
    """The correction of this version, or None."""
    return DecisionReport.objects.filter(corrects=report).first()


# ------------------------------------------------------------------------------------------------------- helpers


def _locked(report):
    """The stored report, locked for this transaction: its status is judged on this copy, not on the caller's."""
    return DecisionReport.objects.select_for_update().get(pk=report.pk)


def _refuse_unless_draft(stored):
    if stored.status == Status.PUBLISHED:
        raise GovernanceError(PUBLISHED)
    if stored.status != Status.DRAFT:
        raise GovernanceError(NOT_A_DRAFT)


def _transition(stored, action):
    try:
        return rules.next_status(stored.status, action)
    except rules.TransitionRefused as error:
        raise GovernanceError(str(error)) from error


def _refuse_if_missing(stage, report, before):
    missing = missing_for(stage, report)
    if missing:
        raise GovernanceError(f"{before} the report needs: {'; '.join(missing)}.")


def _touch(stored, by, reason):
    """Record a change to the report's appendices on the report itself: its history says so, and its modified time
    (part of its papers' fingerprint: the report lists its appendices) moves on."""
    _save(stored, by, reason)


def _name(user):
    return (user.get_full_name() or user.username) if user is not None else "nobody"


def _notify(report, users, subject, lines, kind=notifications.NotificationKind.REPORT_WORKFLOW):
    """Email the people named on the report; the text may name an exempt report's subject, so only those who may
    see its exempt parts get it."""
    report.notice = notifications.notify(
        users,
        kind,
        subject,
        lines,
        reverse("governance:decision_report", args=[report.pk]),
        exempt_safe=lambda user: may_see_exempt(user, report),
    )


# ------------------------------------------------------------------------------------------------------- drafting


@transaction.atomic
def create_report(by, **fields):
    """A new draft, written by `by` unless another author is named."""
    if not can_create_reports(by):
        raise GovernanceError("Admin staff and the project leader start decision reports.")
    fields.setdefault("author", by)
    return _save(DecisionReport(status=Status.DRAFT, **fields), by, "Report started")


@transaction.atomic
def save_report(report, by):
    """Save edits to a draft (the caller checks the edit is not stale: governance.editing.save_if_fresh)."""
    stored = _locked(report)
    if not may_edit(by, stored):
        raise GovernanceError("Only the author and staff may change this report.")
    _refuse_unless_draft(stored)
    # The workflow fields are never the form's to change: keep the stored ones.
    for name in ("status", "version", "corrects_id", "published_at", "signed_off_at", "sent_for_sign_off_at"):
        setattr(report, name, getattr(stored, name))
    return _save(report, by, "Edited")


@transaction.atomic
def add_appendix(report, by, title, file=None, exempt_paragraph=None, public_interest_reason="", number=None):
    stored = _locked(report)
    if not may_edit(by, stored):
        raise GovernanceError("Only the author and staff may change this report.")
    _refuse_unless_draft(stored)
    if number is None:
        number = (stored.appendices.aggregate(Max("number"))["number__max"] or 0) + 1
    if stored.appendices.filter(number=number).exists():
        raise GovernanceError(f"The report already has an appendix {number}.")
    appendix = DecisionReportAppendix(
        report=stored,
        number=number,
        title=title.strip(),
        exempt_paragraph=exempt_paragraph,
        public_interest_reason=(public_interest_reason or "").strip(),
    )
    if file:
        appendix.file.save(f"appendix-{number}.pdf", file, save=False)
    _save(appendix, by, f"Appendix {number} added")
    _touch(stored, by, f"Appendix {number} added")
    return appendix


@transaction.atomic
def remove_appendix(appendix, by):
    stored = _locked(appendix.report)
    if not may_edit(by, stored):
        raise GovernanceError("Only the author and staff may change this report.")
    _refuse_unless_draft(stored)
    appendix._history_user = by
    appendix._change_reason = f"Appendix {appendix.number} removed"
    appendix.delete()
    _touch(stored, by, f"Appendix {appendix.number} removed")


# ------------------------------------------------------------------------------------------------------ workflow


@transaction.atomic
def send_for_sign_off(report, by):
    stored = _locked(report)
    if not may_edit(by, stored):
        raise GovernanceError("The author (or staff) sends the report for sign-off.")
    stored.status = _transition(stored, "send")
    _refuse_if_missing(rules.SIGN_OFF, stored, "Before it can be sent for sign-off")
    stored.sent_for_sign_off_at = timezone.now()
    _save(stored, by, f"Sent to {_name(stored.signing_director)} for sign-off")
    _notify(
        stored,
        [stored.signing_director],
        f"For sign-off: {stored.subject}",
        [f"{_name(by)} has sent you a decision report to sign off: {stored.subject}."],
    )
    return stored


@transaction.atomic
def sign_off(report, by):
    stored = _locked(report)
    if not may_sign_off(by, stored):
        raise GovernanceError("Only the Director named on the report signs it off.")
    stored.status = _transition(stored, "sign_off")
    _refuse_if_missing(rules.SIGN_OFF, stored, "Before it can be signed off")
    stored.signed_off_at = timezone.now()
    stored.returned_comment = ""
    _save(stored, by, "Signed off by the Director")
    _notify(
        stored,
        [stored.decision_maker],
        f"For decision: {stored.subject}",
        [f"A signed-off decision report awaits your decision: {stored.subject}."],
    )
    return stored


@transaction.atomic
def return_report(report, by, comment):
    stored = _locked(report)
    if not may_return(by, stored):
        raise GovernanceError("Only the Director (or, once it is signed off, the decision maker) returns the report.")
    if not (comment or "").strip():
        raise GovernanceError("Say what needs to change before the report can go forward.")
    stored.status = _transition(stored, "return")
    stored.returned_comment = comment.strip()
    stored.signed_off_at = None
    _save(stored, by, f"Returned to the author: {comment.strip()}")
    _notify(
        stored,
        [stored.author],
        f"Returned: {stored.subject}",
        [f"{_name(by)} returned the report with this comment:", "", comment.strip()],
    )
    return stored


DECISION_FIELDS = (
    "decided_on",
    "decision_text",
    "decision_reasons",
    "alternatives_rejected",
    "conflicts_declared",
    "dispensation",
)


@transaction.atomic
def record_decision(report, by, today=None, **record):
    """The decision maker records the decision. Refused, with nothing saved, while a part of the report or of the
    decision record is missing, or when a key decision has not had its 28 clear days on the forward plan."""
    stored = _locked(report)
    if not may_decide(by, stored):
        raise GovernanceError("Only the decision maker named on the report records the decision.")
    stored.status = _transition(stored, "decide")
    unknown = set(record) - set(DECISION_FIELDS)
    if unknown:
        raise ValueError(f"not part of the decision record: {sorted(unknown)}")
    for name, value in record.items():
        setattr(stored, name, value.strip() if isinstance(value, str) else value)
    today = today or timezone.localdate()
    if stored.decided_on and stored.decided_on > today:
        raise GovernanceError("The date of the decision cannot be in the future.")
    _refuse_if_missing(rules.DECIDE, stored, "Before the decision can be recorded")
    check = forward_plan(stored, stored.decided_on)
    if not check.met:
        raise GovernanceError(check.summary)
    stored.decision_recorded_at = timezone.now()
    return _save(stored, by, "Decision recorded by the decision maker")


@transaction.atomic
def publish(report, by, now=None):
    stored = _locked(report)
    if not may_publish(by, stored):
        raise GovernanceError("The author, the decision maker or admin staff publish the decision.")
    stored.status = _transition(stored, "publish")
    _refuse_if_missing(rules.PUBLISH, stored, "Before it can be published")
    stored.published_at = now or timezone.now()
    _save(stored, by, "Published")
    _notify(
        stored,
        [u for u in (stored.author, stored.signing_director, stored.decision_maker) if u is not None and u != by],
        f"Published: {stored.subject}",
        [f"{_name(by)} published the decision report: {stored.subject}."],
        kind=notifications.NotificationKind.REPORT_PUBLISHED,
    )
    return stored


# ------------------------------------------------------------------------------------------------------ corrections

# Everything a correction carries over from the version it corrects; the workflow starts again from a draft.
COPIED_FIELDS = [
    f.attname
    for f in DecisionReport._meta.concrete_fields
    if f.name
    not in {
        "id",
        "status",
        "sent_for_sign_off_at",
        "signed_off_at",
        "returned_comment",
        "decision_recorded_at",
        "published_at",
        "version",
        "corrects",
        "correction_reason",
        "correction_by",
        "created_at",
        "modified_at",
    }
]


@transaction.atomic
def start_correction(report, by, reason):
    """A correction of a published report: a new draft version carrying its text, decision record and appendices,
    with the reason and who made it. It goes through sign-off, decision and publication again; the published version
    stays as it was and shows that it is superseded once the correction is published."""
    stored = _locked(report)
    if not may_correct(by, stored):
        raise GovernanceError("The author, the decision maker or staff correct a published report.")
    if stored.status != Status.PUBLISHED:
        raise GovernanceError("Only a published report is corrected; a draft is edited directly.")
    if not (reason or "").strip():
        raise GovernanceError("Give the reason for the correction.")
    if DecisionReport.objects.filter(corrects=stored).exists():
        raise GovernanceError("This version has already been corrected; correct the latest version.")
    new = DecisionReport(
        **{name: getattr(stored, name) for name in COPIED_FIELDS},
        status=Status.DRAFT,
        version=stored.version + 1,
        corrects=stored,
        correction_reason=reason.strip(),
        correction_by=by,
    )
    _save(new, by, f"Correction of version {stored.version}: {reason.strip()}")
    for appendix in stored.appendices.all():
        _save(
            DecisionReportAppendix(
                report=new,
                number=appendix.number,
                title=appendix.title,
                file=appendix.file.name,
                exempt_paragraph=appendix.exempt_paragraph,
                public_interest_reason=appendix.public_interest_reason,
            ),
            by,
            f"Carried into version {new.version}",
        )
    return new
