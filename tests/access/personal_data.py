"""Access expectations for the subject-access export of a person."""

from governance.models import Person
from tests.access.expect import ADMIN, STAFF, expect


def objects():
    return {"mick": Person.objects.get(name="Mick Ward")}


ROWS = {
    # Only admin staff make the export; those who may open Mick Ward's page (staff, and Mick himself as the chair)
    # get 403; everyone else does not learn the person exists.
    "governance:subject_access": (lambda o: {"pk": o["mick"].pk}, expect(ADMIN, who_may_see=STAFF | {"chair"})),
}
