import sys

from django.core.management.base import BaseCommand, CommandError

from governance import personal_data
from governance.models import Person


class Command(BaseCommand):
    help = (
        "Export everything held about a person (a subject-access request): one document of sections, as JSON and "
        "as a readable PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("person_id", type=int, help="The person's id (as in /governance/people/<id>/)")
        parser.add_argument("--json", metavar="FILE", help="Write the JSON document here ('-' for standard output)")
        parser.add_argument("--pdf", metavar="FILE", help="Write the PDF here")

    def handle(self, *args, **options):
        if not (options["json"] or options["pdf"]):
            raise CommandError("Say where to write the export: --json FILE, --pdf FILE or both.")
        person = Person.objects.select_related("user", "organisation").filter(pk=options["person_id"]).first()
        if person is None:
            raise CommandError(f"There is no person with id {options['person_id']}.")
        doc = personal_data.document(person)
        if options["json"] == "-":
            sys.stdout.write(personal_data.to_json(doc))
        elif options["json"]:
            with open(options["json"], "w", encoding="utf-8") as f:
                f.write(personal_data.to_json(doc))
        if options["pdf"]:
            with open(options["pdf"], "wb") as f:
                f.write(personal_data.render_pdf(doc))
        records = sum(section["count"] for section in doc["sections"])
        written = " and ".join(options[k] for k in ("json", "pdf") if options[k] and options[k] != "-")
        self.stderr.write(
            f"{person.name}: {records} records in {len(doc['sections'])} sections"
            + (f", written to {written}" if written else "")
        )
