"""The project timeline (Gantt) and interdependency diagram: the pure chart functions, the pages and bare SVGs, and
the number of queries they take."""

import datetime as dt
from xml.etree import ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from projects import charts
from projects.charts import (
    DepNode,
    GanttRow,
    chart_range,
    dependency_svg,
    gantt_svg,
    layer_nodes,
    month_ticks,
    wrap_label,
    x_for,
)
from projects.models import Deliverable, Workstream
from projects.views_charts import dependencies_for, dependency_data, timeline_data, timeline_for

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"
NASTY = '<script>alert(1)</script> & "x"'
D = dt.date


def parse(svg):
    return ET.fromstring(svg)


def groups(root, cls):
    return [g for g in root.iter(f"{SVG}g") if cls in (g.get("class") or "").split()]


def title_of(element):
    title = element.find("svg:title", NS)
    return title.text if title is not None else None


def small_rows():
    return [
        GanttRow("Phase 1: Design", "phase", D(2026, 1, 5), D(2026, 6, 30)),
        GanttRow("Project management", "workstream", D(2026, 1, 5), D(2026, 10, 1)),
        GanttRow(
            "Project plan",
            "deliverable",
            D(2026, 1, 5),
            D(2026, 2, 27),
            rag="green",
            status="Complete",
            level=1,
            percent_complete=100,
        ),
        GanttRow(
            "Fee modelling report",
            "deliverable",
            D(2026, 2, 2),
            D(2026, 5, 29),
            rag="amber",
            status="In progress",
            level=1,
            percent_complete=40,
        ),
        GanttRow("Go live", "milestone", None, D(2026, 10, 1), rag="red", status="Not started", level=1),
    ]


# ------------------------------------------------------------------------------------------------------- pure helpers


def test_month_ticks_cross_a_year_boundary():
    assert month_ticks(D(2013, 11, 15), D(2014, 2, 1)) == [D(2013, 12, 1), D(2014, 1, 1), D(2014, 2, 1)]


def test_month_ticks_include_a_start_on_the_first_and_are_empty_for_a_backwards_range():
    assert month_ticks(D(2014, 1, 1), D(2014, 1, 31)) == [D(2014, 1, 1)]
    assert month_ticks(D(2014, 3, 1), D(2014, 1, 1)) == []


@given(start=st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 1, 1)), days=st.integers(0, 3000))
def test_month_ticks_are_firsts_of_months_in_order_within_the_range(start, days):
    end = start + dt.timedelta(days=days)
    ticks = month_ticks(start, end)
    assert all(t.day == 1 and start <= t <= end for t in ticks)
    assert ticks == sorted(set(ticks))
    months = (end.year - start.year) * 12 + end.month - start.month + (1 if start.day == 1 else 0)
    assert len(ticks) == months


def test_chart_range_is_whole_months():
    assert chart_range([D(2013, 7, 14), None, D(2016, 2, 3)]) == (D(2013, 7, 1), D(2016, 2, 29))
    assert chart_range([], today=D(2026, 3, 5)) == (D(2026, 3, 1), D(2026, 3, 31))
    assert chart_range([None]) is None


def test_x_for_maps_the_ends_and_clamps():
    assert x_for(D(2026, 1, 1), D(2026, 1, 1), D(2026, 1, 11), 100, 200) == 100
    assert x_for(D(2026, 1, 6), D(2026, 1, 1), D(2026, 1, 11), 100, 200) == 150
    assert x_for(D(2026, 1, 11), D(2026, 1, 1), D(2026, 1, 11), 100, 200) == 200
    assert x_for(D(2025, 1, 1), D(2026, 1, 1), D(2026, 1, 11), 100, 200) == 100
    assert x_for(D(2027, 1, 1), D(2026, 1, 1), D(2026, 1, 11), 100, 200) == 200
    assert x_for(D(2026, 1, 1), D(2026, 1, 1), D(2026, 1, 1), 100, 200) == 100  # a one-day range


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2050, 1, 1)),
    span=st.integers(0, 5000),
    offsets=st.lists(st.integers(-400, 5400), min_size=1, max_size=30),
    width=st.integers(480, 3000),
)
def test_x_positions_are_monotonic_and_inside_the_width(start, span, offsets, width):
    end = start + dt.timedelta(days=span)
    days = sorted(start + dt.timedelta(days=o) for o in offsets)
    xs = [x_for(day, start, end, 0, width) for day in days]
    assert xs == sorted(xs)
    assert all(0 <= x <= width for x in xs)


