"""Count the leaks: a unique marker in every exempt field, paper and appendix, looked for on every surface that
someone not entitled to it can reach: every named page (from the access matrix) for every such role, the records'
own pages, the public site, public packs (PDF text and bytes), CSV/XLSX exports, iCalendar feeds and the agenda
email. The test demands 0, and proves the markers were reachable by showing them to those who may see them."""

import contextlib
import datetime as dt
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from governance import feeds, meeting_actions, pack_builds
from governance.models import (
    AgendaItem,
    Body,
    Decision,
    DecisionReport,
    DecisionReportAppendix,
    ItemNote,
    Minutes,
    PackBuild,
    Person,
)
from tests.access.logs import admin_user, meeting_on
from tests.conftest import client_for
from tests.packs.helpers import board_meeting_with_papers, upload_pdf
from tests.test_access import _objects, matrix

pytestmark = pytest.mark.django_db

PB = "PBLEAK-9QX"  # the Project Board's exempt content (a body that does not publish its papers)
SG = "SGLEAK-4RT"  # the Strategic Group's exempt content (a body that publishes its papers)
# Who may not see the Project Board's exempt content, and who may not see the Strategic Group's.
NOT_FOR_PB = ["anonymous", "outsider", "councillor", "provider", "service_user"]
NOT_FOR_SG = ["anonymous", "outsider"]


def exempt_fields(marker, paragraph=3):
    return {
        "title": f"{marker} title",
        "description": f"{marker} description",
        "presenter": f"{marker} presenter",
        "exempt_paragraph": paragraph,
        "public_interest_reason": f"{marker} public interest",
    }


def project_board_records():
    """The Project Board's next meeting with an exempt item and paper, its last meeting's exempt minutes and action
    (tests/packs/helpers), every field marked; a published, wholly exempt officer decision report and a published
    open one with an exempt appendix, linked to the board's item."""
    by = admin_user()
    records = board_meeting_with_papers(weeks_ahead=12)  # clear of the access matrix's own meetings
    item = records["exempt"]
    AgendaItem.objects.filter(pk=item.pk).update(**{k: v for k, v in exempt_fields(PB).items()})
    item.refresh_from_db()
    item.paper.save("pb.pdf", ContentFile(upload_pdf(1, f"Paper {PB}")), save=True)
    last_item = AgendaItem.objects.filter(agenda__meeting=records["last"], exempt_paragraph__isnull=False).get()
    AgendaItem.objects.filter(pk=last_item.pk).update(**exempt_fields(PB))
    ItemNote.objects.filter(item=last_item).update(discussion=f"{PB} note")
    Decision.objects.create(item=last_item, text=f"{PB} decision", quorate=True, quorum_note="Quorate", recorded_by=by)
    users = get_user_model().objects
    common = {
        "report_of": "Director of Integrated Commissioning",
        "report_to": "Director of Adults and Health",
        "author": users.get(username="project.leader"),
        "signing_director": users.get(username="director.commissioning"),
        "decision_maker": users.get(username="director.adults"),
        "status": "decided",
        "decision_text": "Agreed.",
        "agenda_item": records["with_paper"],
    }
    whole = DecisionReport.objects.create(
        subject="Provider market support",
        exempt=True,
        exempt_paragraph=3,
        exempt_appendix="",  # the whole report is exempt
        public_interest_reason=f"{PB} report public interest",
        purpose=f"{PB} purpose",
        main_issues=f"{PB} main issues",
        decision_reasons=f"{PB} reasons",
        **common,
    )
    open_report = DecisionReport.objects.create(subject="Reablement pilot extension", purpose="Open purpose", **common)
    appendix = DecisionReportAppendix.objects.create(
        report=open_report,
        number=1,
        title=f"{PB} appendix title",
        exempt_paragraph=3,
        public_interest_reason=f"{PB} appendix reason",
    )
    appendix.file.save("appendix.pdf", ContentFile(upload_pdf(1, f"Appendix {PB}")), save=True)
    DecisionReport.objects.filter(pk__in=[whole.pk, open_report.pk]).update(
        status="published", published_at=timezone.now()
    )
    return {**records, "whole_report": whole, "open_report": open_report, "appendix": appendix, "last_item": last_item}


