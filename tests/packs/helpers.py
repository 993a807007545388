"""Builders for pack tests: a Project Board meeting with an exempt item, an uploaded paper, and a last meeting whose
minutes carry an exempt item; and readers that open the real PDF."""

import datetime as dt
import re
from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader
from weasyprint import HTML

from governance import meeting_actions
from governance.models import Body, Person
from tests.access.logs import admin_user, meeting_on

MARKER = "ZQX-EXEMPT-MARKER-7731"
UPLOAD_TEXT = "Uploaded appendix text KLM-4412"


def upload_pdf(pages=2, text=UPLOAD_TEXT):
    body = "".join(f"<p style='break-after: page'>{text} (sheet {n})</p>" for n in range(1, pages + 1))
    return HTML(string=f"<html><body>{body}</body></html>").write_pdf()


def board_meeting_with_papers(weeks_ahead=9):
    """{meeting, last, items...}: the next meeting's agenda has the standing items, an open item with an uploaded
    two-page paper, and an exempt item (paragraph 3) whose title, description and uploaded paper carry MARKER; the last meeting's
    minutes note MARKER on its own exempt item, with an open action on it.

    The meeting is about `weeks_ahead` weeks from today and the last meeting 4 weeks before it, both after every
    meeting the Board already has: the seed schedules the Board's next meeting on its 6-weekly cycle from today, and
    one falling between the two would be the meeting's last meeting (governance.meeting_papers.previous_meeting)."""
    by = admin_user()
    board = Body.objects.get(slug="project-board")
    latest = timezone.localdate(board.meetings.latest("starts_at").starts_at)
    last_day = max(timezone.localdate() + dt.timedelta(weeks=weeks_ahead - 4), latest + dt.timedelta(days=1))
    last = meeting_on(board, last_day, by)
    meeting = meeting_on(board, last_day + dt.timedelta(weeks=4), by)
    last_agenda = meeting_actions.ensure_agenda(last, by)
    old_exempt = meeting_actions.add_item(
        last_agenda,
        by,
        title=f"Provider contract {MARKER}",
        exempt_paragraph=3,
        public_interest_reason="Commercial terms under negotiation",
    )
    minutes = meeting_actions.start_minutes(last, by)
    meeting_actions.save_note(minutes, old_exempt, f"Discussed the bid prices {MARKER}", by)
    meeting_actions.add_action(
        old_exempt,
        f"Negotiate {MARKER}",
        Person.objects.get(name="Kim Maslyn"),
        meeting.date + dt.timedelta(days=30),
        by,
    )
    agenda = meeting_actions.ensure_agenda(meeting, by)
    with_paper = meeting_actions.add_item(agenda, by, title="Home care tender timetable", purpose="decision")
    with_paper.paper.save("timetable.pdf", ContentFile(upload_pdf()), save=True)
    exempt = meeting_actions.add_item(
        agenda,
        by,
        title=f"Bid evaluation {MARKER}",
        description=f"Scores {MARKER}",
        exempt_paragraph=3,
        public_interest_reason="Commercial terms under negotiation",
    )
    exempt.paper.save("scores.pdf", ContentFile(upload_pdf(1, f"Bid scores {MARKER}")), save=True)
    return {"meeting": meeting, "last": last, "with_paper": with_paper, "exempt": exempt, "agenda": agenda}


class ReadPdf:
    """The real PDF, opened with pypdf: its pages' text, outline, and catalogue."""

    def __init__(self, data):
        self.data = data
        self.reader = PdfReader(BytesIO(data))
        self.texts = [page.extract_text() or "" for page in self.reader.pages]

    @property
    def pages(self):
        return len(self.reader.pages)

    @property
    def text(self):
        return "\n".join(self.texts)

    def outline(self):
        out = []

        def walk(entries, level):
            for entry in entries:
                if isinstance(entry, list):
                    walk(entry, level + 1)
                else:
                    out.append((level, entry.title, self.reader.get_destination_page_number(entry) + 1))

        walk(self.reader.outline, 1)
        return out

    def page_numbers(self):
        """The "Page N" printed on each page (None on a blank page)."""
        numbers = []
        for text in self.texts:
            found = re.findall(r"(?<!\w)Page (\d+)(?!\w)", text)
            numbers.append(int(found[-1]) if found else None)
        return numbers

    def is_blank(self, index):
        return "This page is intentionally left blank" in self.texts[index]

    @property
    def catalog(self):
        return self.reader.trailer["/Root"]
