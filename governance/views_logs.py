"""The decision log, the action log (with updates to an action), the deadlines page, and decisions taken between
meetings ("matters may be submitted to the Board members on an exception basis between meetings").

Everything here is limited to the bodies the user may see (permissions.bodies_visible_to); state changes go through
governance.meeting_actions.
"""

import bisect
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, Count, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance import deadlines, editing, history, links, meeting_actions, permissions
from governance.actions import GovernanceError
from governance.calendar import default_calendar
from governance.filters import ActionFilter, DecisionFilter, overdue_q
from governance.forms import DateInput, EditTokenMixin, GovUKFormMixin
from governance.models import (
    Action,
    ActionStatus,
    Agenda,
    Body,
    Decision,
    ExceptionCategory,
    ExceptionMatter,
    ExceptionStatus,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    Person,
    ResponseChoice,
    TermsOfReference,
)
from governance.models.bodies import in_force

PAGE_SIZE = 25
DEADLINE_WINDOW = timedelta(weeks=12)


def _page(request, queryset):
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.elided_range = list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))
    return page_obj


def _filtered(request, filterset):
    """The filtered queryset, or nothing at all when the filter input is invalid (the page shows the errors)."""
    if filterset.is_valid():
        return filterset.qs
    return filterset.queryset.none()


# ------------------------------------------------------------------------------------------------------ decision log


@require_safe
@login_required
def decision_log(request):
    decisions = (
        permissions.within_visible_bodies(Decision.objects.all(), "item__agenda__meeting__body", request.user)
        .select_related("item__agenda__meeting__body", "referred_to")
        .order_by("-item__agenda__meeting__starts_at", "-recorded_at", "-id")
    )
    filterset = DecisionFilter(request.GET, queryset=decisions, request=request)
    return render(
        request,
        "governance/logs/decision_log.html",
        {"filter": filterset, "form": filterset.form, "page_obj": _page(request, _filtered(request, filterset))},
    )


# -------------------------------------------------------------------------------------------------------- action log


def _with_next_meetings(actions, now):
    """Set `next_meeting_at` on each action of a page: the starting time of its body's next scheduled meeting after
    both now and the action's own meeting (open actions are carried onto that agenda). One query for the page,
    whatever the size of the log."""
    actions = list(actions)
    bodies = {action.item.agenda.meeting.body_id for action in actions}
    upcoming = {}
    for body_id, starts_at in (
        Meeting.objects.filter(body__in=bodies, status=MeetingStatus.SCHEDULED, starts_at__gt=now)
        .order_by("starts_at")
        .values_list("body_id", "starts_at")
    ):
        upcoming.setdefault(body_id, []).append(starts_at)
    for action in actions:
        meeting = action.item.agenda.meeting
        starts = upcoming.get(meeting.body_id, [])
        index = bisect.bisect_right(starts, meeting.starts_at)
        action.next_meeting_at = starts[index] if index < len(starts) else None


@require_safe
@login_required
def action_log(request):
    actions = (
        permissions.within_visible_bodies(Action.objects.all(), "item__agenda__meeting__body", request.user)
        .select_related("owner", "item__agenda__meeting__body")
        # Only the columns the log shows: each row joins five tables, and the log is read far more than written.
        .only(
            *("description", "update", "owner_id", "item_id", "due_on", "status", "done_on"),
            *("owner__name", "owner__user_id"),
            *("item__position", "item__title", "item__agenda_id", "item__agenda__supplement"),
            *("item__agenda__meeting_id", "item__agenda__meeting__starts_at", "item__agenda__meeting__body_id"),
            *("item__agenda__meeting__body__name", "item__agenda__meeting__body__short_name"),
        )
        .annotate(
            is_overdue=Case(When(overdue_q(), then=Value(True)), default=Value(False), output_field=BooleanField()),
        )
        .order_by("due_on", "id")
    )
    filterset = ActionFilter(request.GET, queryset=actions, request=request)
    page_obj = _page(request, _filtered(request, filterset))
    _with_next_meetings(page_obj, timezone.now())
    admin = permissions.is_admin_staff(request.user)
    meeting_url, edit_url = links.pk_url("governance:meeting_detail"), links.pk_url("governance:action_edit")
    for action in page_obj:
        action.can_edit = admin or (action.owner.user_id is not None and action.owner.user_id == request.user.pk)
        action.meeting_url = meeting_url(action.item.agenda.meeting_id)
        action.edit_url = edit_url(action.pk)
        item, meeting = action.item, action.item.agenda.meeting
        # Everything the row shows: it is drawn once for each different set ({% memo %}).
        action.row_key = (
            *(action.pk, action.description, action.update, action.owner.name, action.due_on, action.status),
            *(action.done_on, action.is_overdue, action.next_meeting_at, action.can_edit, item.number, item.title),
            *(meeting.pk, meeting.starts_at, meeting.body.short_name, meeting.body.name),
        )
    return render(
        request,
        "governance/logs/action_log.html",
        {"filter": filterset, "form": filterset.form, "page_obj": page_obj},
    )


