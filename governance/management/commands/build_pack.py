"""python manage.py build_pack MEETING_ID --public|--private -o FILE.pdf

Builds a meeting's document pack from the command line, with the same assembly and layout as the background builds.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance import pack_builds, packs
from governance.models import Meeting, PackVariant


class Command(BaseCommand):
    help = "Build a meeting's document pack (public or private) as a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int)
        variant = parser.add_mutually_exclusive_group(required=True)
        variant.add_argument("--public", action="store_const", const=PackVariant.PUBLIC, dest="variant")
        variant.add_argument("--private", action="store_const", const=PackVariant.PRIVATE, dest="variant")
        parser.add_argument("-o", "--output", required=True, help="Where to write the PDF")

    def handle(self, meeting_id, variant, output, **options):
        meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"There is no meeting {meeting_id}.")
        target = Path(output)
        if not target.parent.exists():
            raise CommandError(f"The folder {target.parent} does not exist.")
        started = time.monotonic()
        rendered = pack_builds.build_file(packs.agenda_pack(meeting, variant))
        target.write_bytes(rendered.data)
        self.stdout.write(
            f"Wrote the {variant} pack of {meeting} to {target}: {rendered.pages} pages, "
            f"{len(rendered.data) // 1024} KB, in {time.monotonic() - started:.1f} s."
        )