def test_wrap_label_breaks_at_spaces_cuts_long_words_and_truncates():
    assert wrap_label("Fee modelling report for the council", 14) == ["Fee modelling", "report for the", "council"]
    assert wrap_label("Supercalifragilistic", 8) == ["Supercal", "ifragili", "stic"]
    lines = wrap_label("one two three four five six seven eight", 9, max_lines=2)
    assert len(lines) == 2 and lines[-1].endswith("…") and all(len(line) <= 9 for line in lines)
    assert wrap_label("", 10) == []


@given(text=st.text(alphabet=st.sampled_from('ab cdé\n<&"'), max_size=200), width=st.integers(1, 40))
def test_wrapped_lines_fit_and_keep_every_word(text, width):
    lines = wrap_label(text, width)
    assert all(0 < len(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_layering_puts_a_dependent_right_of_its_prerequisite():
    layer, broken = layer_nodes(["plan", "model", "live"], [("plan", "model"), ("model", "live"), ("plan", "live")])
    assert layer == {"plan": 0, "model": 1, "live": 2}
    assert broken == set()


def test_a_cycle_is_broken_not_fatal():
    layer, broken = layer_nodes([1, 2, 3], [(1, 2), (2, 3), (3, 1), (2, 2)])
    assert broken == {(3, 1), (2, 2)}
    assert layer[1] < layer[2] < layer[3]


def test_edges_naming_unknown_nodes_are_ignored():
    layer, broken = layer_nodes([1, 2], [(1, 2), (2, 99), (98, 1)])
    assert layer == {1: 0, 2: 1} and broken == set()


@st.composite
def dags(draw):
    n = draw(st.integers(1, 25))
    ids = draw(st.permutations(list(range(n))))  # a hidden topological order
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=60))
    edges = [(ids[min(i, j)], ids[max(i, j)]) for i, j in pairs if i != j]
    listed = draw(st.permutations(list(range(n))))  # the order the nodes are given in
    return listed, edges


@given(dags())
def test_for_random_dags_every_edge_goes_from_a_lower_to_a_higher_layer(graph):
    ids, edges = graph
    layer, broken = layer_nodes(ids, edges)
    assert broken == set()
    assert all(layer[a] < layer[b] for a, b in edges)
    # Longest-path layering: a node on layer k > 0 has a prerequisite on layer k - 1.
    for node, k in layer.items():
        if k:
            assert any(layer[a] == k - 1 for a, b in edges if b == node)


@given(n=st.integers(1, 15), pairs=st.lists(st.tuples(st.integers(0, 14), st.integers(0, 14)), max_size=50))
def test_for_any_graph_the_edges_kept_go_forwards(n, pairs):
    edges = [(a, b) for a, b in pairs if a < n and b < n]
    layer, broken = layer_nodes(range(n), edges)
    assert set(layer) == set(range(n))
    assert broken <= set(edges)
    assert all(layer[a] < layer[b] for a, b in edges if (a, b) not in broken)
    svg = dependency_svg([DepNode(i, f"Item {i}") for i in range(n)], edges)
    parse(svg)


# ---------------------------------------------------------------------------------------------------------- the Gantt


