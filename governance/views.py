from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from governance import actions, editing, forms, history, models, permissions, queries, quorum_check, tor_diff

# ---------------------------------------------------------------------------------------------------------- structure


@require_safe
@login_required
def structure(request):
    bodies, visible_ids = queries.bodies_for_chart(permissions.bodies_visible_to(request.user))
    bodies = list(bodies)
    tiers = [
        (level, label, models.Level.descriptions()[level], [b for b in bodies if b.level == level])
        for level, label in models.Level.choices
    ]
    others = [b for b in bodies if not b.level]
    return render(
        request,
        "governance/structure.html",
        {
            "tiers": tiers,
            "others": others,
            "visible_ids": visible_ids,
            "can_edit": permissions.can_edit_governance(request.user),
        },
    )


# ------------------------------------------------------------------------------------------------------------- bodies


@require_safe
@login_required
def body_detail(request, slug):
    body = permissions.get_body_for_user(request, slug)
    today = timezone.localdate()
    tor = models.TermsOfReference.objects.in_force_on(body, today)
    if tor is not None:
        tor = queries.tor_for_page(tor.pk)
    capacities = []
    # The body's own members first, then those of its other capacities.
    for capacity in sorted(body.family(), key=lambda b: b.pk != body.pk):
        members = queries.current_memberships(capacity)
        capacities.append({"body": capacity, "groups": queries.group_by_role(members)})
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "capacities": capacities,
            "tor": tor,
            "versions": body.host.terms_of_reference.order_by("-effective_from", "-id"),
            "history_rows": history.history_of(body, request.user, limit=5),
            "can_edit": permissions.can_edit_governance(request.user),
            "today": today,
            "upcoming": body.meetings.filter(starts_at__gte=timezone.now()).order_by("starts_at")[:5],
        },
    )


@require_safe
@login_required
def body_history(request, slug):
    body = permissions.get_body_for_user(request, slug)
    return render(
        request,
        "governance/history.html",
        {
            "object": body,
            "back_url": body.get_absolute_url(),
            "history_rows": history.history_of(body, request.user),
        },
    )


def _edit_page(request, form, template, context, reason, success_message):
    """The shared recipe of the create/edit pages: validate, save through actions, report conflicts."""
    conflict = None
    if request.method == "POST" and form.is_valid():
        obj, conflict = editing.save_if_fresh(
            request, form, form.instance, lambda: actions.save_model(form.save(commit=False), request.user, reason)
        )
        if obj is not None:
            messages.success(request, success_message.format(obj=obj))
            return obj, None
    return None, render(request, template, {**context, "form": form, "conflict": conflict})


@require_http_methods(["GET", "POST"])
@login_required
def body_new(request):
    if not permissions.can_edit_governance(request.user):
        raise PermissionDenied
    form = forms.BodyForm(request.POST or None)
    obj, response = _edit_page(
        request, form, "governance/form_page.html", {"title": "Add a body"}, "Created", "{obj} added."
    )
    return redirect(obj) if obj else response


@require_http_methods(["GET", "POST"])
@login_required
def body_edit(request, slug):
    body = permissions.get_body_for_user(request, slug, write=True)
    form = forms.BodyForm(request.POST or None, instance=body, initial={"edit_token": history.edit_token(body)})
    obj, response = _edit_page(
        request, form, "governance/form_page.html", {"title": f"Change {body}", "body": body}, "Edited", "{obj} saved."
    )
    return redirect(obj) if obj else response


@require_safe
@login_required
def body_quorum(request, slug):
    body = permissions.get_body_for_user(request, slug)
    seats = queries.current_memberships(body)
    people = queries.presence_choices(seats)
    form = forms.PresenceForm(request.GET or None, people=people)
    result = tor = rule = None
    day = timezone.localdate()
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["on"] or day
        tor, rule, result = quorum_check.evaluate(body, day, [int(pk) for pk in form.cleaned_data["present"]])
    else:
        tor, rule = quorum_check.rule_for(body, day)
    return render(
        request,
        "governance/body_quorum.html",
        {
            "body": body,
            "form": form,
            "result": result,
            "tor": tor,
            "rule": rule,
            "day": day,
            "rule_text": rule.describe() if rule else "",
        },
    )


