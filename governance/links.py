"""Links for long lists: a list of many rows would otherwise reverse the same URL pattern once per row."""

from functools import cache

from django.urls import get_script_prefix, reverse

_SENTINEL = 987654321


def pk_url(name):
    """A function pk -> reverse(name, args=[pk]), reversing the pattern once (per script prefix, for the life of the
    process: URL patterns do not change while it runs). For patterns whose one argument is an integer primary key."""
    return _pk_url(name, get_script_prefix())


@cache
def _pk_url(name, prefix):
    head, tail = reverse(name, args=[_SENTINEL]).split(str(_SENTINEL))
    return lambda pk: f"{head}{int(pk)}{tail}"
