"""risks.scoring: the likelihood x impact matrix, its bands and appetite. Plain Python, no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from risks import scoring
from risks.scoring import Matrix, MatrixError, check_bands, possible_scores, worst

# The default council matrix, score by score: 1-4 green, 5-12 amber, 15-25 red (13 and 14 cannot occur on 5x5).
EXPECTED_5X5 = {
    1: "green",
    2: "green",
    3: "green",
    4: "green",
    5: "amber",
    6: "amber",
    8: "amber",
    9: "amber",
    10: "amber",
    12: "amber",
    15: "red",
    16: "red",
    20: "red",
    25: "red",
}


def test_the_scores_a_5x5_matrix_can_give():
    assert possible_scores(5) == [1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25]
    assert possible_scores(3) == [1, 2, 3, 4, 6, 9]


@pytest.mark.parametrize("score,rag", sorted(EXPECTED_5X5.items()))
def test_every_possible_score_of_the_default_matrix_is_banded(score, rag):
    assert Matrix().rag(score) == rag


@pytest.mark.parametrize("score", range(1, 26))
def test_every_score_from_1_to_25_has_the_band_it_falls_in(score):
    """The bands as written (1-4, 5-12, 15-25) leave 13 and 14 out, which no 5x5 cell gives."""
    matrix = Matrix()
    if score in (13, 14):
        with pytest.raises(MatrixError, match=f"No band covers the score {score}"):
            matrix.rag(score)
    else:
        expected = "green" if score <= 4 else "amber" if score <= 12 else "red"
        assert matrix.rag(score) == expected


@pytest.mark.parametrize(
    "likelihood,impact,expected",
    [
        (1, 1, (1, "green")),
        (2, 2, (4, "green")),
        (1, 5, (5, "amber")),
        (3, 4, (12, "amber")),
        (3, 5, (15, "red")),
        (4, 4, (16, "red")),
        (5, 5, (25, "red")),
    ],
)
def test_assess_gives_the_score_and_its_rag(likelihood, impact, expected):
    assert Matrix().assess(likelihood, impact) == expected


@pytest.mark.parametrize("bad", [0, 6, -1, 2.5, "3", None])
def test_levels_outside_the_matrix_are_refused_with_a_message(bad):
    matrix = Matrix()
    with pytest.raises(MatrixError, match="The likelihood must be a whole number from 1 to 5"):
        matrix.score(bad, 3)
    with pytest.raises(MatrixError, match="The impact must be a whole number from 1 to 5"):
        matrix.score(3, bad)


# ------------------------------------------------------------------------------------------------------------ bands


def test_the_default_bands_pass_the_check():
    assert check_bands(scoring.DEFAULT_BANDS, 5) == sorted(scoring.DEFAULT_BANDS)


def test_bands_given_out_of_order_are_sorted():
    assert check_bands(((15, 25, "red"), (1, 4, "green"), (5, 12, "amber")), 5)[0] == (1, 4, "green")


def test_overlapping_bands_are_refused():
    with pytest.raises(MatrixError, match="The bands overlap at 10."):
        check_bands(((1, 4, "green"), (5, 12, "amber"), (10, 25, "red")), 5)
    with pytest.raises(MatrixError, match="The bands overlap at 4."):
        Matrix(bands=((1, 4, "green"), (4, 12, "amber"), (13, 25, "red")))


def test_a_gap_that_leaves_a_possible_score_uncovered_is_refused():
    with pytest.raises(MatrixError, match="No band covers the scores 5, 6"):
        check_bands(((1, 4, "green"), (8, 12, "amber"), (15, 25, "red")), 5)


def test_a_gap_over_scores_no_cell_gives_is_allowed():
    # 13 and 14 are not products of two numbers from 1 to 5.
    assert check_bands(((1, 4, "green"), (5, 12, "amber"), (15, 25, "red")), 5)


def test_a_band_that_runs_backwards_is_refused():
    with pytest.raises(MatrixError, match="The band 12-5 runs backwards."):
        check_bands(((1, 4, "green"), (12, 5, "amber"), (13, 25, "red")), 5)


def test_an_unknown_rag_is_refused():
    with pytest.raises(MatrixError, match="Unknown RAG 'blue'."):
        check_bands(((1, 4, "green"), (5, 12, "blue"), (13, 25, "red")), 5)


def test_bands_must_reach_the_top_score():
    with pytest.raises(MatrixError, match="No band covers the scores 20, 25"):
        Matrix(bands=((1, 4, "green"), (5, 12, "amber"), (13, 16, "red")))


def test_the_labels_must_match_the_size():
    with pytest.raises(MatrixError, match="Give 5 likelihood and 5 impact labels."):
        Matrix(likelihood_labels=("Low", "High"))


# ------------------------------------------------------------------------------------------------------ custom 4x4


def four_by_four():
    return Matrix(
        size=4,
        likelihood_labels=("Unlikely", "Possible", "Likely", "Very likely"),
        impact_labels=("Low", "Medium", "High", "Very high"),
        bands=((1, 3, "green"), (4, 8, "amber"), (9, 16, "red")),
        appetite=6,
    )


def test_a_custom_4x4_matrix():
    matrix = four_by_four()
    assert possible_scores(4) == [1, 2, 3, 4, 6, 8, 9, 12, 16]
    assert matrix.assess(2, 2) == (4, "amber")
    assert matrix.assess(3, 3) == (9, "red")
    assert matrix.assess(1, 3) == (3, "green")
    with pytest.raises(MatrixError, match="from 1 to 4"):
        matrix.score(5, 1)
    assert len(matrix.cells()) == 16
    assert matrix.cells()[0] == (4, 1, 4, "amber")  # top row first: highest likelihood, lowest impact
    assert matrix.cells()[-1] == (1, 4, 4, "amber")


def test_a_4x4_matrix_with_5x5_bands_is_refused_only_if_they_fail_it():
    # The default bands cover every 4x4 score too.
    Matrix(size=4, likelihood_labels=tuple("abcd"), impact_labels=tuple("abcd"))
    with pytest.raises(MatrixError, match="No band covers the scores 12, 16"):
        Matrix(size=4, likelihood_labels=tuple("abcd"), impact_labels=tuple("abcd"), bands=((1, 9, "green"),))


# --------------------------------------------------------------------------------------------------------- appetite


def test_appetite_is_the_highest_score_accepted():
    matrix = Matrix(appetite=12)
    assert matrix.within_appetite(12)
    assert matrix.within_appetite(1)
    assert not matrix.within_appetite(15)
    assert four_by_four().within_appetite(6) and not four_by_four().within_appetite(8)


# ------------------------------------------------------------------------------------------------------------ worst


def test_worst_rag():
    assert worst(["green", "amber", "green"]) == "amber"
    assert worst(["amber", "red", "green"]) == "red"
    assert worst(["green"]) == "green"
    assert worst(["", None, "amber"]) == "amber"
    assert worst([]) is None
    assert worst([None, ""]) is None


# ------------------------------------------------------------------------------------------------------- properties

sizes = st.integers(min_value=3, max_value=10)


@st.composite
def matrices(draw):
    """A valid matrix of any size from 3 to 10, with green and amber ending at possible scores in order."""
    size = draw(sizes)
    scores = possible_scores(size)
    green_end, amber_end = sorted(draw(st.lists(st.sampled_from(scores[:-1]), min_size=2, max_size=2, unique=True)))
    top = size * size
    labels = tuple(f"L{n}" for n in range(1, size + 1))
    return Matrix(
        size=size,
        likelihood_labels=labels,
        impact_labels=labels,
        bands=((1, green_end, "green"), (green_end + 1, amber_end, "amber"), (amber_end + 1, top, "red")),
        appetite=draw(st.integers(min_value=1, max_value=top)),
    )


@given(matrices(), st.data())
def test_rag_never_gets_better_as_the_score_rises(matrix, data):
    scores = possible_scores(matrix.size)
    a = data.draw(st.sampled_from(scores))
    b = data.draw(st.sampled_from(scores))
    low, high = sorted((a, b))
    assert scoring.RAG_ORDER[matrix.rag(low)] <= scoring.RAG_ORDER[matrix.rag(high)]


@given(matrices(), st.data())
def test_score_is_likelihood_times_impact_within_range(matrix, data):
    likelihood = data.draw(st.integers(min_value=1, max_value=matrix.size))
    impact = data.draw(st.integers(min_value=1, max_value=matrix.size))
    score, rag = matrix.assess(likelihood, impact)
    assert score == likelihood * impact
    assert 1 <= score <= matrix.size**2
    assert rag in scoring.RAG_ORDER


@given(matrices(), st.integers(min_value=-5, max_value=15), st.integers(min_value=-5, max_value=15))
def test_levels_outside_any_matrix_are_refused(matrix, likelihood, impact):
    inside = 1 <= likelihood <= matrix.size and 1 <= impact <= matrix.size
    if inside:
        assert matrix.score(likelihood, impact) == likelihood * impact
    else:
        with pytest.raises(MatrixError):
            matrix.score(likelihood, impact)


@given(matrices())
def test_cells_cover_every_pair_exactly_once(matrix):
    cells = matrix.cells()
    pairs = [(lk, im) for lk, im, _, _ in cells]
    assert len(pairs) == len(set(pairs)) == matrix.size**2
    assert set(pairs) == {(lk, im) for lk in range(1, matrix.size + 1) for im in range(1, matrix.size + 1)}
    assert all(score == lk * im and rag == matrix.rag(score) for lk, im, score, rag in cells)
    assert [lk for lk, *_ in cells] == sorted((lk for lk, *_ in cells), reverse=True)


@given(
    sizes,
    st.lists(
        st.tuples(st.integers(1, 100), st.integers(1, 100), st.sampled_from(["green", "amber", "red"])),
        min_size=1,
        max_size=4,
    ),
)
def test_check_bands_accepts_only_bands_that_cover_every_possible_score_once(size, bands):
    scores = possible_scores(size)
    backwards = any(low > high for low, high, _ in bands)
    ordered = sorted(bands)
    overlap = any(b[0] <= a[1] for a, b in zip(ordered, ordered[1:], strict=False))
    covered = all(any(low <= s <= high for low, high, _ in bands) for s in scores)
    if backwards or overlap or not covered:
        with pytest.raises(MatrixError):
            check_bands(bands, size)
    else:
        check_bands(bands, size)
