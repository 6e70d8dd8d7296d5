"""Properties of merging and group figures, checked with hypothesis on generated groups.

Examples per run (fresh ones each run; a group is up to 14 sessions): 15 for the two that write
and merge files, 50 for means and for any bytes, 30 for skips and subgroups."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bb_tui.core.collection import collect, load_one
from bb_tui.core.framework import load_framework
from bb_tui.core.session import Participant, Session, dump_session
from bb_tui.core.stats import compute

FRAMEWORK = load_framework()
ENABLERS = [e.id for e in FRAMEWORK.enablers]
INDICATORS = [i.id for i in FRAMEWORK.indicators[:12]]  # a few, to keep examples small
ITEMS = ENABLERS + INDICATORS
SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def sessions(draw) -> Session:
    answers = draw(
        st.dictionaries(
            st.sampled_from(ITEMS), st.one_of(st.integers(1, 5), st.just("skip")), max_size=12
        )
    )
    return Session(
        FRAMEWORK.id,
        Participant(
            draw(st.sampled_from(["Ann", "ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus"])),
            draw(st.sampled_from(["", "Council", "NHS"])),
            draw(st.sampled_from(["", "strategic", "operational"])),
        ),
        scores={k: v for k, v in answers.items() if v != "skip" and "." not in k},
        indicators={k: v for k, v in answers.items() if v != "skip" and "." in k},
        skipped=[k for k, v in answers.items() if v == "skip"],
    )


groups = st.lists(sessions(), min_size=1, max_size=14)


def write_all(folder: Path, group: list[Session]) -> list[Path]:
    paths = []
    for n, session in enumerate(group):
        path = folder / f"s{n:02d}.toml"
        path.write_bytes(dump_session(session, FRAMEWORK))
        paths.append(path)
    return paths


@SETTINGS
@given(groups, st.randoms(use_true_random=False), st.sampled_from([None, "level", "organisation"]))
def test_order_of_files_does_not_matter(group, random, by):
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_all(Path(tmp), group)
        shuffled = paths[:]
        random.shuffle(shuffled)
        a = compute(collect(paths, FRAMEWORK), FRAMEWORK, by=by).to_json()
        b = compute(collect(shuffled, FRAMEWORK), FRAMEWORK, by=by).to_json()
    assert a == b


@SETTINGS
@given(groups, st.data())
def test_merging_a_set_equals_merging_its_two_halves(group, data):
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_all(Path(tmp), group)
        cut = data.draw(st.integers(0, len(paths)))
        whole = collect(paths, FRAMEWORK)
        halves = collect(paths[:cut], FRAMEWORK).union(collect(paths[cut:], FRAMEWORK))
        assert (
            compute(halves, FRAMEWORK, by="level").to_json()
            == compute(whole, FRAMEWORK, by="level").to_json()
        )
        # and the figures add up: the whole's counts are the sum of the kept halves' counts
        kept = {p.path for p in whole.participants}
        first = collect([p for p in paths[:cut] if str(p) in kept], FRAMEWORK)
        second = collect([p for p in paths[cut:] if str(p) in kept], FRAMEWORK)
        r, r1, r2 = (compute(c, FRAMEWORK) for c in (whole, first, second))
    for item in ITEMS:
        f = r.figures.item(item)
        assert f.counts == tuple(
            a + b for a, b in zip(r1.figures.item(item).counts, r2.figures.item(item).counts)
        )
        assert f.skipped == r1.figures.item(item).skipped + r2.figures.item(item).skipped


@settings(max_examples=50, deadline=None)
@given(groups)
def test_every_mean_lies_between_min_and_max(group):
    r = compute(group, FRAMEWORK)
    # a session with nothing scored or skipped is started, not a participant (issue 19)
    answered = [s for s in group if s.scores or s.indicators or s.skipped]
    assert r.participants == len(answered) and len(r.started) == len(group) - len(answered)
    for item in ITEMS:
        f = r.figures.item(item)
        assert f.n + f.skipped + f.unscored == len(answered)
        if f.n:
            assert f.min <= f.q1 <= f.median <= f.q3 <= f.max
            assert f.min <= f.mean <= f.max
            assert 0 <= f.stdev <= (f.max - f.min) / 2 + 1e-9
            enough = f.n >= FRAMEWORK.analysis.min_group_size  # fewer: too few to call
            assert f.too_few == (not enough)
            assert f.polarised == (enough and f.max - f.min >= FRAMEWORK.analysis.polarised_gap)
    for theme in FRAMEWORK.themes:
        means = [r.enablers[e.id].mean for e in theme.enablers if r.enablers[e.id].n]
        if means:
            assert min(means) <= r.themes[theme.id].mean <= max(means)


@settings(max_examples=30, deadline=None)
@given(groups, st.data())
def test_skips_never_change_a_figure(group, data):
    before = compute(group, FRAMEWORK)
    more = []
    for session in group:
        unanswered = [i for i in ITEMS if session.state(i) is None]
        extra = data.draw(
            st.lists(st.sampled_from(unanswered), unique=True) if unanswered else st.just([])
        )
        more.append(
            Session(
                session.framework_id,
                session.participant,
                dict(session.scores),
                dict(session.indicators),
                session.skipped + extra,
            )
        )
    # people who only skipped, too
    more.append(Session(FRAMEWORK.id, Participant("Skipper"), skipped=list(ITEMS)))
    after = compute(more, FRAMEWORK)
    for item in ITEMS:
        a, b = before.figures.item(item), after.figures.item(item)
        assert (a.n, a.mean, a.median, a.min, a.max, a.stdev, a.counts) == (
            b.n,
            b.mean,
            b.median,
            b.min,
            b.max,
            b.stdev,
            b.counts,
        )
        assert b.skipped >= a.skipped + 1


@settings(max_examples=30, deadline=None)
@given(groups, st.sampled_from(["level", "organisation"]), st.integers(1, 6))
def test_subgroups_are_big_enough_and_add_up(group, by, size):
    r = compute(group, FRAMEWORK, by=by, min_group_size=size)
    assert all(g.participants >= size for g in r.groups)
    if r.groups:
        assert sum(g.participants for g in r.groups) == r.participants
        for item in ITEMS[:12]:
            sums = [sum(c) for c in zip(*(g.figures.item(item).counts for g in r.groups))]
            assert tuple(sums) == r.figures.item(item).counts
    # a hidden remainder is never smaller than the minimum (no working out by subtraction)
    hidden = r.participants - sum(g.participants for g in r.groups)
    assert hidden == 0 or not r.groups or hidden >= size


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.one_of(st.binary(max_size=400), st.text(max_size=300).map(str.encode)))
def test_any_bytes_are_merged_or_rejected_never_raised(tmp_path, blob):
    path = tmp_path / "x.toml"
    path.write_bytes(blob)
    outcome = load_one(path, FRAMEWORK)
    line = getattr(outcome, "error", "")
    assert "\n" not in line
