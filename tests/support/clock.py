"""A clock for the watcher's throttle that moves only when a test says, and runs its timers then."""

from __future__ import annotations

from collections.abc import Callable


class _Handle:
    def __init__(self, timer: list) -> None:
        self.timer = timer

    def cancel(self) -> None:
        self.timer[2] = True


class FakeClock:
    """A clock that moves only when told, and timers that run when it passes them."""

    def __init__(self) -> None:
        self.now = 0.0
        self.timers: list[list] = []  # [due, call, cancelled]

    def __call__(self) -> float:
        return self.now

    def later(self, delay: float, call: Callable[[], None]) -> _Handle:
        timer = [self.now + delay, call, False]
        self.timers.append(timer)
        return _Handle(timer)

    def advance(self, seconds: float) -> None:
        """Move on `seconds`, running each timer due meanwhile at its own time."""
        end = self.now + seconds
        while due := [t for t in self.timers if t[0] <= end + 1e-9]:
            timer = min(due, key=lambda t: t[0])
            self.timers.remove(timer)
            self.now = max(self.now, timer[0])
            if not timer[2]:
                timer[1]()
        self.now = end