class ActionUpdateForm(GovUKFormMixin, EditTokenMixin, forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices, widget=forms.RadioSelect, label="Status")
    update = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
        label="Update",
        help_text="What has been done, or why the action was dropped",
    )
    done_on = forms.DateField(
        widget=DateInput(),
        required=False,
        label="Date done",
        help_text="Only for an action that is done. Leave it empty for today.",
        error_messages={"invalid": "Enter the date done as a real date, for example 2026-03-27."},
    )

    def clean_edit_token(self):
        token = self.cleaned_data.get("edit_token") or ""
        return token if token.isdigit() else ""

    def clean(self):
        data = super().clean()
        done_on, status = data.get("done_on"), data.get("status")
        if done_on and status and status != ActionStatus.DONE:
            self.add_error("done_on", "Remove the date done, or set the status to Done.")
        elif done_on and done_on > timezone.localdate():
            self.add_error("done_on", "The date done cannot be in the future.")
        return data


def _action_for_user(request, pk):
    """The action, if the user may see its meeting (404 otherwise) and may change it: admin staff or its owner
    (403 otherwise)."""
    action = get_object_or_404(Action.objects.select_related("owner", "item__agenda__meeting__body"), pk=pk)
    if not permissions.can_view_meeting(request.user, action.meeting):
        raise Http404("No such action.")
    is_owner = action.owner.user_id is not None and action.owner.user_id == request.user.pk
    if not (permissions.is_admin_staff(request.user) or is_owner):
        raise PermissionDenied("Only admin staff and the action's owner may update it.")
    return action


