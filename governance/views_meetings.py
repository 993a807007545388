"""Meeting pages: schedule, agenda and its approval, attendance with the live quorum panel, items, minutes.

Each view parses input, checks who may do it (governance.permissions), calls one function in
governance.meeting_actions, and turns a GovernanceError into a message on the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance import editing, forms, history, meeting_actions, models, papers, permissions
from governance.actions import GovernanceError

# -------------------------------------------------------------------------------------------------------- helpers


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _agenda_for_user(request, pk):
    agenda = get_object_or_404(models.Agenda.objects.select_related("meeting__body"), pk=pk)
    permissions.get_meeting_for_user(request, agenda.meeting.pk)
    return agenda


def _item_for_user(request, pk):
    item = get_object_or_404(models.AgendaItem.objects.select_related("agenda__meeting__body"), pk=pk)
    permissions.get_meeting_for_user(request, item.agenda.meeting.pk)
    return item


def _run(request, function, *args, success=None, **kwargs):
    """Call one action; report a GovernanceError on the page. Returns the result, or None when refused."""
    try:
        result = function(*args, **kwargs)
    except GovernanceError as error:
        messages.error(request, str(error))
        return None
    if success:
        messages.success(request, success(result) if callable(success) else success)
    return result


def _told(said):
    """The success message, with what the action's emails did (how many went, and why the others did not)."""

    def message(result):
        notice = getattr(result, "notice", None)
        return f"{said} {notice.summary()}" if notice is not None else said

    return message


