"""render/plain_group: a chart as an ordered list and one sentence on its shape, in render's words."""

from __future__ import annotations

from pathlib import Path

from bb_tui.core.collection import collect
from bb_tui.core.partnership import Action, new_partnership
from bb_tui.core.stats import compute
from bb_tui.render import plain_group, words

DEMO = Path(__file__).resolve().parents[2] / "sessions" / "demo"


def test_nobody_scored_says_so_and_describes_no_shape(framework):
    results = compute([], framework)
    ids = [e.id for e in framework.enablers]
    lines = plain_group.ranked(results, "All enablers", ids, [e.label for e in framework.enablers])
    assert lines[0] == "All enablers, lowest mean first: 12 items."
    assert lines[1] == "1. Leadership, nobody scored it"  # framework order when none has a figure
    assert lines[-1] == "Shape: nobody has scored these yet, so there is no shape to describe."
    spread = plain_group.spread(results, ids, [e.label for e in framework.enablers], "Spread")
    assert spread[-1].startswith("Shape: nobody has scored these yet")


def test_lowest_first_and_what_has_no_figure_last(framework):
    results = compute(collect([DEMO], framework), framework)
    enabler = framework.enabler("joint-governance")
    ids = [i.id for i in enabler.indicators]
    labels = [f"Indicator {i.number}" for i in enabler.indicators]
    lines = plain_group.ranked(results, "Its indicators", ids, labels, only_enough=True)
    listed = lines[1 : 1 + len(ids)]
    # indicator 4 was scored by 2: no figure, so last, in words; with who skipped it and who
    # did neither, so the 10 people add up (issue 19)
    assert listed[-1] == f"4. Indicator 4, {words.too_few(2)}, 1 skipped, 7 not scored"
    means = [float(line.split("mean ")[1].split(" ")[0]) for line in listed[:-1]]
    assert means == sorted(means)
    assert lines[-1] == words.too_few_note(results.thresholds)


def test_the_shape_sentence_says_how_uneven(framework):
    results = compute(collect([DEMO], framework), framework)
    theme = framework.themes[0]
    lines = plain_group.ranked(
        results, "Theme", [e.id for e in theme.enablers], [e.label for e in theme.enablers]
    )
    assert lines[-1] == (
        "Shape: uneven, from Communicating why lowest at 2.8 to Leadership highest at 3.8, "
        "1.0 apart; 0 low and 1 polarised."
    )


def test_an_action_reads_as_one_sentence(framework):
    p = new_partnership(framework)
    p.actions.append(Action("Meet.", "locality", "", None, "done"))
    assert plain_group.actions(p, framework) == [
        "Action plan: 1 action.",
        "1. Meet. For Locality; owner -; due -; status done.",
    ]
    assert plain_group.actions(None, framework) == [f"Action plan: {words.NO_ACTIONS}"]
