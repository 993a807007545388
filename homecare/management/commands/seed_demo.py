from django.core.management.base import BaseCommand

from governance import seed as governance_seed
from governance import seed_reports
from governance.seed_data import DEMO_LOGIN_DUTIES, DEMO_PASSWORD
from projects import seed as projects_seed
from risks import seed as risks_seed

LOGINS_HEADING = "Demo logins (password for all: {password}):"


class Command(BaseCommand):
    help = (
        "Load the Leeds home care redesign programme from the seed documents, with a demo login per role and for "
        "every approver, then print the logins."
    )

    def handle(self, *args, **options):
        counter, logins = governance_seed.load()
        self.stdout.write(f"Governance: {counter['created']} rows created, {counter['updated']} updated.")
        counter = projects_seed.load()
        self.stdout.write(f"Projects: {counter['created']} rows created, {counter['updated']} updated.")
        counter = risks_seed.load()
        self.stdout.write(f"Risks: {counter['created']} rows created, {counter['updated']} updated.")
        # The logins come last: `make demo` prints them just before the server's own output.
        self.stdout.write(LOGINS_HEADING.format(password=DEMO_PASSWORD))
        for label, username, person in [*logins, *seed_reports.logins()]:
            self.stdout.write(f"  {username:<23} {label} ({person})")
            self.stdout.write(f"  {'':<23} {DEMO_LOGIN_DUTIES[username]}")