def _back(request, fallback):
    """Redirect to where the form was, if that is on this site; else to `fallback`."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    # A path or URL has a slash; redirect() would look a bare word up as a URL name.
    if "/" in target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


# ----------------------------------------------------------------------------------------------------- scheduling


@require_http_methods(["GET", "POST"])
@login_required
def body_meetings(request, slug):
    body = permissions.get_body_for_user(request, slug)
    form = forms.ScheduleForm(request.POST or None)
    if request.method == "POST":
        _require(permissions.can_manage_meetings(request.user))
        if form.is_valid():
            data = form.cleaned_data
            created = _run(
                request,
                meeting_actions.schedule_meetings,
                body,
                data["first_day"],
                data["last_day"],
                data["start_time"],
                request.user,
                venue=data["venue"],
            )
            if created is not None:
                messages.success(request, f"{len(created)} meetings scheduled.")
                return redirect("governance:body_meetings", slug=body.slug)
    now = timezone.now()
    meetings = body.meetings.select_related("body").prefetch_related("agendas")
    return render(
        request,
        "governance/meetings/body_meetings.html",
        {
            "body": body,
            "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at"),
            "past": meetings.filter(starts_at__lt=now).order_by("-starts_at")[:30],
            "form": form,
            "tor": meeting_actions.tor_for(body),
            "can_manage": permissions.can_manage_meetings(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def extraordinary_new(request, slug):
    body = permissions.get_body_for_user(request, slug)
    _require(permissions.can_manage_meetings(request.user))
    form = forms.ExtraordinaryMeetingForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = _run(
            request,
            meeting_actions.call_extraordinary_meeting,
            body,
            data["starts_at"],
            request.user,
            data["notice_given_on"],
            called_by_chair=data["called_by_chair"],
            callers=data["callers"],
            venue=data["venue"],
            success="Extraordinary meeting called.",
        )
        if meeting is not None:
            return redirect(meeting)
    tor = meeting_actions.tor_for(body)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "body": body,
            "title": f"Call an extraordinary meeting of the {body.name}",
            "intro": (
                f"The terms of reference: called by the Chair or at least {tor.extraordinary_min_members} members, "
                f"with notice of {tor.extraordinary_notice_days}."
            )
            if tor and tor.extraordinary_min_members
            else "The terms of reference let the Chair convene meetings outside the cycle.",
        },
    )


# -------------------------------------------------------------------------------------------------------- meeting


def _meeting_context(request, meeting):
    items = meeting_actions.meeting_items(meeting)
    attendance = list(meeting.attendance.select_related("person", "deputy_for__person"))
    declarations = list(models.Declaration.objects.filter(item__agenda__meeting=meeting).select_related("person"))
    _rule, start_result = meeting_actions.quorum_at(meeting, attendance=attendance)
    per_item = []
    for item in items:
        _r, result = meeting_actions.quorum_at(
            meeting, item, items=items, attendance=attendance, declarations=declarations
        )
        per_item.append((item, result))
    return {
        "items": items,
        "attendance_rows": attendance,
        "start_result": start_result,
        "per_item": per_item,
        "declarations": declarations,
    }


@require_safe
@login_required
def meeting_detail(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    agendas = list(meeting.agendas.prefetch_related("items", "approvals__by", "approvals__on_behalf_of"))
    # Papers other apps hold for the items (highlight reports ...), attached to the prefetched items for the template.
    contributed = papers.papers_for([item for agenda in agendas for item in agenda.items.all()])
    for agenda in agendas:
        for item in agenda.items.all():
            item.papers = contributed.get(item.pk, [])
    tor = meeting_actions.tor_for(meeting)
    steps = meeting_actions.approval_steps(meeting)
    agenda_views = []
    for agenda in agendas:
        step = meeting_actions.next_step(agenda)
        agenda_views.append(
            {
                "agenda": agenda,
                "next_step": step,
                "next_holder": meeting_actions.holder_of(step.role, meeting.body) if step else None,
                "i_approve": bool(step and meeting_actions.acting_for(request.user, step.role, meeting.body)),
                "deadline": meeting_actions.issue_deadline(agenda),
            }
        )
    return render(
        request,
        "governance/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "agenda_views": agenda_views,
            "steps": steps,
            "tor": tor,
            "notice": meeting_actions.notice_note(meeting),
            "minutes": meeting_actions.current_minutes(meeting),
            "open_actions": meeting_actions.open_actions(meeting.body, before=meeting.starts_at),
            "can_manage": permissions.can_manage_meetings(request.user),
            "can_draft": permissions.can_draft_agenda(request.user),
            "history_rows": history.history_of(meeting, request.user, limit=5),
            **_meeting_context(request, meeting),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def meeting_edit(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk, write=True)
    form = forms.MeetingForm(
        request.POST or None, instance=meeting, initial={"edit_token": history.edit_token(meeting)}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = editing.save_if_fresh(
            request, form, meeting, lambda: meeting_actions.change_meeting(form.save(commit=False), request.user)
        )
        if saved is not None:
            messages.success(request, "Meeting changed. Calendars will show the change.")
            return redirect(meeting)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "body": meeting.body,
            "title": f"Change the meeting: {meeting}",
            "conflict": conflict,
        },
    )


@require_POST
@login_required
def meeting_cancel(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk, write=True)
    _run(
        request,
        meeting_actions.cancel_meeting,
        meeting,
        request.POST.get("reason", ""),
        request.user,
        success="Meeting cancelled.",
    )
    return redirect(meeting)


@require_safe
@login_required
def meeting_quorum(request, pk):
    """The live quorum panel: at the start and at each item (polled by htmx on the meeting page)."""
    meeting = permissions.get_meeting_for_user(request, pk)
    return render(
        request,
        "governance/meetings/quorum_panel_page.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            **_meeting_context(request, meeting),
        },
    )


# --------------------------------------------------------------------------------------------------------- agenda


@require_POST
@login_required
def agenda_start(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    _require(permissions.can_draft_agenda(request.user))
    _run(
        request, meeting_actions.ensure_agenda, meeting, request.user, success="Agenda started with the standing items."
    )
    return redirect(meeting)


@require_POST
@login_required
def agenda_supplementary(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    _require(permissions.can_draft_agenda(request.user))
    _run(
        request,
        meeting_actions.add_supplementary_agenda,
        meeting,
        request.user,
        success="Supplementary agenda started. Add the late items, then send it for approval.",
    )
    return redirect(meeting)


AGENDA_ACTIONS = {
    "submit": (
        lambda agenda, request: meeting_actions.submit_agenda(agenda, request.user),
        _told("Sent for approval."),
    ),
    "approve": (
        lambda agenda, request: meeting_actions.approve_agenda(agenda, request.user, request.POST.get("comment", "")),
        _told("Approved."),
    ),
    "return": (
        lambda agenda, request: meeting_actions.return_agenda(agenda, request.user, request.POST.get("comment", "")),
        _told("Returned with your comments."),
    ),
    "issue": (
        lambda agenda, request: meeting_actions.issue_agenda(agenda, request.user, request.POST.get("late_reason", "")),
        _told("Issued."),
    ),
}


@require_POST
@login_required
def agenda_action(request, pk, action):
    agenda = _agenda_for_user(request, pk)
    if action not in AGENDA_ACTIONS:
        raise Http404("No such action.")
    function, success = AGENDA_ACTIONS[action]
    _run(request, function, agenda, request, success=success)
    return redirect(agenda.meeting)


@require_http_methods(["GET", "POST"])
@login_required
def item_new(request, pk):
    agenda = _agenda_for_user(request, pk)
    _require(permissions.can_draft_agenda(request.user))
    form = forms.AgendaItemForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "edit_token" and v not in (None, "")}
        if _run(request, meeting_actions.add_item, agenda, request.user, success="Item added.", **fields) is not None:
            return redirect(agenda.meeting)
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "body": agenda.meeting.body,
            "title": f"Add an item: {agenda}",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request, pk):
    """The full item form; with htmx (or `inline`) the title, purpose, presenter and time in the agenda's own row."""
    item = _item_for_user(request, pk)
    _require(permissions.can_draft_agenda(request.user))
    inline = bool(request.htmx) or request.POST.get("inline") == "1"
    form_class = forms.AgendaItemInlineForm if inline else forms.AgendaItemForm
    form = form_class(
        request.POST or None, request.FILES or None, instance=item, initial={"edit_token": history.edit_token(item)}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = editing.save_if_fresh(
            request, form, item, lambda: meeting_actions.save_item(form.save(commit=False), request.user)
        )
        if saved is not None:
            if request.htmx:
                return render(
                    request,
                    "governance/meetings/partials/item_row.html",
                    {
                        "item": item,
                        "agenda": item.agenda,
                        "can_draft": True,
                        "single_row": True,
                        "focus": True,  # the row's Change link takes the focus back
                    },
                )
            messages.success(request, "Item saved.")
            return redirect(item.agenda.meeting)
    if request.htmx:
        editing.focus_first_field(form)  # the "Change" link the user followed is gone
        return render(
            request,
            "governance/meetings/partials/item_row_form.html",
            {"item": item, "form": form, "conflict": conflict},
        )
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "body": item.agenda.meeting.body,
            "title": f"Change item {item.number}",
            "conflict": conflict,
        },
    )


