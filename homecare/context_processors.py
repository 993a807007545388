from django.conf import settings


def service(request):
    """The council and service names shown in the header of every page."""
    return {"council_name": settings.COUNCIL_NAME, "service_name": settings.SERVICE_NAME}


# (label, URL name, who sees it, what marks it current: a set of view names, or "governance" / "projects" / "admin"
# for the rest of that namespace)
NAVIGATION = [
    ("Home", "home", "all", {"home"}),
    ("My meetings", "governance:my_meetings", "all", {"governance:my_meetings", "governance:my_calendar"}),
    ("Papers", "projects:papers_for_me", "all", {"projects:papers_for_me"}),
    ("Governance", "governance:structure", "all", "governance"),
    ("Projects", "projects:portfolio", "all", "projects"),
    ("Decisions", "governance:decision_log", "all", {"governance:decision_log"}),
    ("Actions", "governance:action_log", "all", {"governance:action_log", "governance:action_edit"}),
    (
        "Decision reports",
        "governance:decision_reports",
        "decision_reports",
        {
            "governance:decision_reports",
            "governance:decision_report_new",
            "governance:decision_report",
            "governance:decision_report_edit",
            "governance:decision_report_decide",
            "governance:forward_plan",
        },
    ),
    ("Deadlines", "governance:deadlines", "staff", {"governance:deadlines"}),
    (
        "People",
        "governance:people",
        "staff",
        {"governance:people", "governance:person_new", "governance:person_detail", "governance:person_edit"},
    ),
    ("Admin", "admin:index", "django_staff", "admin"),
]


def _works_on_decision_reports(user):
    """Staff, and the authors, Directors and decision makers named on a report."""
    from governance import report_actions

    return report_actions.works_on_reports(user)


def navigation(request):
    """The service navigation for the signed-in user: only the sections they may open, the current one marked."""
    from django.urls import NoReverseMatch, reverse

    from governance import permissions

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    namespace = match.namespace if match else ""
    claimed = set().union(*(views for *_, views in NAVIGATION if isinstance(views, set)))
    items = []
    for label, name, audience, views in NAVIGATION:
        if audience == "staff" and not permissions.sees_all_bodies(user):
            continue
        if audience == "django_staff" and not user.is_staff:
            continue
        if audience == "decision_reports" and not _works_on_decision_reports(user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        in_section = namespace == views and view_name not in claimed
        current = in_section if isinstance(views, str) else view_name in views
        items.append({"label": label, "url": url, "current": current, "page": current and request.path == url})
    return {"navigation": items}