# --------------------------------------------------------------------------------------------- terms of reference


def _tor_for_user(request, slug, pk, write=False):
    body = permissions.get_body_for_user(request, slug, write=write)
    tor = get_object_or_404(models.TermsOfReference, pk=pk, body=body.host)
    return body, tor


@require_safe
@login_required
def tor_detail(request, slug, pk):
    body, tor = _tor_for_user(request, slug, pk)
    tor = queries.tor_for_page(tor.pk)
    family = body.family()
    return render(
        request,
        "governance/tor_detail.html",
        {
            "body": body,
            "tor": tor,
            "membership_tables": [(c, queries.current_memberships(c)) for c in family],
            "in_force": models.TermsOfReference.objects.in_force_on(body, timezone.localdate()),
            "history_rows": history.history_of(tor, request.user, limit=10),
            "can_edit": permissions.can_edit_governance(request.user),
        },
    )


@require_POST
@login_required
def tor_new(request, slug):
    body = permissions.get_body_for_user(request, slug, write=True)
    try:
        tor = actions.new_tor_version(body, request.user)
    except actions.GovernanceError as error:
        messages.error(request, str(error))
        return redirect(body)
    messages.success(request, f"Draft version {tor.version} started from the version in force. Edit it below.")
    return redirect("governance:tor_edit", slug=body.slug, pk=tor.pk)


@require_http_methods(["GET", "POST"])
@login_required
def tor_edit(request, slug, pk):
    body, tor = _tor_for_user(request, slug, pk, write=True)
    if tor.is_final or not tor.is_latest:
        messages.error(request, "Only the latest version, while it is a draft, can be changed. Start a new version.")
        return redirect(tor)
    data = request.POST or None
    form = forms.TermsOfReferenceForm(data, instance=tor, initial={"edit_token": history.edit_token(tor)})
    clauses = forms.ClauseFormSet(data, instance=tor, prefix="clauses")
    quorum_forms = []
    for capacity in body.host.family():
        rule = (
            tor.quorum_rules.filter(body=capacity).prefetch_related("required_roles", "constituency_minimums").first()
        )
        quorum_forms.append(
            (
                capacity,
                forms.QuorumRuleForm(
                    data, prefix=f"quorum-{capacity.pk}", initial=forms.QuorumRuleForm.initial_for(rule)
                ),
            )
        )
    conflict = None
    if request.method == "POST":
        valid = form.is_valid() & clauses.is_valid() & all([f.is_valid() for _, f in quorum_forms])
        if valid:
            try:
                actions.save_tor(form, clauses, quorum_forms, request.user)
            except actions.StaleEdit as error:
                conflict = error.changes
                messages.error(request, str(error))
                form.data = form.data.copy()
                form.data["edit_token"] = history.edit_token(tor)
            except actions.GovernanceError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"Version {tor.version} saved.")
                return redirect(tor)
    return render(
        request,
        "governance/tor_form.html",
        {
            "body": body,
            "tor": tor,
            "form": form,
            "clauses": clauses,
            "quorum_forms": quorum_forms,
            "conflict": conflict,
        },
    )


@require_POST
@login_required
def tor_approve(request, slug, pk):
    body, tor = _tor_for_user(request, slug, pk, write=True)
    form = forms.ApproveToRForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter who approved this version and a valid date they approved it.")
        return redirect(tor)
    try:
        actions.approve_tor(tor, request.user, form.cleaned_data["approved_by"], form.cleaned_data["approved_on"])
    except actions.GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {tor.version} is now final.")
    return redirect(tor)


@require_safe
@login_required
def tor_compare(request, slug):
    body = permissions.get_body_for_user(request, slug)
    versions = body.host.terms_of_reference.order_by("effective_from", "id")
    form = forms.CompareForm(request.GET or None, versions=versions)
    rows = None
    if form.is_bound and form.is_valid():
        a = queries.tor_for_page(form.cleaned_data["a"].pk)
        b = queries.tor_for_page(form.cleaned_data["b"].pk)
        rows = tor_diff.diff(tor_diff.tor_lines(a), tor_diff.tor_lines(b))
    return render(request, "governance/tor_compare.html", {"body": body, "form": form, "rows": rows})


