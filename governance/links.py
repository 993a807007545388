"""Links for long lists: a list of many rows would otherwise reverse the same URL pattern once per row."""

from django.urls import reverse

_SENTINEL = 987654321


def pk_url(name):
    """A function pk -> reverse(name, args=[pk]), reversing the pattern once. For patterns whose one argument is an
    integer primary key."""
    head, tail = reverse(name, args=[_SENTINEL]).split(str(_SENTINEL))
    return lambda pk: f"{head}{int(pk)}{tail}"