def test_gantt_is_an_accessible_image_with_a_title_and_a_description_in_words():
    svg = gantt_svg(small_rows(), D(2026, 1, 1), D(2026, 12, 31), today=D(2026, 3, 5))
    root = parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    labelled_by = root.get("aria-labelledby").split()
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert [ids[i].tag for i in labelled_by] == [f"{SVG}title", f"{SVG}desc"]
    desc = ids[labelled_by[1]].text
    assert desc.startswith(
        "Timeline of 1 phase, 1 work-stream, 2 deliverables and 1 milestone from January 2026 to December 2026; "
        "today is 5 March 2026"
    )
    assert "1 green, 1 amber and 1 red" in desc


def test_every_bar_has_a_title_in_words():
    root = parse(gantt_svg(small_rows(), D(2026, 1, 1), D(2026, 12, 31)))
    titles = [title_of(g) for g in groups(root, "app-plan-chart__bar") + groups(root, "app-plan-chart__milestone")]
    assert titles == [
        "Phase 1: Design: 5 January 2026 to 30 June 2026",
        "Project management (work-stream): 5 January 2026 to 1 October 2026",
        "Project plan: from 5 January 2026, due 27 February 2026, complete, green",
        "Fee modelling report: from 2 February 2026, due 29 May 2026, in progress (40% complete), amber",
        "Go live (milestone): due 1 October 2026, not started, red",
    ]


def test_month_labels_over_a_year_boundary():
    svg = gantt_svg(small_rows()[:3], D(2025, 11, 1), D(2026, 2, 28))
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert [t for t in texts if t and t[:3] in ("Nov", "Dec", "Jan", "Feb")] == [
        "Nov 2025",
        "Dec 2025",
        "Jan 2026",
        "Feb 2026",
    ]


def test_months_are_labelled_less_often_as_they_crowd_then_by_year():
    svg = gantt_svg(small_rows(), D(2013, 7, 1), D(2016, 3, 31))
    texts = {t.text for t in parse(svg).iter(f"{SVG}text")}
    assert {"Jul 2013", "Jan 2014", "Jul 2014", "Jan 2016"} <= texts and "Aug 2013" not in texts
    assert "from July 2013 to March 2016" in svg
    svg = gantt_svg(small_rows(), D(2008, 7, 1), D(2016, 3, 31), width=700)
    texts = {t.text for t in parse(svg).iter(f"{SVG}text")}
    assert {"2009", "2014", "2015", "2016"} <= texts
    assert not any(t and t.startswith(("Jan 2", "Jul 2", "Mar 2")) for t in texts)


def test_the_today_line_is_drawn_only_within_the_range():
    inside = gantt_svg(small_rows(), D(2026, 1, 1), D(2026, 12, 31), today=D(2026, 3, 5))
    assert len(groups(parse(inside), "app-plan-chart__today")) == 1
    assert title_of(groups(parse(inside), "app-plan-chart__today")[0]) == "Today, 5 March 2026"
    after = gantt_svg(small_rows(), D(2026, 1, 1), D(2026, 12, 31), today=D(2027, 3, 5))
    assert groups(parse(after), "app-plan-chart__today") == []
    assert "today, 5 March 2027, is after the period shown" in after
    before = gantt_svg(small_rows(), D(2026, 1, 1), D(2026, 12, 31), today=D(2025, 3, 5))
    assert groups(parse(before), "app-plan-chart__today") == []
    assert groups(parse(gantt_svg(small_rows(), D(2026, 1, 1), D(2026, 12, 31))), "app-plan-chart__today") == []


def test_today_on_the_edges_counts_as_within():
    for today in (D(2026, 1, 1), D(2026, 12, 31)):
        assert (
            len(
                groups(
                    parse(gantt_svg(small_rows(), D(2026, 1, 1), D(2026, 12, 31), today=today)), "app-plan-chart__today"
                )
            )
            == 1
        )


def test_a_milestone_is_a_diamond():
    root = parse(gantt_svg(small_rows(), D(2026, 1, 1), D(2026, 12, 31)))
    (milestone,) = groups(root, "app-plan-chart__milestone")
    polygon = milestone.find("svg:polygon", NS)
    assert polygon is not None and len(polygon.get("points").split()) == 4