@require_POST
@login_required
def item_move(request, pk):
    item = _item_for_user(request, pk)
    _require(permissions.can_draft_agenda(request.user))
    direction = -1 if request.POST.get("direction") == "up" else 1
    _run(request, meeting_actions.move_item, item, direction, request.user)
    if request.htmx:
        meeting = item.agenda.meeting
        return render(
            request,
            "governance/meetings/partials/agenda_items.html",
            {
                "agenda": item.agenda,
                "meeting": meeting,
                "can_draft": True,
            },
        )
    return redirect(item.agenda.meeting)


@require_POST
@login_required
def item_remove(request, pk):
    item = _item_for_user(request, pk)
    _require(permissions.can_draft_agenda(request.user))
    meeting = item.agenda.meeting
    _run(request, meeting_actions.remove_item, item, request.user, success="Item removed.")
    return redirect(meeting)


@require_safe
@login_required
def item_paper(request, pk):
    """A paper is served only to those who may see the meeting (members and staff), never from a public URL."""
    item = _item_for_user(request, pk)
    if not item.paper:
        raise Http404("This item has no paper.")
    return FileResponse(
        item.paper.open("rb"), as_attachment=True, filename=f"item-{item.number}.pdf", content_type="application/pdf"
    )


# -------------------------------------------------------------------------------------------------- in the meeting


