from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from governance import retention


class Command(BaseCommand):
    help = (
        "Remove personal data older than the retention period (PERSONAL_DATA_RETENTION_DAYS): anonymise former members "
        "with no activity in it, close unused sign-in accounts, delete old sessions, sign-in attempts and read "
        "receipts, and take the user's name off old history rows. Minutes, decisions and reports are never deleted "
        "or changed, and their history is kept whole for six years."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Say what would change, and change nothing")

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        try:
            plan, outcomes = retention.purge(dry_run=dry_run)
        except ValueError as error:
            raise CommandError(f"PERSONAL_DATA_RETENTION_DAYS: {error}")
        c = plan.cutoffs
        self.stdout.write(
            f"Retention period: {settings.PERSONAL_DATA_RETENTION_DAYS} days: personal data from before "
            f"{c.personal_date:%d %B %Y} has expired. The history of minutes, decisions and reports since "
            f"{timezone.localtime(c.records):%d %B %Y} is kept whole."
        )
        self.stdout.write("Dry run: nothing was changed. Would change:" if dry_run else "Changed:")
        for outcome in outcomes:
            self.stdout.write(f"  {outcome.count:>6}  {outcome.label}")
        total = sum(o.count for o in outcomes)
        self.stdout.write(f"  {total:>6}  in all")
        self.stdout.write(
            "Minutes, decisions, decision reports and highlight reports are kept as they are; names written in "
            "their text are not changed."
        )