@require_http_methods(["GET", "POST"])
@login_required
def action_edit(request, pk):
    action = _action_for_user(request, pk)
    form = ActionUpdateForm(
        request.POST or None,
        initial={
            "status": action.status,
            "update": action.update,
            "done_on": action.done_on,
            "edit_token": history.edit_token(action),
        },
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved, conflict = editing.save_if_fresh(
            request,
            form,
            action,
            lambda: meeting_actions.update_action(
                action, data["status"], data["update"], request.user, done_on=data["done_on"]
            ),
        )
        if saved is None:
            action.refresh_from_db()
        else:
            messages.success(request, f"Action updated: {action.get_status_display().lower()}.")
            return redirect("governance:action_log")
    return render(
        request,
        "governance/logs/action_edit.html",
        {
            "action": action,
            "meeting": action.meeting,
            "form": form,
            "conflict": conflict,
            "history_rows": history.history_of(action, request.user),
        },
    )


# --------------------------------------------------------------------------------------------------------- deadlines


@dataclass
class DeadlineRow:
    due: date | None
    what: str
    body: Body
    meeting: Meeting | None
    rule: str
    status: str
    note: str = ""

    COLOURS = {"done": "green", "overdue": "red", "due": "blue", "not set": "grey"}

    @property
    def colour(self):
        return self.COLOURS[self.status]


def _days(n):
    return f"{n} working day{'' if n == 1 else 's'}"


def _open_status(due, today, calendar):
    """("overdue" | "due", note) for a deadline not yet met."""
    if today > due:
        return "overdue", f"{_days(calendar.working_days_between(due, today))} late"
    left = calendar.working_days_between(today, due)
    return "due", "Due today" if left <= 0 else f"{_days(left)} left"


def _agenda_row(meeting, tor, today, calendar):
    deadline = deadlines.agenda_issue_deadline(meeting.date, tor, calendar)
    if deadline is None:
        return DeadlineRow(
            None,
            "Issue the agenda",
            meeting.body,
            meeting,
            "",
            "not set",
            "The terms of reference in force set no notice period for the agenda.",
        )
    agenda = next(iter(meeting.agendas.all()), None)
    if agenda is not None and agenda.is_issued and agenda.issued_at:
        issued_on = timezone.localtime(agenda.issued_at).date()
        on_time = calendar.is_issued_in_time(issued_on, meeting.date, tor.agenda_notice_working_days)
        note = f"Issued {issued_on:%-d %B %Y}, {'on time' if on_time else 'late'}"
        return DeadlineRow(deadline.due, deadline.what, meeting.body, meeting, deadline.rule, "done", note)
    status, note = _open_status(deadline.due, today, calendar)
    return DeadlineRow(deadline.due, deadline.what, meeting.body, meeting, deadline.rule, status, note)


def _minutes_row(meeting, tor, next_day, today, calendar):
    deadline = deadlines.minutes_deadline(meeting.date, tor, next_day, calendar)
    circulated = sorted(
        timezone.localtime(m.circulated_at).date()
        for m in meeting.minutes.all()
        if m.status == MinutesStatus.CIRCULATED and m.circulated_at
    )
    if circulated:
        note = f"Circulated {circulated[0]:%-d %B %Y}"
        if deadline is not None:
            note += ", on time" if circulated[0] <= deadline.due else ", late"
        due, rule = (deadline.due, deadline.rule) if deadline else (None, "")
        return DeadlineRow(due, "Circulate the minutes", meeting.body, meeting, rule, "done", note)
    if deadline is None:
        note = (
            "Counted back from the next meeting, which is not scheduled yet."
            if tor is not None and tor.minutes_rule
            else "The terms of reference in force set no deadline for the minutes."
        )
        return DeadlineRow(None, "Circulate the minutes", meeting.body, meeting, "", "not set", note)
    status, note = _open_status(deadline.due, today, calendar)
    return DeadlineRow(deadline.due, deadline.what, meeting.body, meeting, deadline.rule, status, note)


def _tor_rows(hosts, versions, today, calendar):
    rows = []
    for body in hosts:
        tor = in_force(versions.get(body.pk, []), today)
        if tor is None:
            continue
        what = f"Review the terms of reference (version {tor.version})"
        due = deadlines.tor_review_due(tor)
        if due is None:
            rows.append(
                DeadlineRow(None, what, body, None, "", "not set", "The terms of reference set no review date.")
            )
            continue
        rule = f"reviewed after {tor.review_after_months} months" if tor.review_after_months else "review date"
        if today > due:
            rows.append(DeadlineRow(due, what, body, None, rule, "overdue", f"Overdue since {due:%-d %B %Y}"))
        else:
            rows.append(DeadlineRow(due, what, body, None, rule, "due", f"{(due - today).days} days left"))
    return rows


def _next_meeting_days(meetings):
    """{meeting pk: the date of the body's next non-cancelled meeting after it}, in one query."""
    if not meetings:
        return {}
    later = (
        Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
        .filter(body__in={m.body_id for m in meetings}, starts_at__gt=min(m.starts_at for m in meetings))
        .order_by("starts_at")
        .values_list("body_id", "starts_at")
    )
    by_body = {}
    for body_id, starts_at in later:
        by_body.setdefault(body_id, []).append(starts_at)
    out = {}
    for meeting in meetings:
        starts = by_body.get(meeting.body_id, [])
        index = bisect.bisect_right(starts, meeting.starts_at)
        out[meeting.pk] = timezone.localtime(starts[index]).date() if index < len(starts) else None
    return out


@require_safe
@login_required
def deadlines_page(request):
    if not permissions.sees_all_bodies(request.user):
        raise PermissionDenied("Only admin staff and the project leader see the deadlines.")
    today = timezone.localdate()
    calendar = default_calendar()
    # Upcoming meetings in the next 12 weeks and those of the past 12 weeks (held, or still awaiting their
    # attendance record): their agendas and minutes may still be due.
    meetings = list(
        Meeting.objects.exclude(status=MeetingStatus.CANCELLED)
        .filter(starts_at__date__gte=today - DEADLINE_WINDOW, starts_at__date__lte=today + DEADLINE_WINDOW)
        .select_related("body", "body__capacity_of")
        .prefetch_related(Prefetch("agendas", queryset=Agenda.objects.filter(supplement=0)), "minutes")
        .order_by("starts_at")
    )
    next_days = _next_meeting_days(meetings)
    # Every version of every body's terms of reference in one query; the one in force is chosen per meeting.
    hosts = Body.objects.filter(capacity_of__isnull=True).order_by("position", "name")
    versions = TermsOfReference.objects.by_host(hosts)
    rows = []
    for meeting in meetings:
        tor = in_force(versions.get(meeting.body.host.pk, []), meeting.date)
        rows.append(_agenda_row(meeting, tor, today, calendar))
        rows.append(_minutes_row(meeting, tor, next_days[meeting.pk], today, calendar))
    rows += _tor_rows(hosts, versions, today, calendar)
    rows.sort(key=lambda r: (r.due is None, r.due or date.max, r.meeting.starts_at.isoformat() if r.meeting else ""))
    return render(
        request,
        "governance/logs/deadlines.html",
        {"rows": rows, "today": today, "window_weeks": DEADLINE_WINDOW.days // 7},
    )


# ---------------------------------------------------------------------------------------------- between meetings


class ExceptionMatterForm(GovUKFormMixin, forms.Form):
    category = forms.ChoiceField(choices=ExceptionCategory.choices, widget=forms.RadioSelect, label="Kind of matter")
    question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        label="Question for the decision-makers",
        help_text="Say what is to be decided and why it cannot wait until the next meeting",
    )
    respond_by = forms.DateField(
        widget=DateInput(),
        label="Respond by",
        error_messages={"invalid": "Enter the response date as a real date, for example 2026-03-27."},
    )


class ExceptionResponseForm(GovUKFormMixin, forms.Form):
    response = forms.ChoiceField(choices=ResponseChoice.choices, widget=forms.RadioSelect, label="Your response")
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000)