def test_rag_is_shown_by_fill_pattern_and_letter():
    root = parse(gantt_svg(small_rows(), D(2026, 1, 1), D(2026, 12, 31), id_prefix="t"))
    bars = {
        title_of(g).split(":")[0]: g
        for g in groups(root, "app-plan-chart__bar") + groups(root, "app-plan-chart__milestone")
    }
    assert bars["Project plan"].find("svg:rect", NS).get("fill") == charts.RAG_COLOURS["green"]
    assert bars["Fee modelling report"].find("svg:rect", NS).get("fill") == "url(#t-amber)"
    assert bars["Go live (milestone)"].find("svg:polygon", NS).get("fill") == "url(#t-red)"
    assert {p.get("id") for p in root.iter(f"{SVG}pattern")} == {"t-amber", "t-red"}
    rows = {r.find("svg:text", NS).text: r for r in groups(root, "app-plan-chart__row")}
    letters = {label: [t.text for t in r.findall("svg:text", NS)][1:] for label, r in rows.items()}
    assert letters["Project plan"] == ["G"] and letters["Fee modelling report"] == ["A"] and letters["Go live"] == ["R"]


def test_labels_are_escaped_and_the_svg_parses():
    rows = [GanttRow(NASTY, "deliverable", D(2026, 1, 5), D(2026, 2, 27), rag="green", status="In progress", level=1)]
    svg = gantt_svg(rows, D(2026, 1, 1), D(2026, 3, 31))
    assert "<script" not in svg
    assert '&lt;script&gt;alert(1)&lt;/script&gt; &amp; "x"' in svg
    root = parse(svg)
    assert NASTY in [t.text for t in root.iter(f"{SVG}text")]
    assert title_of(groups(root, "app-plan-chart__bar")[0]).startswith(NASTY + ": ")
    assert "style=" not in svg


def test_rows_without_dates_keep_their_label_and_draw_no_bar():
    rows = [GanttRow("Undated work", "deliverable", rag="amber", status="Not started", level=1)]
    root = parse(gantt_svg(rows, D(2026, 1, 1), D(2026, 3, 31)))
    (row,) = groups(root, "app-plan-chart__row")
    assert row.find("svg:text", NS).text == "Undated work (no date)"
    assert groups(row, "app-plan-chart__bar") == [] and groups(row, "app-plan-chart__milestone") == []
    assert "1 item has no date" in root.find("svg:desc", NS).text


def test_a_long_label_is_shortened_with_its_full_text_kept_in_a_title():
    label = "A deliverable with a very long title " * 5
    root = parse(
        gantt_svg([GanttRow(label.strip(), "deliverable", D(2026, 1, 5), D(2026, 2, 2))], D(2026, 1, 1), D(2026, 3, 31))
    )
    text = groups(root, "app-plan-chart__row")[0].find("svg:text", NS)
    assert text.text.endswith("…") and title_of(text) == label.strip() + ""


def test_the_gantt_is_deterministic_and_sized():
    one = gantt_svg(small_rows(), D(2026, 1, 1), D(2026, 12, 31), today=D(2026, 3, 5))
    assert one == gantt_svg(small_rows(), D(2026, 1, 1), D(2026, 12, 31), today=D(2026, 3, 5))
    root = parse(one)
    assert root.get("width") == "960" and root.get("viewBox").startswith("0 0 960 ")
    fluid = parse(gantt_svg(small_rows(), D(2026, 1, 1), D(2026, 12, 31), fluid=True))
    assert fluid.get("width") == "100%" and fluid.get("height") is None


def test_an_empty_timeline_says_so_and_a_backwards_range_is_refused():
    assert "No phases, work-streams or deliverables are recorded." in gantt_svg([], D(2026, 1, 1), D(2026, 1, 31))
    with pytest.raises(ValueError):
        gantt_svg([], D(2026, 2, 1), D(2026, 1, 1))
    with pytest.raises(ValueError):
        GanttRow("x", "task")


