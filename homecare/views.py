from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from governance import queries as governance_queries
from governance import worklist


@require_safe
@login_required
def home(request):
    return render(
        request,
        "home.html",
        {
            "work": worklist.for_request(request).entries,
            "my_seats": governance_queries.seats_for_user(request.user),
        },
    )


@never_cache
@require_safe
@login_required
def work_count(request):
    """The header's count of the work list, fetched by every page once it has loaded."""
    count = len(worklist.for_request(request).entries)
    return HttpResponse(f' <span class="app-work-count">({count})</span>')


@never_cache
@require_safe
def healthz(request):
    # Reaching the database is the point: a process that cannot is not healthy.
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not ok"; the message is for the log, not the probe
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def accessibility(request):
    return render(request, "pages/accessibility.html")


@require_safe
def privacy(request):
    return render(request, "pages/privacy.html")