def strategic_group_records():
    """A Strategic Group meeting with an issued agenda, approved minutes and a decision, an exempt item marked in
    every field with its own paper, and its public pack built."""
    by = admin_user()
    body = Body.objects.get(slug="strategic-group")
    meeting = meeting_on(body, timezone.localdate() - dt.timedelta(weeks=12), by)
    agenda = meeting_actions.ensure_agenda(meeting, by)
    meeting_actions.add_item(agenda, by, title="Open business")
    item = meeting_actions.add_item(agenda, by, **exempt_fields(SG, paragraph=1))
    item.paper.save("sg.pdf", ContentFile(upload_pdf(1, f"Paper {SG}")), save=True)
    minutes = Minutes.objects.create(meeting=meeting)
    ItemNote.objects.create(minutes=minutes, item=item, discussion=f"{SG} note")
    Decision.objects.create(item=item, text=f"{SG} decision", quorate=True, quorum_note="Quorate", recorded_by=by)
    meeting_actions.add_action(item, f"{SG} action", Person.objects.get(name="Mick Ward"), timezone.localdate(), by)
    Minutes.objects.filter(pk=minutes.pk).update(status="approved", approved_at=timezone.now())
    agenda.status, agenda.issued_at = "issued", timezone.now() - dt.timedelta(days=1)
    agenda.save()
    builds = {}
    for variant in ("public", "private"):
        build = PackBuild.objects.create(kind="agenda", variant=variant, meeting=meeting)
        pack_builds.run(build.pk)
        build.refresh_from_db()
        assert build.status == "ready", build.error
        builds[variant] = build
    return {"sg_meeting": meeting, "sg_item": item, "sg_agenda": agenda, "sg_packs": builds}


def text_of(response):
    """What a person receives, as text: a page, a feed, a PDF's text and bytes, an XLSX's cells, a CSV."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    parts = [data.decode("utf-8", "replace")]
    if data.startswith(b"%PDF"):
        # A stand-in file of the access matrix is no real PDF: its bytes are checked above.
        with contextlib.suppress(PdfReadError):
            parts.append("\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages))
    elif "spreadsheet" in kind:
        book = load_workbook(io.BytesIO(data))
        parts.append(" ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value))
    return "\n".join(parts)


def record_urls(records):
    """The marked records' own pages, downloads, packs, public pages and feeds."""
    meeting, last, item = records["meeting"], records["last"], records["exempt"]
    minutes_item = records["agenda"].items.get(standing="minutes")
    urls = [
        reverse("governance:meeting_detail", args=[meeting.pk]),
        reverse("governance:item_detail", args=[item.pk]),
        reverse("governance:item_paper", args=[item.pk]),
        reverse("governance:minutes", args=[last.pk]),
        reverse("governance:meeting_packs", args=[meeting.pk]),
        reverse("governance:meeting_paper", args=[minutes_item.pk, "minutes-exempt"]),
        reverse("governance:decision_report", args=[records["whole_report"].pk]),
        reverse("governance:decision_report", args=[records["open_report"].pk]),
        reverse("governance:decision_report_appendix", args=[records["appendix"].pk]),
        reverse("governance:decision_reports"),
        reverse("governance:decision_log"),
        reverse("governance:action_log"),
        reverse("public:officer_decisions"),
        reverse("public:officer_decision", args=[records["whole_report"].pk]),
        reverse("public:officer_decision", args=[records["open_report"].pk]),
        reverse("public:officer_decision_appendix", args=[records["appendix"].pk]),
        reverse("public:meetings"),
        reverse("public:decisions"),
        reverse("public:meeting", args=[records["sg_meeting"].pk]),
        reverse("public:paper", args=[records["sg_item"].pk]),
        reverse("public:meeting_pack", args=[records["sg_meeting"].pk]),
        reverse("public:body_feed", args=["strategic-group"]),
        reverse("governance:meeting_detail", args=[records["sg_meeting"].pk]),
        reverse("governance:item_detail", args=[records["sg_item"].pk]),
        reverse("governance:meeting_packs", args=[records["sg_meeting"].pk]),
    ]
    for build in PackBuild.objects.filter(meeting__in=[meeting, records["sg_meeting"]]):
        urls.append(reverse("governance:pack_detail", args=[build.pk]))
        urls.append(reverse("governance:pack_download", args=[build.pk]))
    for name in ("Cllr Ann Blackburn", "Louise Copley", "Mick Ward"):
        urls.append(reverse("public:person_feed", args=[feeds.ensure_token(Person.objects.get(name=name))]))
    return urls


