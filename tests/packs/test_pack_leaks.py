"""The exempt marker reaches the private pack and nothing public: count it on every public surface."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.models import Body, PackBuild
from tests.conftest import client_for
from tests.packs.helpers import MARKER, ReadPdf, board_meeting_with_papers
from tests.packs.test_pack_builds import request_build, run_worker

pytestmark = pytest.mark.django_db


def test_the_marker_is_in_the_private_pack_and_nowhere_public(django_capture_on_commit_callbacks):
    records = board_meeting_with_papers()
    meeting = records["meeting"]
    Body.objects.filter(pk=meeting.body_id).update(publishes_papers=True)
    agenda = records["agenda"]
    agenda.status, agenda.issued_at = "issued", timezone.now()
    agenda.save()
    admin = client_for("admin_staff")
    for variant in ("private", "public"):
        request_build(admin, meeting, variant, django_capture_on_commit_callbacks)
    run_worker()
    private = PackBuild.objects.get(variant="private", meeting=meeting)
    in_private = ReadPdf(private.file.read()).text.count(MARKER)

    anonymous = Client()
    surfaces = {
        "public pack (PDF text)": ReadPdf(
            b"".join(anonymous.get(reverse("public:meeting_pack", args=[meeting.pk])).streaming_content)
        ).text,
    }
    public_pack = PackBuild.objects.get(variant="public", meeting=meeting)
    surfaces["public pack (file bytes)"] = public_pack.file.read().decode("latin-1")
    for name, url in {
        "meetings page": reverse("public:meetings"),
        "meeting page": reverse("public:meeting", args=[meeting.pk]),
        "decisions page": reverse("public:decisions"),
        "officer decisions page": reverse("public:officer_decisions"),
        "body calendar feed": reverse("public:body_feed", args=[meeting.body.slug]),
    }.items():
        response = anonymous.get(url)
        assert response.status_code == 200, name
        surfaces[name] = response.content.decode()
    leaks = {name: text.count(MARKER) for name, text in surfaces.items()}
    assert in_private >= 4, "the private pack carries the exempt item, its paper, minutes and action"
    assert leaks == dict.fromkeys(surfaces, 0)
