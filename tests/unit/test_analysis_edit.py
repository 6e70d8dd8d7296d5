"""Issue 19: [analysis] edited in place; every other byte of a hand-written file kept."""

from __future__ import annotations

import pytest

from bb_tui.core.analysis_edit import with_analysis
from bb_tui.core.partnership import PartnershipError
from tests.functional.test_thresholds_in_place import HAND_WRITTEN


def test_analysis_added_at_the_end_when_missing(tmp_path):
    text = HAND_WRITTEN.replace(
        "[analysis]\n# agreed at the March meeting\npolarised_gap = 3   # the gap we call polarised\n"
        "low_threshold = 2.5\n\n",
        "",
    )
    data = text.encode()
    out = with_analysis(tmp_path / "p.toml", data, {"low_threshold": 3.0})
    assert out.startswith(data)
    assert out[len(data) :].decode().split() == ["[analysis]", "low_threshold", "=", "3.0"]


def test_same_values_give_the_same_bytes(tmp_path):
    data = HAND_WRITTEN.encode()
    values = {"low_threshold": 2.5, "polarised_gap": 3}
    assert with_analysis(tmp_path / "p.toml", data, values) is data


def test_analysis_that_is_not_a_table_is_one_line(tmp_path):
    data = b'format = "bb-partnership"\nanalysis = 3\n'
    with pytest.raises(PartnershipError, match="analysis: must be a table"):
        with_analysis(tmp_path / "p.toml", data, {"low_threshold": 3.0})
