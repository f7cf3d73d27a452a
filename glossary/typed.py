"""The two names of :mod:`typing` the package needs at run time, without importing it.

Importing :mod:`typing` takes about as long as a bare interpreter's whole start-up, and
``typing.NamedTuple`` compiles each field's annotation (a string, under ``from __future__
import annotations``) into a ``ForwardRef``. The modules on the command line's common
path need nothing else of :mod:`typing` at run time, so they take these two from here:

* :data:`TYPE_CHECKING`: false at run time; type checkers take every ``if TYPE_CHECKING:``
  block as true, whatever the constant's origin;
* :class:`NamedTuple`: to type checkers it *is* ``typing.NamedTuple``; at run time it builds
  the same ``collections.namedtuple`` class (fields, defaults, methods, docstring, module)
  and keeps the annotations as the strings they are (``typing.get_type_hints`` resolves
  them alike).
"""

from __future__ import annotations

__all__ = ["TYPE_CHECKING", "NamedTuple"]

TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    # What typing.NamedTuple's metaclass does (CPython 3.11-3.13), minus the annotation checks.
    _PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
                             "_make", "_replace", "_asdict", "_source"})
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})

    class _NamedTupleMeta(type):
        def __new__(mcs, typename, bases, ns):
            if bases != (_Base,):
                raise TypeError("a NamedTuple class can only inherit from NamedTuple")
            annotations = ns.get("__annotations__", {})
            defaults = [ns[name] for name in annotations if name in ns]
            if list(annotations)[len(annotations) - len(defaults):] != [n for n in annotations if n in ns]:
                raise TypeError(f"{typename}: a field without a default follows one with a default")
            from collections import namedtuple  # here: `import glossary` itself needs only TYPE_CHECKING

            cls = namedtuple(typename, list(annotations), defaults=defaults, module=ns["__module__"])
            cls.__annotations__ = cls.__new__.__annotations__ = dict(annotations)
            for key, value in ns.items():
                if key in _PROHIBITED:
                    raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
                if key not in _SPECIAL and key not in cls._fields:
                    setattr(cls, key, value)
            return cls

    _Base = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})

    def NamedTuple(*args, **kwargs):
        """Use as a base class: ``class Point(NamedTuple): x: int``."""
        raise TypeError("NamedTuple here is for the class form only")

    NamedTuple.__mro_entries__ = lambda bases: (_Base,)
