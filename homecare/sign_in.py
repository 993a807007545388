"""Sign-in throttling with django-axes: the service's lock-out page, and what a successful sign-in clears.

The limits themselves (5 failures per account and per address in 30 minutes) are settings (AXES_* in settings.py).
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone


class AccountAttemptsHandler(AxesDatabaseHandler):
    """Axes' database handler, except that a successful sign-in clears only the failures against that account.

    Axes' own reset also deletes every failure from the signing-in address, whatever the account: someone with one
    working account could then guess another account's password four times, sign in to their own to wipe the count,
    and go on for ever. The address's count still falls by the account's own failures, which are deleted here."""

    def reset_user_attempts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        if username is None:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def attempted_username(request, credentials=None):
    """The username a sign-in tried, as axes records it: cut to the 255 characters its tables hold (Django's sign-in
    form does not limit the username's length, and no account's name is that long)."""
    data = credentials if credentials else getattr(request, "data", request.POST)
    username = data.get(settings.AXES_USERNAME_FORM_FIELD)
    return username[:255] if isinstance(username, str) else username


def locked_out(request, original_response=None, credentials=None):
    """The lock-out page (429): when the sign-in may be tried again, and where to ask for help.

    The lock lasts until the failures that caused it are older than the cool-off; the latest failure counted against
    the account or the address gives the time by which it has certainly ended."""
    cool_off = get_cool_off(request)
    attempts = AccountAttemptsHandler().get_user_attempts(request, credentials)
    latest = [found for found in (a.aggregate(latest=Max("attempt_time"))["latest"] for a in attempts) if found]
    try_again_at = max(latest, default=timezone.now()) + cool_off
    return render(
        request,
        "registration/locked_out.html",
        {
            "try_again_at": try_again_at,
            "cool_off_minutes": int(cool_off.total_seconds() // 60),
            "help_email": settings.SIGN_IN_HELP_EMAIL,
        },
        status=429,  # Too Many Requests
    )
