"""The hand-written records behave as the dataclasses they replaced: equal and hashed by their
fields, read-only when frozen, a repr naming the fields shown, and replace()."""

from __future__ import annotations

import copy
import pickle

import pytest

from bb_tui.core.collection import LoadedSession, Rejected
from bb_tui.core.framework import load_framework
from bb_tui.core.session import Participant, Session
from bb_tui.core.stats import Thresholds
from bb_tui.storage.record import Frozen


def test_a_frozen_record_is_equal_hashed_and_read_only_by_its_fields():
    a, b = Rejected("a.toml", "is empty"), Rejected("a.toml", "is empty")
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != Rejected("a.toml", "is empty", owner=0)
    assert a != ("a.toml", "is empty", None)  # another class is never equal
    with pytest.raises(AttributeError):
        a.file = "b.toml"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del a.file
    assert repr(a) == "Rejected(file='a.toml', error='is empty', owner=None)"


def test_fields_left_out_of_comparison_and_repr_stay_out():
    assert Thresholds(2.5, 2, 3, "framework") == Thresholds(2.5, 2, 3, "command line")
    session = Session("bb", Participant("Ann"))
    loaded = LoadedSession("a.toml", session, "d1", "/k/a.toml")
    assert "d1" not in repr(loaded) and "/k/" not in repr(loaded)
    assert loaded != LoadedSession("a.toml", session, "d2", "/k/a.toml")  # compared, not shown


def test_a_frozen_record_copies_and_pickles_as_a_dataclass_did():
    r = Rejected("a.toml", "is empty", owner=3)
    for copied in (copy.copy(r), copy.deepcopy(r), pickle.loads(pickle.dumps(r))):
        assert copied == r and copied is not r
    framework = load_framework()
    again = copy.deepcopy(framework)
    assert again == framework and again.enabler("leadership").label == "Leadership"


def test_replace_makes_a_changed_copy_and_refuses_unknown_fields():
    a = Rejected("a.toml", "is empty")
    b = a.replace(owner=1000)
    assert (b.file, b.error, b.owner, a.owner) == ("a.toml", "is empty", 1000, None)
    with pytest.raises(TypeError, match="no field 'size'"):
        a.replace(size=3)


def test_a_plain_record_is_mutable_and_unhashable():
    p = Participant("Ann", "Council")
    assert p == Participant("Ann", "Council", "", "", "")
    p.level = "strategic"
    assert p.level == "strategic" and p != Participant("Ann", "Council")
    with pytest.raises(TypeError):
        hash(p)
    s = Session("bb", p)
    assert s.scores == {} and s.scores is not Session("bb", p).scores  # a new dict each


def test_a_record_whose_init_takes_no_slot_is_refused_when_defined():
    with pytest.raises(TypeError, match="must be a slot"):

        class Wrong(Frozen):
            __slots__ = ("a",)

            def __init__(self, a: int, b: int) -> None:
                self._init(a, b)
