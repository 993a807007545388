"""Two people change one plan row in place at once (htmx, in two browsers): both changes are kept, and where both
changed the same field the row shows theirs and yours side by side and saves the one chosen."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from governance.permissions import PROJECT_LEADER
from governance.seed_data import DEMO_PASSWORD
from projects import plan_actions
from projects.models import Deliverable, DeliverableStatus
from tests.browser.conftest import Visitor

PROJECT = "hcrc"


def _second_leader():
    user, _ = get_user_model().objects.get_or_create(
        username="second.leader", defaults={"first_name": "Sam", "last_name": "Second"}
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=PROJECT_LEADER)[0])
    return user.username


def _plan_open_at(browser, base_url, username, deliverable):
    """A browser of its own, signed in, with the deliverable's row open for editing on the plan."""
    visitor = Visitor(browser.new_context(base_url=base_url).new_page())
    visitor.sign_in(username)
    visitor.open(f"/projects/{PROJECT}/plan/")
    row = visitor.page.locator(f"#deliverable-{deliverable.pk}")
    row.get_by_role("link", name=f"Change {deliverable.title}", exact=True).click()
    visitor.page.wait_for_selector(f"#deliverable-{deliverable.pk}.app-item-edit")
    return visitor, row


def _save(visitor, row, deliverable):
    row.get_by_role("button", name="Save").click()
    visitor.page.wait_for_selector(f"#deliverable-{deliverable.pk}:not(.app-item-edit)")


def test_two_people_changing_one_plan_row_in_place_keep_both_changes(server, browser, base_url):
    deliverable = Deliverable.objects.filter(project__slug=PROJECT).order_by("pk").first()
    deliverable.status, deliverable.rag, deliverable.percent_complete = DeliverableStatus.IN_PROGRESS, "green", 10
    deliverable.completed_on = None
    plan_actions.save_deliverable(deliverable, deliverable.version, get_user_model().objects.get(username="chair"))
    a, row_a = _plan_open_at(browser, base_url, "project.leader", deliverable)
    b, row_b = _plan_open_at(browser, base_url, _second_leader(), deliverable)

    row_a.get_by_label("RAG", exact=True).select_option(label="Red")
    _save(a, row_a, deliverable)
    row_b.get_by_label("% complete", exact=True).fill("45")
    _save(b, row_b, deliverable)

    assert "Red" in row_b.inner_text() and "45%" in row_b.inner_text()
    deliverable.refresh_from_db()
    assert (deliverable.rag, deliverable.percent_complete) == ("red", 45)

    # Both change the RAG: B's row shows the conflict in place, with a choice; B keeps theirs, A's % complete stays.
    a.page.locator(f"#deliverable-{deliverable.pk}").get_by_role(
        "link", name=f"Change {deliverable.title}", exact=True
    ).click()
    a.page.wait_for_selector(f"#deliverable-{deliverable.pk}.app-item-edit")
    row_b.get_by_role("link", name=f"Change {deliverable.title}", exact=True).click()
    b.page.wait_for_selector(f"#deliverable-{deliverable.pk}.app-item-edit")
    row_a.get_by_label("RAG", exact=True).select_option(label="Amber")
    row_a.get_by_label("% complete", exact=True).fill("60")
    _save(a, row_a, deliverable)
    row_b.get_by_label("RAG", exact=True).select_option(label="Green")
    row_b.get_by_role("button", name="Save").click()
    b.page.wait_for_selector(f"#deliverable-{deliverable.pk} #conflict-fields")
    table = row_b.locator("#conflict-fields").inner_text()
    assert "Amber" in table and "Green" in table
    assert row_b.get_by_label("% complete", exact=True).input_value() == "60"
    row_b.get_by_label("Theirs: Amber").check()
    _save(b, row_b, deliverable)
    deliverable.refresh_from_db()
    assert (deliverable.rag, deliverable.percent_complete) == ("amber", 60)
    assert not a.broken and not b.broken