# -------------------------------------------------------------------------------------------- the dependency diagram


def _node_boxes(root):
    """Node label (its title up to the colon) -> the x of its box."""
    return {
        title_of(g).split(":")[0]: float(g.find("svg:rect", NS).get("x")) for g in groups(root, "app-plan-chart__node")
    }


def test_the_dependency_diagram_puts_dependents_right_of_prerequisites_with_arrows():
    nodes = [
        DepNode(3, "Go live", "PM", kind="milestone", rag="green"),
        DepNode(2, "Fee modelling report", "Finance"),
        DepNode(1, "Project plan", "PM", status="Complete", rag="green"),
    ]
    svg = dependency_svg(nodes, [(1, 2), (2, 3)])
    root = parse(svg)
    x = _node_boxes(root)
    assert x["Project plan"] < x["Fee modelling report"] < x["Go live (milestone)"]
    edges = groups(root, "app-plan-chart__edge")
    assert [title_of(e) for e in edges] == [
        "Fee modelling report needs Project plan",
        "Go live needs Fee modelling report",
    ]
    assert all(e.find("svg:path", NS).get("marker-end") == "url(#deps-arrow)" for e in edges)
    assert root.find("svg:defs/svg:marker", NS).get("id") == "deps-arrow"
    assert root.get("role") == "img"
    assert "3 deliverables and milestones in 2 work-streams: 2 dependencies" in root.find("svg:desc", NS).text


def test_an_edge_that_skips_a_column_is_routed_between_the_boxes():
    nodes = [DepNode(1, "A"), DepNode(2, "B"), DepNode(3, "C")]
    root = parse(dependency_svg(nodes, [(1, 2), (2, 3), (1, 3)]))
    skip = next(e for e in groups(root, "app-plan-chart__edge") if title_of(e) == "C needs A")
    assert "L" in skip.find("svg:path", NS).get("d")  # straight across its waypoint in B's column


def test_a_cycle_in_the_diagram_is_drawn_dashed_and_named():
    nodes = [DepNode(1, "A"), DepNode(2, "B"), DepNode(3, "C")]
    svg = dependency_svg(nodes, [(1, 2), (2, 3), (3, 1)])
    root = parse(svg)
    (cycle,) = groups(root, "app-plan-chart__edge--cycle")
    assert title_of(cycle) == "Circular dependency: A needs C"
    assert cycle.find("svg:path", NS).get("stroke-dasharray")
    assert "1 dependency closes a cycle" in root.find("svg:desc", NS).text


def test_long_node_labels_wrap_onto_several_lines():
    label = "Market engagement events with providers, service users and carers across Leeds"
    root = parse(dependency_svg([DepNode(1, label), DepNode(2, "B")], [(1, 2)]))
    node = next(g for g in groups(root, "app-plan-chart__node") if title_of(g) == label)
    tspans = node.find("svg:text", NS).findall("svg:tspan", NS)
    assert len(tspans) > 1
    assert " ".join(t.text for t in tspans).replace("…", "") in label


def test_dependency_labels_are_escaped_and_the_svg_parses():
    svg = dependency_svg([DepNode(1, NASTY, group=NASTY), DepNode(2, "B")], [(1, 2)])
    assert "<script" not in svg and "style=" not in svg
    root = parse(svg)
    assert any(title_of(e) == f"B needs {NASTY}" for e in groups(root, "app-plan-chart__edge"))


def test_an_empty_diagram_says_so():
    svg = dependency_svg([], [])
    assert "No dependencies are recorded." in svg
    parse(svg)


def test_the_diagram_is_deterministic_and_grows_for_many_columns():
    nodes = [DepNode(i, f"Step {i}") for i in range(10)]
    edges = [(i, i + 1) for i in range(9)]
    one = dependency_svg(nodes, edges)
    assert one == dependency_svg(nodes, edges)
    assert int(parse(one).get("width")) > 960