def test_no_exempt_marker_reaches_anyone_not_entitled_on_any_surface(django_capture_on_commit_callbacks):
    records = {**project_board_records(), **strategic_group_records()}
    # Private packs of the board's meeting too, so that their download URLs are among those tried.
    for variant in ("private", "public"):
        build = PackBuild.objects.create(kind="agenda", variant=variant, meeting=records["meeting"])
        pack_builds.run(build.pk)
    objects = _objects()
    named = [reverse(name, kwargs=kwargs_for(objects)) for name, (kwargs_for, _) in sorted(matrix().items())]
    urls = sorted(set(named + record_urls(records)))

    leaks, responses = [], 0
    for persona in sorted(set(NOT_FOR_PB) | set(NOT_FOR_SG)):
        client = client_for(persona)
        markers = [PB] + ([SG] if persona in NOT_FOR_SG else [])
        for url in urls:
            response = client.get(url)
            responses += 1
            if response.status_code != 200:
                continue
            text = text_of(response)
            leaks += [(persona, url, marker) for marker in markers if marker in text]

    # The agenda emails (to members, who may see the items: even so, exempt items go by their exemption only).
    for person in Person.objects.filter(email=""):
        Person.objects.filter(pk=person.pk).update(email=f"person{person.pk}@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        meeting_actions.send_agenda(records["agenda"])
        meeting_actions.send_agenda(records["sg_agenda"])
    assert len(mail.outbox) >= 2
    for message in mail.outbox:
        leaks += [("email", message.subject, m) for m in (PB, SG) if m in message.body + message.subject]

    print(f"\n{responses} responses and {len(mail.outbox)} emails checked for {len(urls)} URLs: {len(leaks)} leaks")
    assert leaks == [], "\n".join(map(str, leaks))
    assert responses >= 5 * 150

    # The markers were there to leak: those entitled see them.
    admin = client_for("admin_staff")
    assert PB in text_of(admin.get(reverse("governance:item_detail", args=[records["exempt"].pk])))
    private = PackBuild.objects.get(meeting=records["meeting"], variant="private")
    assert text_of(admin.get(reverse("governance:pack_download", args=[private.pk]))).count(PB) >= 3
    councillor = client_for("councillor")  # sits on the Strategic Group
    assert SG in text_of(councillor.get(reverse("governance:item_detail", args=[records["sg_item"].pk])))
    sg_private = records["sg_packs"]["private"]
    assert SG in text_of(councillor.get(reverse("governance:pack_download", args=[sg_private.pk])))
    whole = admin.get(reverse("governance:decision_report", args=[records["whole_report"].pk]))
    assert f"{PB} purpose" in text_of(whole)
    assert re.search(
        "paragraph 3",
        text_of(client_for("anonymous").get(reverse("public:officer_decision", args=[records["whole_report"].pk]))),
    )
