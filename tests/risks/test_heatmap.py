"""risks.heatmap: the heat map as SVG, built by pure functions (no database)."""

import xml.etree.ElementTree as ET

import pytest

from risks import heatmap
from risks.scoring import Matrix

NS = {"svg": "http://www.w3.org/2000/svg"}


def link(likelihood, impact):
    return f"/risks/p/risks/?status=open&residual_likelihood={likelihood}&residual_impact={impact}"


def parse(svg):
    return ET.fromstring(svg)


def cell_links(root):
    return {a.get("id"): a for a in root.iter("{http://www.w3.org/2000/svg}a")}


def test_count_cells_counts_each_pair_and_skips_what_is_outside_the_matrix():
    pairs = [(4, 4), (4, 4), (3, 5), (1, 1), (6, 1), (0, 3), (None, 2), (2, "2")]
    assert heatmap.count_cells(pairs, 5) == {(4, 4): 2, (3, 5): 1, (1, 1): 1}
    assert heatmap.count_cells([], 5) == {}


def test_grid_has_every_cell_highest_likelihood_first_with_its_count_score_and_link():
    matrix = Matrix()
    rows = heatmap.grid(matrix, {(4, 4): 2, (1, 5): 1}, link)
    assert [row[0].likelihood for row in rows] == [5, 4, 3, 2, 1]
    assert all([c.impact for c in row] == [1, 2, 3, 4, 5] for row in rows)
    cell = rows[1][3]
    assert (cell.likelihood, cell.impact, cell.score, cell.rag, cell.count) == (4, 4, 16, "red", 2)
    assert cell.href == link(4, 4)
    assert (cell.likelihood_label, cell.impact_label) == ("Likely", "Major")
    assert cell.count_text == "2 open risks"
    assert rows[4][4].count_text == "1 open risk"
    assert rows[0][0].count_text == "0 open risks"
    assert sum(c.count for row in rows for c in row) == 3


