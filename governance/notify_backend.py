"""GOV.UK Notify behind Django's mail interface, for councils that send through Notify instead of SMTP.

Enabled by NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID (homecare/settings.py). Notify sends from a template, so the
template must be an email template whose subject is ((subject)) and whose body is ((body)); each recipient of each
message becomes one Notify request. Needs `pip install notifications-python-client` (not installed by default).
"""

import logging

from django.core.mail.backends.base import BaseEmailBackend

log = logging.getLogger(__name__)


def payloads(message, template_id):
    """The Notify requests for one Django EmailMessage: one per recipient (to, cc and bcc), with the subject and the
    plain-text body as the template's personalisation."""
    return [
        {
            "email_address": address,
            "template_id": template_id,
            "personalisation": {"subject": message.subject, "body": message.body},
        }
        for address in message.recipients()
    ]


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, api_key="", template_id="", fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.api_key, self.template_id = api_key, template_id
        self.client = None

    def open(self):
        if self.client is None:
            from notifications_python_client.notifications import NotificationsAPIClient

            self.client = NotificationsAPIClient(self.api_key)
        return True

    def send_messages(self, email_messages):
        """Send each message; returns how many were accepted by Notify for every one of their recipients."""
        self.open()
        sent = 0
        for message in email_messages:
            try:
                for payload in payloads(message, self.template_id):
                    self.client.send_email_notification(**payload)
            except Exception:
                if not self.fail_silently:
                    raise
                log.exception("GOV.UK Notify refused %r", message.subject)
                continue
            sent += 1
        return sent
