from django.core.management.base import BaseCommand

from governance import seed as governance_seed
from governance import seed_reports
from governance.seed_data import DEMO_PASSWORD
from projects import seed as projects_seed
from risks import seed as risks_seed


class Command(BaseCommand):
    help = "Load the Leeds home care redesign programme from the seed documents, with one demo login per role."

    def handle(self, *args, **options):
        counter, logins = governance_seed.load()
        self.stdout.write(f"Governance: {counter['created']} rows created, {counter['updated']} updated.")
        counter = projects_seed.load()
        self.stdout.write(f"Projects: {counter['created']} rows created, {counter['updated']} updated.")
        counter = risks_seed.load()
        self.stdout.write(f"Risks: {counter['created']} rows created, {counter['updated']} updated.")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for label, username, person in [*logins, *seed_reports.logins()]:
            self.stdout.write(f"  {label:<32} {username:<24} ({person})")