# ------------------------------------------------------------------------------------------- reading a project (db)


@pytest.mark.django_db
def test_timeline_data_reads_phases_work_streams_and_deliverables(project):
    rows, start, end = timeline_data(project)
    assert [(r.kind, r.label) for r in rows] == [
        ("phase", "Phase 1: Design"),
        ("phase", "Phase 2: Deliver"),
        ("workstream", "Project management"),
        ("deliverable", "Project plan"),
        ("milestone", "Go live"),
        ("workstream", "Finance"),
        ("deliverable", "Fee modelling report"),
    ]
    assert (start, end) == (D(2026, 1, 1), D(2026, 12, 31))
    assert rows[2].starts_on == D(2026, 1, 5) and rows[2].ends_on == D(2026, 10, 1)


@pytest.mark.django_db
def test_a_deliverable_due_at_the_end_of_its_phase(project):
    Deliverable.objects.create(
        project=project,
        workstream=project.workstreams.get(name="Finance"),
        phase=project.phases.get(number=2),
        title="Final accounts",
        due_date_from_phase=True,
    )
    rows, _, _ = timeline_data(project)
    row = next(r for r in rows if r.label == "Final accounts")
    assert row.ends_on == D(2026, 12, 18) and "due at the end of Phase 2" in row.summary()


@pytest.mark.django_db
def test_a_work_stream_with_no_dated_deliverables_spans_its_phases(project):
    stream = Workstream.objects.create(project=project, name="Communications", position=3)
    stream.phases.set(project.phases.all())
    rows, _, _ = timeline_data(project)
    row = next(r for r in rows if r.label == "Communications")
    assert (row.starts_on, row.ends_on) == (D(2026, 1, 5), D(2026, 12, 18))


@pytest.mark.django_db
def test_timeline_for_and_dependencies_for_give_svg(project):
    svg = timeline_for(project, today=D(2026, 3, 5))
    assert len(groups(parse(svg), "app-plan-chart__today")) == 1
    deps = parse(dependencies_for(project))
    assert [title_of(e) for e in groups(deps, "app-plan-chart__edge")] == ["Fee modelling report needs Project plan"]
    data = dependency_data(project)
    assert [n.label for n in data.nodes] == ["Project plan", "Fee modelling report"]
    assert data.unlinked_count == 1


@pytest.mark.django_db
def test_dependencies_on_another_projects_deliverables_are_not_shown(project):
    from tests.access.projects_charts import make_charted_project

    other = make_charted_project(slug="another-project")
    project.deliverables.get(title="Go live").depends_on.add(other.deliverables.get(title="Project plan"))
    data = dependency_data(project)
    assert len(data.edges) == 1 and len(data.dependencies) == 1


# -------------------------------------------------------------------------------------------------------------- pages


def url(name, project):
    return reverse(f"projects:{name}", args=[project.slug])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["project_executive", "councillor", "project_leader"])
def test_the_timeline_page_shows_the_chart_and_a_table(as_persona, project, persona):
    response = as_persona(persona).get(url("timeline", project))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and 'role="img"' in html
    assert "Show the timeline as a table" in html
    assert "Fee modelling report" in html and "27 Feb 2026" in html
    assert ' style="' not in html and "<style" not in html


@pytest.mark.django_db
def test_the_dependencies_page_lists_each_dependency(as_persona, project):
    response = as_persona("service_user").get(url("dependencies", project))
    assert response.status_code == 200
    html = response.content.decode()
    assert "needs Project plan" in html
    assert "Starts 2 Feb 2026, before what it needs is due." in html
    assert ' style="' not in html


