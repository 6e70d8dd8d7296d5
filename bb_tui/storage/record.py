"""Small records written by hand: compared, hashed and shown by their fields, like dataclasses.

Why not dataclasses: Python 3.11's `dataclass` compiles each class's methods from source at
import, about 4.7 M instructions a class, which was most of what `bb-tui merge` spent starting
up (docs/performance.md). A record class writes its own `__init__`, typed so callers are
checked; this base gives it the rest.

The fields are the parameters of `__init__`, in order. A `Frozen` record names them in its
`__slots__` too (a slot that is no parameter is a field `__init__` fills itself, after the
others), stores them with `self._init(...)`, and is read-only and hashable. A plain `Record`
is mutable and unhashable: as `@dataclass(frozen=True)` and `@dataclass` made them.
"""

from __future__ import annotations

from typing import Any, TypeVar

_R = TypeVar("_R", bound="Record")


class Record:
    """Equality, repr and replace by field; a subclass may leave fields out of comparison
    (`_not_compared`) and of its repr (`_not_shown`)."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _params: tuple[str, ...] = ()  # the fields `__init__` takes
    _compared: tuple[str, ...] = ()
    _shown: tuple[str, ...] = ()
    _not_compared: tuple[str, ...] = ()
    _not_shown: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        code = getattr(cls.__init__, "__code__", None)  # None: object's (Frozen itself)
        params = code.co_varnames[1 : code.co_argcount + code.co_kwonlyargcount] if code else ()
        slots = [s for k in reversed(cls.__mro__) for s in vars(k).get("__slots__", ())]
        if slots and not set(params) <= set(slots):
            raise TypeError(f"{cls.__name__}: every parameter of __init__ must be a slot")
        cls._params = params
        cls._fields = params + tuple(s for s in slots if s not in params)
        cls._compared = tuple(f for f in cls._fields if f not in cls._not_compared)
        cls._shown = tuple(f for f in cls._fields if f not in cls._not_shown)

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self._compared])

    def __eq__(self, other: object) -> bool:  # (so, as a dataclass, a plain Record has no hash)
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{type(self).__qualname__}({shown})"

    def replace(self: _R, **changes: Any) -> _R:
        """A copy with `changes` made (as dataclasses.replace)."""
        unknown = [name for name in changes if name not in self._params]
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {unknown[0]!r}")
        return type(self)(**{name: getattr(self, name) for name in self._params} | changes)


class Frozen(Record):
    """A read-only record: assigning to it raises AttributeError; hashable by its fields."""

    __slots__ = ()

    def _init(self, *values: Any) -> None:
        """Store `values`, the fields in order (for `__init__` only)."""
        for name, value in zip(self._fields, values):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is read-only")

    def __hash__(self) -> int:
        return hash(self._values())

    def __reduce__(self) -> tuple[Any, ...]:  # copy, deepcopy and pickle store through _init
        return _rebuilt, (type(self), tuple([getattr(self, name) for name in self._fields]))


def _rebuilt(cls: type[Frozen], values: tuple[Any, ...]) -> Frozen:
    record = object.__new__(cls)
    record._init(*values)
    return record