def test_the_svg_parses_as_xml_and_has_a_title_and_description():
    svg = heatmap.heatmap_svg(Matrix(), {(4, 4): 2}, link, title="Residual risk", id_prefix="res")
    root = parse(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("aria-labelledby") == "res-title res-desc"
    assert root.find("svg:title", NS).text == "Residual risk"
    desc = root.find("svg:desc", NS).text
    assert "2 open risks in all" in desc and "2 at likelihood 4, impact 4 (score 16, Red)" in desc
    assert "style" not in svg  # the Content-Security-Policy forbids style attributes and elements


def test_every_cell_is_a_link_to_the_register_filtered_to_it_with_its_count_and_score():
    counts = {(4, 4): 2, (3, 2): 1}
    root = parse(heatmap.heatmap_svg(Matrix(), counts, link, id_prefix="res"))
    links = cell_links(root)
    assert len(links) == 25
    for likelihood in range(1, 6):
        for impact in range(1, 6):
            a = links[f"res-cell-{likelihood}-{impact}"]
            assert a.get("href") == link(likelihood, impact)
            texts = [t.text for t in a.findall("svg:text", NS)]
            score = likelihood * impact
            assert texts == [
                str(counts.get((likelihood, impact), 0)),
                f"Score {score}",
                Matrix().rag(score).capitalize(),
            ]
            title = a.find("svg:title", NS).text
            assert f"score {score}" in title and title.startswith(f"Likelihood {likelihood} (")


def test_cells_are_coloured_by_their_band():
    root = parse(heatmap.heatmap_svg(Matrix(), {}, link, id_prefix="m"))
    links = cell_links(root)
    fills = {key: a.find("svg:rect", NS).get("fill") for key, a in links.items()}
    assert fills["m-cell-1-1"] == heatmap.BAND_FILL["green"]
    assert fills["m-cell-2-3"] == heatmap.BAND_FILL["amber"]
    assert fills["m-cell-5-5"] == heatmap.BAND_FILL["red"]


def test_the_axes_carry_the_matrix_labels_likelihood_up_the_side():
    root = parse(heatmap.heatmap_svg(Matrix(), {}, link))
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "5 Almost certain" in texts and "1 Rare" in texts
    assert "Insignificant" in texts and "Severe" in texts
    assert "Likelihood" in texts and "Impact" in texts
    likelihood_y = {
        t.text: float(t.get("y"))
        for t in root.iter("{http://www.w3.org/2000/svg}text")
        if t.text in ("5 Almost certain", "1 Rare")
    }
    assert likelihood_y["5 Almost certain"] < likelihood_y["1 Rare"]  # highest likelihood at the top


def test_labels_and_links_are_escaped():
    nasty = Matrix(
        size=3,
        likelihood_labels=("<script>alert(1)</script>", 'Say "hi"', "A & B"),
        impact_labels=("<b>", "x'y", "]]>"),
        bands=((1, 2, "green"), (3, 4, "amber"), (5, 9, "red")),
    )
    svg = heatmap.heatmap_svg(
        nasty, {(1, 1): 1}, lambda lk, im: f'/r?a={lk}&b={im}"><script>x</script>', title='T <&> "q"'
    )
    root = parse(svg)  # would fail if anything were left unescaped
    assert "<script>" not in svg and "<b>" not in svg
    assert root.find("svg:title", NS).text == 'T <&> "q"'
    links = cell_links(root)
    assert links["heatmap-cell-1-1"].get("href") == '/r?a=1&b=1"><script>x</script>'
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "A & B" in "".join(texts) and "<b>" in texts


def test_long_labels_are_shortened_with_the_whole_label_in_a_title():
    labels = ("Extremely unlikely to ever happen at all", "b", "c")
    matrix = Matrix(size=3, likelihood_labels=labels, impact_labels=labels, bands=((1, 9, "green"),))
    root = parse(heatmap.heatmap_svg(matrix, {}, link))
    shortened = [t for t in root.iter("{http://www.w3.org/2000/svg}text") if (t.text or "").endswith("…")]
    assert shortened
    assert all(t.find("svg:title", NS).text.endswith(labels[0]) for t in shortened)


@pytest.mark.parametrize("size", [3, 4, 5, 7])
def test_the_grid_follows_the_matrix_size(size):
    labels = tuple(f"L{n}" for n in range(1, size + 1))
    matrix = Matrix(size=size, likelihood_labels=labels, impact_labels=labels, bands=((1, size * size, "amber"),))
    root = parse(heatmap.heatmap_svg(matrix, {(size, size): 3}, link, id_prefix="g"))
    assert len(cell_links(root)) == size * size
    assert int(root.get("width")) == heatmap.LEFT + size * heatmap.CELL_W + 16


def test_the_output_is_deterministic_and_ids_are_unique_per_prefix():
    one = heatmap.heatmap_svg(Matrix(), {(2, 2): 1}, link, id_prefix="a")
    assert one == heatmap.heatmap_svg(Matrix(), {(2, 2): 1}, link, id_prefix="a")
    ids_a = {e.get("id") for e in parse(one).iter() if e.get("id")}
    ids_b = {e.get("id") for e in parse(heatmap.heatmap_svg(Matrix(), {}, link, id_prefix="b")).iter() if e.get("id")}
    assert not ids_a & ids_b


def test_the_legend_names_each_band_with_its_scores():
    root = parse(heatmap.heatmap_svg(Matrix(), {}, link))
    legend = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if ":" in (t.text or "")]
    assert legend == ["Green: 1 to 4", "Amber: 5 to 12", "Red: 15 to 25"]


def test_an_empty_map_says_so():
    desc = parse(heatmap.heatmap_svg(Matrix(), {}, link)).find("svg:desc", NS).text
    assert "0 open risks in all" in desc and "most in one cell" not in desc