# -------------------------------------------------------------------------------------------------------- memberships


def _membership_for_user(request, pk):
    membership = get_object_or_404(models.Membership.objects.select_related("body"), pk=pk)
    permissions.get_body_for_user(request, membership.body.slug, write=True)
    return membership


@require_http_methods(["GET", "POST"])
@login_required
def membership_new(request, slug):
    body = permissions.get_body_for_user(request, slug, write=True)
    form = forms.MembershipForm(request.POST or None, body=body)
    obj, response = _edit_page(
        request,
        form,
        "governance/form_page.html",
        {"body": body, "title": f"Add a seat on {body}"},
        "Created",
        "Seat added.",
    )
    return redirect(body) if obj else response


@require_http_methods(["GET", "POST"])
@login_required
def membership_edit(request, pk):
    membership = _membership_for_user(request, pk)
    body = membership.body
    form = forms.MembershipForm(
        request.POST or None, instance=membership, body=body, initial={"edit_token": history.edit_token(membership)}
    )
    obj, response = _edit_page(
        request,
        form,
        "governance/form_page.html",
        {
            "body": body,
            "membership": membership,
            "title": f"Change seat: {membership.holder_name}",
            "history_rows": history.history_of(membership, request.user),
        },
        "Edited",
        "Seat saved.",
    )
    return redirect(body) if obj else response


# ------------------------------------------------------------------------------------------------------------- people


def _require_staff(request):
    if not permissions.sees_all_bodies(request.user):
        raise PermissionDenied


@require_safe
@login_required
def people(request):
    _require_staff(request)
    form = forms.PeopleSearchForm(request.GET)
    people = models.Person.objects.select_related("organisation").prefetch_related(
        Prefetch("memberships", queryset=models.Membership.objects.current().select_related("body"))
    )
    if not form.is_valid():
        people = people.none()
    elif query := form.cleaned_data["q"]:
        people = people.filter(
            Q(name__icontains=query) | Q(title__icontains=query) | Q(organisation__name__icontains=query)
        )
    return render(
        request,
        "governance/people.html",
        {
            "people": people,
            "form": form,
            "can_edit": permissions.can_edit_governance(request.user),
        },
    )


@require_safe
@login_required
def person_detail(request, pk):
    person = get_object_or_404(models.Person.objects.select_related("organisation", "user"), pk=pk)
    if not (permissions.sees_all_bodies(request.user) or person.user_id == request.user.pk):
        raise Http404("No such person.")
    seats = person.memberships.select_related("body").order_by("body__position")
    deputising = person.deputy_for.select_related("body", "person").order_by("body__position")
    return render(
        request,
        "governance/person_detail.html",
        {
            "person": person,
            "seats": seats,
            "deputising": deputising,
            "history_rows": history.history_of(person, request.user, limit=10),
            "can_edit": permissions.can_edit_governance(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def person_new(request):
    if not permissions.can_edit_governance(request.user):
        raise PermissionDenied
    form = forms.PersonForm(request.POST or None)
    obj, response = _edit_page(
        request, form, "governance/form_page.html", {"title": "Add a person"}, "Created", "{obj} added."
    )
    return redirect(obj) if obj else response


@require_http_methods(["GET", "POST"])
@login_required
def person_edit(request, pk):
    person = get_object_or_404(models.Person, pk=pk)
    if not permissions.can_edit_governance(request.user):
        if permissions.sees_all_bodies(request.user) or person.user_id == request.user.pk:
            raise PermissionDenied
        raise Http404("No such person.")
    form = forms.PersonForm(request.POST or None, instance=person, initial={"edit_token": history.edit_token(person)})
    obj, response = _edit_page(
        request,
        form,
        "governance/form_page.html",
        {"title": f"Change {person}", "person": person},
        "Edited",
        "{obj} saved.",
    )
    return redirect(obj) if obj else response
