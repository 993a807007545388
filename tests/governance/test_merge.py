"""The three-way merge of a stale edit (governance.merge): base, theirs (the record now) and yours (the form)."""

from governance.merge import MISSING, Conflict, three_way

FIELDS = ["title", "rag", "percent"]
BASE = {"title": "Plan", "rag": "green", "percent": 0}


def merged(theirs, yours, base=BASE, fields=FIELDS):
    return three_way(base, {**base, **theirs}, {**base, **yours}, fields)


def test_fields_only_they_changed_keep_their_values():
    result = merged(theirs={"rag": "red", "percent": 30}, yours={})
    assert result.values == {"title": "Plan", "rag": "red", "percent": 30}
    assert result.clean and result.from_theirs() == ["rag", "percent"]


def test_fields_only_you_changed_are_applied():
    result = merged(theirs={}, yours={"title": "Project plan v2"})
    assert result.values == {"title": "Project plan v2", "rag": "green", "percent": 0}
    assert result.taken["title"] == "yours" and result.from_theirs() == []


def test_their_rag_and_percent_survive_your_title():
    """The reported lost update: another user's Red and 30% must not go back to Green and 0%."""
    result = merged(theirs={"rag": "red", "percent": 30}, yours={"title": "Renamed"})
    assert result.values == {"title": "Renamed", "rag": "red", "percent": 30}
    assert result.clean


def test_a_field_both_changed_to_different_values_is_a_conflict():
    result = merged(theirs={"rag": "red", "percent": 30}, yours={"rag": "amber", "title": "Renamed"})
    assert result.conflicts == [Conflict("rag", "green", "red", "amber")]
    assert not result.clean
    # The rest is merged all the same; the conflicting field holds theirs until the user picks.
    assert result.values == {"title": "Renamed", "rag": "red", "percent": 30}
    assert result.taken == {"title": "yours", "rag": "conflict", "percent": "theirs"}


def test_a_field_both_changed_to_the_same_value_is_fine():
    result = merged(theirs={"rag": "red"}, yours={"rag": "red"})
    assert result.clean and result.values["rag"] == "red" and result.taken["rag"] == "both"


def test_nothing_changed_by_anyone_merges_to_the_base():
    result = merged(theirs={}, yours={})
    assert result.values == BASE and result.clean and result.from_theirs() == []


def test_several_conflicts_are_listed_in_the_order_of_the_fields():
    result = merged(theirs={"percent": 30, "title": "A"}, yours={"percent": 40, "title": "B"})
    assert [c.field for c in result.conflicts] == ["title", "percent"]


def test_a_field_with_no_known_base_conflicts_whenever_the_values_differ():
    base = {"title": "Plan", "rag": MISSING}
    result = three_way(base, {"title": "Plan", "rag": "red"}, {"title": "Plan", "rag": "green"}, ["title", "rag"])
    assert [c.field for c in result.conflicts] == ["rag"] and result.conflicts[0].base is MISSING
    same = three_way(base, {"title": "Plan", "rag": "red"}, {"title": "Plan", "rag": "red"}, ["title", "rag"])
    assert same.clean


def test_a_field_missing_from_the_base_mapping_counts_as_unknown():
    result = three_way({}, {"rag": "red"}, {"rag": "green"}, ["rag"])
    assert [c.field for c in result.conflicts] == ["rag"]


def test_only_the_fields_named_are_merged():
    result = three_way({"a": 1, "b": 1}, {"a": 2, "b": 5}, {"a": 1, "b": 9}, ["a"])
    assert result.values == {"a": 2} and result.clean


def test_many_to_many_values_merge_as_one_value_each():
    base = {"depends_on": frozenset({1, 2})}
    theirs = {"depends_on": frozenset({1, 2, 3})}
    assert three_way(base, theirs, base, ["depends_on"]).values["depends_on"] == frozenset({1, 2, 3})
    # Both changed the set differently: one conflict, not a union.
    yours = {"depends_on": frozenset({1})}
    assert [c.field for c in three_way(base, theirs, yours, ["depends_on"]).conflicts] == ["depends_on"]


def test_none_and_blank_are_values_like_any_other():
    result = three_way({"owner": 4}, {"owner": None}, {"owner": 4}, ["owner"])
    assert result.values == {"owner": None} and result.taken["owner"] == "theirs"
    cleared = three_way({"owner": 4}, {"owner": 4}, {"owner": None}, ["owner"])
    assert cleared.values == {"owner": None} and cleared.taken["owner"] == "yours"
