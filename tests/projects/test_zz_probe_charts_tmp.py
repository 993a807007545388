import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from tests.projects.conftest import project  # noqa

@pytest.mark.django_db
def test_probe(as_persona, project):
    c = as_persona("project_executive")
    for name in ["timeline", "timeline_svg", "dependencies", "dependencies_svg"]:
        c.get(reverse(f"projects:{name}", args=[project.slug]))
        with CaptureQueriesContext(connection) as q:
            r = c.get(reverse(f"projects:{name}", args=[project.slug]))
        print(name, r.status_code, len(q.captured_queries))
        for x in q.captured_queries: print("   ", x["sql"][:150])
    open("/tmp/charts_work/timeline.html","wb").write(c.get(reverse("projects:timeline", args=[project.slug])).content)
    open("/tmp/charts_work/deps.html","wb").write(c.get(reverse("projects:dependencies", args=[project.slug])).content)
    open("/tmp/charts_work/t.svg","wb").write(c.get(reverse("projects:timeline_svg", args=[project.slug])).content)
    open("/tmp/charts_work/d2.svg","wb").write(c.get(reverse("projects:dependencies_svg", args=[project.slug])).content)
