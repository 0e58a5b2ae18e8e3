"""Read-only records: the rule file's objects (``rules/schema.py``) and the case's (``case.py``).

Plain classes with ``__slots__``: attributes named by ``FIELDS`` (those in ``DEFAULTS`` may be left
out), read-only, equal and hashed by value, ``model_copy(update=…)`` and ``model_dump()`` as the
pydantic models they replace had. A class checks its values in ``_check`` and fills its lookups in ``_derive``.
"""
from __future__ import annotations

from typing import Any, Callable, ClassVar


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.model_dump()
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Record:
    """Read-only attributes named by ``FIELDS``, equal by value; built by :meth:`of` from the plain
    data of a validated file (dicts, lists, ``Decimal``, ``date``, str, int, bool, None)."""

    __slots__ = ()
    FIELDS: ClassVar[tuple[str, ...]] = ()
    DEFAULTS: ClassVar[dict[str, Any]] = {}  # field → its value when left out (a dict is copied)
    NESTED: ClassVar[dict[str, Callable[[Any], Any]]] = {}  # field → how its plain data becomes objects

    def __init__(self, **values: Any) -> None:
        for name in values:
            if name not in self.FIELDS:
                raise TypeError(f"{type(self).__name__}: unknown field {name!r}")
        for name in self.FIELDS:
            if name in values:
                value = values[name]
            elif name in self.DEFAULTS:
                value = self.DEFAULTS[name]
                value = dict(value) if isinstance(value, dict) else value
            else:
                raise TypeError(f"{type(self).__name__}: field {name!r} is required")
            object.__setattr__(self, name, value)
        self._check()
        self._derive()

    def _check(self) -> None:
        """Check the values, making them canonical with ``_set`` (nothing by default)."""

    def _derive(self) -> None:
        """Fill the lookups the values imply (nothing by default)."""

    def _set(self, name: str, value: Any) -> None:
        """Set a field while ``_check`` or ``_derive`` runs."""
        object.__setattr__(self, name, value)

    @classmethod
    def of(cls, data: dict) -> "Record":
        nested = cls.NESTED
        return cls(**{name: (nested[name](data[name]) if name in nested else data[name]) for name in cls.FIELDS})

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.FIELDS)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.FIELDS)})"

    def __reduce__(self):
        return (_rebuild, (type(self), dict(zip(self.FIELDS, self._values()))))

    def model_copy(self, *, update: dict[str, Any] | None = None) -> "Record":
        """A copy with the fields in *update* replaced, not checked again (as pydantic's
        ``model_copy``: the caller's values are already what the field holds); lookups follow."""
        for name in update or ():
            if name not in self.FIELDS:
                raise TypeError(f"{type(self).__name__}: unknown field {name!r}")
        copy = object.__new__(type(self))
        for name in self.FIELDS:
            object.__setattr__(copy, name, update[name] if update and name in update else getattr(self, name))
        copy._derive()
        return copy

    def model_dump(self) -> dict[str, Any]:
        """The plain data, field by field (nested records as dicts)."""
        return {name: _plain(getattr(self, name)) for name in self.FIELDS}


def _rebuild(cls: type[Record], values: dict) -> Record:
    return cls(**values)