@require_http_methods(["GET", "POST"])
@login_required
def attendance(request, pk):
    """The attendance register: every seat and expected attendee, saved in one submit; a form for anyone not on it;
    and the quorum, from what is saved or from the register as ticked so far (htmx, or "Check quorum")."""
    meeting = permissions.get_meeting_for_user(request, pk)
    can_manage = permissions.can_manage_meetings(request.user)
    posted = request.POST if request.method == "POST" else None
    if posted is not None:
        _require(can_manage)
    registering = posted is not None and posted.get("action") == "register"
    form = forms.AttendanceForm(None if registering else posted, meeting=meeting)
    if posted is not None and not registering:
        if form.is_valid() and _record_one(request, meeting, form):
            if not request.htmx:
                return redirect("governance:attendance", pk=meeting.pk)
            form = forms.AttendanceForm(meeting=meeting)
        if request.htmx:
            # htmx replaces the form the keyboard was in: the focus goes to its first field for the next person
            # (htmx focuses the element marked autofocus in what it swaps in).
            form.fields["person"].widget.attrs["autofocus"] = True
    sheet = meeting_actions.attendance_sheet(meeting)
    register = forms.AttendanceRegister(sheet, posted if registering else None)
    attendance_rows = list(sheet.saved.values())
    checking = registering and "check_quorum" in posted
    if registering:
        valid = register.is_valid()
        entries = [meeting_actions.AttendanceEntry(**values) for values in register.changes()]
        if valid and not checking:
            saved = _record_register(request, meeting, register, entries)
            if saved:
                return redirect("governance:attendance", pk=meeting.pk)
        attendance_rows = meeting_actions.register_preview(sheet, entries)
        if checking and not request.htmx:
            messages.info(request, "Quorum worked out from the register as ticked. Nothing has been saved yet.")
    start_result, per_item = meeting_actions.register_quorum(sheet, attendance_rows)
    context = {
        "meeting": meeting,
        "body": meeting.body,
        "form": form,
        "register": register,
        "error_links": register.error_links(),
        "start_result": start_result,
        "per_item": per_item,
        "preview": registering,
        "can_manage": can_manage,
    }
    if checking and request.htmx:
        return render(request, "governance/meetings/partials/attendance_quorum.html", context)
    return render(request, "governance/meetings/attendance.html", context)


def _record_one(request, meeting, form):
    """Record one person from the form for someone not on the register; a refusal goes beside the form's fields."""
    data = form.cleaned_data
    try:
        meeting_actions.record_attendance(
            meeting,
            data["person"],
            data["status"],
            request.user,
            deputy_for=data["deputy_for"],
            arrived_at_item=data["arrived_at_item"],
            left_at_item=data["left_at_item"],
        )
    except meeting_actions.AttendanceRefused as refused:
        for field, message in refused.problems.get(data["person"].pk, ()):
            form.add_error(field if field in form.fields else None, message)
        return False
    except GovernanceError as error:
        form.add_error(None, str(error))
        return False
    messages.success(request, f"Attendance recorded for {data['person']}.")
    return True


def _record_register(request, meeting, register, entries):
    """Save the register's changed lines; a refusal goes beside the lines it is about and nothing is saved."""
    if not entries:
        messages.info(request, "Nothing was saved: no line of the register was changed.")
        return True
    try:
        rows = meeting_actions.record_register(meeting, entries, request.user)
    except meeting_actions.AttendanceRefused as refused:
        register.refuse(refused.problems)
        return False
    except GovernanceError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, f"Attendance recorded for {len(rows)} {'person' if len(rows) == 1 else 'people'}.")
    return True


@require_safe
@login_required
def item_detail(request, pk):
    item = _item_for_user(request, pk)
    meeting = item.agenda.meeting
    _rule, result = meeting_actions.quorum_at(meeting, item)
    return render(
        request,
        "governance/meetings/item_detail.html",
        {
            "item": item,
            "meeting": meeting,
            "body": meeting.body,
            "result": result,
            "ordinal": meeting_actions.item_ordinal(item),
            "declarations": item.declarations.select_related("person"),
            "decisions": item.decisions.select_related("referred_to"),
            "actions": item.actions.select_related("owner"),
            "declaration_form": forms.DeclarationForm(meeting=meeting),
            "decision_form": forms.DecisionForm(),
            "action_form": forms.ActionForm(),
            "parent": meeting_actions.parent_for_referral(meeting.body),
            "can_manage": permissions.can_manage_meetings(request.user),
            "history_rows": history.history_of(item, request.user, limit=5),
            "papers": papers.papers_for([item]).get(item.pk, []),
        },
    )


