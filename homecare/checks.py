"""System checks of the settings production needs; `manage.py check --deploy` runs them with Django's own."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_trusted_proxy_count(app_configs, **kwargs):
    """TRUSTED_PROXY_COUNT has no production default (homecare/settings.py says why): it must be set."""
    if settings.TRUSTED_PROXY_COUNT is not None:
        return []
    return [
        Error(
            "TRUSTED_PROXY_COUNT is not set. Until it is, sign-in throttling ignores X-Forwarded-For, so behind a "
            f"proxy every client counts as the proxy, and {settings.AXES_FAILURE_LIMIT} failed sign-ins from anyone "
            "lock everyone out.",
            hint=(
                "Set TRUSTED_PROXY_COUNT in the environment to the number of reverse proxies in front of the app "
                "that append to X-Forwarded-For: 0 when nothing is in front of it, 1 for one (nginx or a load "
                "balancer), 2 for a load balancer then nginx."
            ),
            id="homecare.E001",
        )
    ]


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """SITE_URL has no production default: every email's links are built on it."""
    from urllib.parse import urlsplit

    url = settings.SITE_URL
    parts = urlsplit(url)
    if url and parts.scheme in ("http", "https") and parts.netloc and parts.path in ("", "/"):
        return []
    return [
        Error(
            f"SITE_URL is {'not set' if not url else repr(url) + ', not an address like https://host'}. Emails link "
            "to the pages they are about by SITE_URL, so until it is set their links lead nowhere.",
            hint="Set SITE_URL in the environment to the address people open the service at, e.g. "
            "https://governance.example.org (no path).",
            id="homecare.E002",
        )
    ]
