"""Two rounds built to hold a one-person subgroup cell and a one-person overlap (issue 19).

Autumn (now): three in the health sector, of whom only Hana Lone scored Leadership (5, all else 5);
three in local authority (Leadership 2, 2, 3; all else 4, 3, 4); and Ezra Empty, who started a
session and scored nothing. Spring (before): Hana Lone (everything 2) and three others (all 4).

So a health Leadership figure ("5.00", "5.0") can only be Hana's own score, and a change of
"+3.0" among the same people only hers: neither may appear anywhere. No other figure of either
round reads 5.0 or +3.0 (whole-group means are 3.0 to 3.8, changes -0.5 and +0.3).
"""

from __future__ import annotations

from pathlib import Path

from bb_tui.core.framework import Framework

LONE_CELL = ("5.00", "5.0")  # the health subgroup's Leadership, were it shown
LONE_CHANGE = "+3.0"  # the change among the same people, were it shown


def session_text(
    framework: Framework,
    name: str,
    organisation: str,
    sector: str,
    scores: dict[str, int],
    skipped: tuple[str, ...] = (),
) -> str:
    lines = [
        'format = "bb-session"',
        "format_version = 1",
        f'framework = "{framework.id}"',
        "created = 2026-10-01T09:00:00Z",
        "updated = 2026-10-01T10:00:00Z",
    ]
    if skipped:
        lines.append("skipped = [" + ", ".join(f'"{s}"' for s in skipped) + "]")
    lines += [
        "",
        "[participant]",
        f'name = "{name}"',
        f'organisation = "{organisation}"',
        'level = "operational"',
        f'sector = "{sector}"',
    ]
    if scores:
        lines += ["", "[scores]", *(f"{k} = {v}" for k, v in scores.items())]
    return "\n".join(lines) + "\n"


def partnership_text(framework: Framework, round_label: str) -> str:
    return (
        'format = "bb-partnership"\nformat_version = 1\n'
        f'framework = "{framework.id}"\nname = "Northfield Early Years"\n'
        f'round = "{round_label}"\n'
    )


def scores(framework: Framework, leadership: int | None, others: int) -> dict[str, int]:
    out = {e.id: others for e in framework.enablers}
    if leadership is None:
        del out["leadership"]
    else:
        out["leadership"] = leadership
    return out


def build_rounds(root: Path, framework: Framework) -> tuple[Path, Path]:
    """(now, before) folders under `root`, side by side as in sessions/."""
    now, before = root / "autumn", root / "spring"
    now.mkdir()
    before.mkdir()
    people = {
        "hana-lone": ("Hana Lone", "Northfield Health", "health", scores(framework, 5, 5), ()),
        "hugo-quiet": (
            "Hugo Quiet",
            "Northfield Health",
            "health",
            scores(framework, None, 4),
            ("leadership",),
        ),
        "hilda-quiet": (
            "Hilda Quiet",
            "Northfield Clinics",
            "health",
            scores(framework, None, 3),
            ("leadership",),
        ),
        "lena-one": (
            "Lena One",
            "Northfield Council",
            "local-authority",
            scores(framework, 2, 4),
            (),
        ),
        "leo-two": (
            "Leo Two",
            "Northfield Council",
            "local-authority",
            scores(framework, 2, 3),
            (),
        ),
        "lou-three": (
            "Lou Three",
            "Northfield Council",
            "local-authority",
            scores(framework, 3, 4),
            (),
        ),
        "ezra-empty": ("Ezra Empty", "Northfield Nursery", "early-education", {}, ()),
    }
    for stem, (name, org, sector, given, skipped) in people.items():
        text = session_text(framework, name, org, sector, given, skipped)
        (now / f"{stem}.toml").write_text(text, "utf-8")
    earlier = {
        "hana-lone": ("Hana Lone", "Northfield Health", "health", scores(framework, 2, 2)),
        "bo-before": (
            "Bo Before",
            "Northfield Council",
            "local-authority",
            scores(framework, 4, 4),
        ),
        "bea-before": (
            "Bea Before",
            "Northfield Council",
            "local-authority",
            scores(framework, 4, 4),
        ),
        "bix-before": (
            "Bix Before",
            "Northfield Council",
            "local-authority",
            scores(framework, 4, 4),
        ),
    }
    for stem, (name, org, sector, given) in earlier.items():
        (before / f"{stem}.toml").write_text(
            session_text(framework, name, org, sector, given), "utf-8"
        )
    (now / "partnership.toml").write_text(partnership_text(framework, "Autumn 2026"), "utf-8")
    (before / "partnership.toml").write_text(partnership_text(framework, "Spring 2026"), "utf-8")
    return now, before