def _exception_list_page(request, body, form):
    matters = body.exception_matters.annotate(response_count=Count("responses")).order_by("-raised_at", "-id")
    return render(
        request,
        "governance/logs/exception_list.html",
        {"body": body, "matters": matters, "form": form if permissions.is_admin_staff(request.user) else None},
    )


@require_safe
@login_required
def exception_list(request, slug):
    body = permissions.get_body_for_user(request, slug)
    return _exception_list_page(request, body, ExceptionMatterForm())


@require_POST
@login_required
def exception_new(request, slug):
    body = permissions.get_body_for_user(request, slug, write=True)
    form = ExceptionMatterForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            matter = meeting_actions.raise_exception_matter(
                body, data["category"], data["question"], data["respond_by"], by=request.user
            )
        except GovernanceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The matter has been put to the members.")
            return redirect("governance:exception_detail", pk=matter.pk)
    return _exception_list_page(request, body, form)


def _matter_for_user(request, pk):
    matter = get_object_or_404(
        ExceptionMatter.objects.select_related(
            "body", "body__capacity_of", "raised_by", "reported_at__agenda__meeting"
        ),
        pk=pk,
    )
    if not permissions.can_view_body(request.user, matter.body):
        raise Http404("No such matter.")
    return matter


def _person_of(user):
    return Person.objects.filter(user=user).first()


def _exception_detail_page(request, matter, form=None):
    person = _person_of(request.user)
    is_open = matter.status == ExceptionStatus.OPEN
    may_respond = person is not None and meeting_actions.may_respond(person, matter)
    mine = matter.responses.filter(person=person).first() if person else None
    if is_open and may_respond and form is None:
        form = ExceptionResponseForm(initial={"response": mine.response, "comment": mine.comment} if mine else None)
    return render(
        request,
        "governance/logs/exception_detail.html",
        {
            "body": matter.body,
            "matter": matter,
            "responses": matter.responses.select_related("person").order_by("at", "id"),
            "form": form if is_open and may_respond else None,
            "is_open": is_open,
            "mine": mine,
            "has_person": person is not None,
        },
    )


@require_safe
@login_required
def exception_detail(request, pk):
    return _exception_detail_page(request, _matter_for_user(request, pk))


@require_POST
@login_required
def exception_respond(request, pk):
    matter = _matter_for_user(request, pk)
    form = ExceptionResponseForm(request.POST)
    if not form.is_valid():
        return _exception_detail_page(request, matter, form)
    person = _person_of(request.user)
    if person is None:
        messages.error(request, "Your sign-in is not linked to a person on this body, so you cannot respond.")
        return _exception_detail_page(request, matter, form)
    try:
        meeting_actions.respond_to_matter(
            matter, person, form.cleaned_data["response"], form.cleaned_data["comment"], by=request.user
        )
    except GovernanceError as error:
        messages.error(request, str(error))
        matter.refresh_from_db()
        return _exception_detail_page(request, matter, form)
    matter.refresh_from_db()
    if matter.status == ExceptionStatus.DECIDED:
        messages.success(request, "Your response is recorded. The matter is now decided.")
    else:
        messages.success(request, "Your response is recorded.")
    return redirect("governance:exception_detail", pk=matter.pk)