@pytest.mark.django_db
def test_a_circular_dependency_is_shown_not_fatal(as_persona, project):
    plan = project.deliverables.get(title="Project plan")
    plan.depends_on.add(project.deliverables.get(title="Fee modelling report"))
    response = as_persona("chair").get(url("dependencies", project))
    assert response.status_code == 200
    assert "Circular:" in response.content.decode()
    svg = as_persona("chair").get(url("dependencies_svg", project))
    assert "Circular dependency" in svg.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["timeline", "timeline_svg", "dependencies", "dependencies_svg"])
def test_the_outsider_gets_404_and_the_signed_out_are_sent_to_sign_in(as_persona, client, project, name):
    assert as_persona("outsider").get(url(name, project)).status_code == 404
    response = client.get(url(name, project))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["timeline_svg", "dependencies_svg"])
def test_the_svg_endpoints_return_svg_that_parses(as_persona, project, name):
    response = as_persona("provider").get(url(name, project))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg" and root.get("width")


@pytest.mark.django_db
def test_a_hostile_title_is_escaped_on_the_pages(as_persona, project):
    plan = project.deliverables.get(title="Project plan")
    plan.title = NASTY
    plan.save()
    client = as_persona("project_executive")
    for name in ("timeline", "dependencies"):
        html = client.get(url(name, project)).content.decode()
        assert "<script>alert(1)" not in html
    for name in ("timeline_svg", "dependencies_svg"):
        root = ET.fromstring(client.get(url(name, project)).content)
        assert any(NASTY in (t.text or "") for t in root.iter(f"{SVG}title"))


@pytest.mark.django_db
def test_an_unknown_project_is_404(as_persona):
    assert as_persona("admin_staff").get(reverse("projects:timeline", args=["no-such-project"])).status_code == 404


# ------------------------------------------------------------------------------------------------------ query counts


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["timeline", "timeline_svg", "dependencies", "dependencies_svg"])
def test_queries_do_not_grow_with_deliverables(as_persona, project, django_assert_max_num_queries, name):
    client = as_persona("project_executive")
    client.get(url(name, project))  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(name, project)).status_code == 200
    streams = list(project.workstreams.all())
    previous = project.deliverables.first()
    for i in range(20):
        d = Deliverable.objects.create(
            project=project,
            workstream=streams[i % 2],
            title=f"Extra {i}",
            starts_on=D(2026, 3, 1),
            due_on=D(2026, 4, 1) + dt.timedelta(days=i),
            rag=["green", "amber", "red"][i % 3],
            position=10 + i,
        )
        d.depends_on.add(previous)
        previous = d
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url(name, project))
    assert response.status_code == 200
    assert "Extra 19" in response.content.decode()


@pytest.mark.django_db
def test_the_timeline_from_what_the_plan_page_read_is_the_same_and_reads_nothing(project):
    from projects.views_plan import plan_workstreams

    loaded = (list(project.phases.all()), list(plan_workstreams(project)))
    with CaptureQueriesContext(connection) as queries:
        from_loaded = timeline_data(project, today=D(2026, 3, 5), loaded=loaded)
    assert len(queries) == 0
    assert from_loaded == timeline_data(project, today=D(2026, 3, 5))


def test_a_gantt_drawn_again_from_the_same_rows_is_reused_and_a_change_is_drawn_afresh():
    rows = [GanttRow("Build", "deliverable", D(2026, 1, 5), D(2026, 2, 20), rag="green", status="In progress")]
    first = gantt_svg(rows, D(2026, 1, 1), D(2026, 3, 31), today=D(2026, 2, 1))
    assert gantt_svg(list(rows), D(2026, 1, 1), D(2026, 3, 31), today=D(2026, 2, 1)) is first
    changed = [GanttRow("Build", "deliverable", D(2026, 1, 5), D(2026, 2, 20), rag="red", status="In progress")]
    redrawn = gantt_svg(changed, D(2026, 1, 1), D(2026, 3, 31), today=D(2026, 2, 1))
    assert redrawn != first and "red" in redrawn.lower()
    assert gantt_svg(rows, D(2026, 1, 1), D(2026, 3, 31), today=D(2026, 2, 2)) != first  # the today line moved