@require_POST
@login_required
def item_record(request, pk):
    """Record a declaration, decision, deferral, referral or action at an item (admin staff, in the meeting)."""
    item = _item_for_user(request, pk)
    _require(permissions.can_manage_meetings(request.user))
    meeting, kind = item.agenda.meeting, request.POST.get("kind")
    if kind == "declaration":
        form = forms.DeclarationForm(request.POST, meeting=meeting)
        if form.is_valid():
            d = form.cleaned_data
            _run(
                request,
                meeting_actions.declare_interest,
                item,
                d["person"],
                d["interest_kind"],
                d["interest"],
                d["disqualifying"],
                request.user,
                success="Declaration recorded.",
            )
        else:
            messages.error(request, _errors(form))
    elif kind in ("decision", "defer", "refer"):
        form = forms.DecisionForm(request.POST)
        text = form.cleaned_data["text"] if form.is_valid() else request.POST.get("text", "")
        function = {
            "decision": meeting_actions.record_decision,
            "defer": meeting_actions.defer_item,
            "refer": meeting_actions.refer_item,
        }[kind]
        _run(
            request,
            function,
            item,
            text,
            request.user,
            success={"decision": "Decision recorded.", "defer": "Deferred.", "refer": "Referred."}[kind],
        )
    elif kind == "action":
        form = forms.ActionForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            _run(
                request,
                meeting_actions.add_action,
                item,
                d["description"],
                d["owner"],
                d["due_on"],
                request.user,
                success="Action recorded.",
            )
        else:
            messages.error(request, _errors(form))
    else:
        messages.error(request, "Choose what to record.")
    return redirect("governance:item_detail", pk=item.pk)


def _errors(form):
    return " ".join(
        f"{form.fields[name].label or name}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
        for name, errors in form.errors.items()
    )


# ---------------------------------------------------------------------------------------------------------- minutes


MINUTES_ACTIONS = {
    "review": (meeting_actions.review_minutes, _told("Marked as read.")),
    "send": (meeting_actions.submit_minutes_to_chair, _told("Sent to the Chair.")),
    "approve": (meeting_actions.approve_minutes, "Approved. The minutes can no longer be edited."),
    "circulate": (meeting_actions.circulate_minutes, _told("Circulated.")),
}


@require_http_methods(["GET", "POST"])
@login_required
def minutes(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    current = meeting_actions.current_minutes(meeting)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "start":
            _require(permissions.can_manage_meetings(request.user))
            _run(request, meeting_actions.start_minutes, meeting, request.user, success=_told("Minutes started."))
        elif action == "note" and current is not None:
            _require(permissions.can_manage_meetings(request.user))
            item_pk = request.POST.get("item", "")
            item = get_object_or_404(
                models.AgendaItem, pk=item_pk if item_pk.isdecimal() else None, agenda__meeting=meeting
            )
            _run(
                request,
                meeting_actions.save_note,
                current,
                item,
                request.POST.get("discussion", "")[:20000],
                request.user,
                success=f"Note for item {item.number} saved.",
            )
        elif action == "correct" and current is not None:
            _require(permissions.can_manage_meetings(request.user))
            _run(
                request,
                meeting_actions.correct_minutes,
                current,
                request.POST.get("reason", ""),
                request.user,
                success="Correction started as a new version.",
            )
        elif action in MINUTES_ACTIONS and current is not None:
            function, success = MINUTES_ACTIONS[action]
            args = (
                (current, request.user)
                if action != "review"
                else (current, request.user, request.POST.get("comment", ""))
            )
            _run(request, function, *args, success=success)
        else:
            messages.error(request, "Choose what to do with the minutes.")
        return redirect("governance:minutes", pk=meeting.pk)
    notes = {n.item_id: n for n in current.notes.all()} if current else {}
    items = meeting_actions.meeting_items(meeting)
    decisions = models.Decision.objects.filter(item__agenda__meeting=meeting).select_related("referred_to")
    actions_ = models.Action.objects.filter(item__agenda__meeting=meeting).select_related("owner")
    rows = [
        (
            item,
            notes.get(item.pk),
            [d for d in decisions if d.item_id == item.pk],
            [a for a in actions_ if a.item_id == item.pk],
        )
        for item in items
    ]
    return render(
        request,
        "governance/meetings/minutes.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "current": current,
            "rows": rows,
            "versions": meeting.minutes.order_by("-version"),
            "reviews": current.reviews.select_related("by") if current else [],
            "friends": meeting_actions.critical_friend_roles(meeting),
            "can_manage": permissions.can_manage_meetings(request.user),
            "deadline": _minutes_deadline(meeting),
            "history_rows": history.history_of(current, request.user, limit=10) if current else [],
        },
    )


def _minutes_deadline(meeting):
    from governance import deadlines

    later = (
        models.Meeting.objects.filter(body=meeting.body, starts_at__gt=meeting.starts_at)
        .exclude(status=models.MeetingStatus.CANCELLED)
        .order_by("starts_at")
        .first()
    )
    return deadlines.minutes_deadline(meeting.date, meeting_actions.tor_for(meeting), later.date if later else None)
