"""The approval pack of one decision report: the report, its appendices and a sign-off sheet, built in the
background for staff and the people named on the report only."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from governance.models import DecisionReport, PackBuild
from tests.conftest import client_for
from tests.packs.helpers import ReadPdf
from tests.packs.test_pack_builds import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def report():
    return DecisionReport.objects.get(subject__startswith="Creation of a new temporary Commissioning Programme Leader")


def signed_in(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_decision_maker_builds_and_reads_the_approval_pack(report, django_capture_on_commit_callbacks):
    client = signed_in("director.adults")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("governance:approval_pack_build", args=[report.pk]))
    build = PackBuild.objects.get(report=report)
    assert response["Location"] == reverse("governance:pack_detail", args=[build.pk])
    assert build.kind == "approval" and build.status == "queued"
    run_worker()
    build.refresh_from_db()
    assert build.status == "ready", build.error
    pdf = ReadPdf(b"".join(client.get(reverse("governance:pack_download", args=[build.pk])).streaming_content))
    text = pdf.text.replace("\n", " ")
    assert "£121,798" in text and "spinal point 43" in text and "Sign-off sheet" in text
    numbers = pdf.page_numbers()
    assert all(n == i + 1 for i, n in enumerate(numbers) if not pdf.is_blank(i))
    titles = [title for _, title, _ in pdf.outline()]
    assert any(t.startswith("Sign-off sheet") for t in titles) and "Cover" in titles
    page = client.get(report.get_absolute_url())
    assert b"download the approval pack" in page.content


def test_only_staff_and_people_named_on_the_report_get_its_approval_pack(report):
    url = reverse("governance:approval_pack_build", args=[report.pk])
    for persona in ("councillor", "chair", "provider", "outsider"):
        assert client_for(persona).post(url).status_code == 404
    assert not PackBuild.objects.filter(report=report).exists()
    build = PackBuild.objects.create(kind="approval", variant="private", report=report)
    for persona in ("councillor", "chair"):
        assert client_for(persona).get(reverse("governance:pack_detail", args=[build.pk])).status_code == 404
    assert client_for("admin_staff").get(reverse("governance:pack_detail", args=[build.pk])).status_code == 200
    assert (
        signed_in("director.commissioning").get(reverse("governance:pack_detail", args=[build.pk])).status_code == 200
    )
