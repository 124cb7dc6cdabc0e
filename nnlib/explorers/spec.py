"""A control of an explorer, declared once: what it is called, what it may take, where it starts.

Each explorer lists its controls in a table (`controls = (LEARNING_RATE, M0, ...)`). From that
table the explorer derives everything else: the synced attribute of each control, the checks
with errors that name the control, the defaults, `settings` and `set()`, the sentence readers
see without JavaScript, and the spec the front end builds its sliders, toggles and URL from.
"""

from __future__ import annotations

import dataclasses
import numbers
from dataclasses import dataclass
from typing import Any

import traitlets as t

# A control's value: a float, an int, a word or a bool (Any, so that code using a checked
# setting need not narrow it again).
Value = Any


@dataclass(frozen=True)
class Control:
    """One slider, choice or toggle.

    name:     the Python name; also the trait, the URL key, the data-* attribute and the JS key.
    label:    what the reader sees beside it ("learning rate").
    default:  where it starts (a bool makes a toggle).
    range:    (low, high) for a continuous slider, with `scale` "linear" (in `step`s) or "log"
              (`positions` steps evenly spaced in log10, values rounded to 3 significant digits).
    choices:  the values of a slider that steps through a list (numbers or words).
    unit:     shown after the value.
    aliases:  older URL keys that shared links may still use ("lr").
    """

    name: str
    label: str
    default: Value
    range: Any = None  # (low, high)
    scale: str = "linear"
    step: float | None = None
    positions: int = 400
    choices: Any = None  # a tuple
    unit: str = ""
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # A table with a mistake must fail where it is written, not on a reader's screen.
        kinds = (self.range is not None) + (self.choices is not None) + self.is_toggle
        if kinds != 1:
            raise ValueError(
                f"control {self.name}: give exactly one of range, choices, or a bool default"
            )
        if self.range is not None:
            low, high = self.range
            if not low < high:
                raise ValueError(f"control {self.name}: range {self.range} is empty")
            if self.scale not in ("linear", "log"):
                raise ValueError(f"control {self.name}: scale must be 'linear' or 'log'")
            if self.scale == "linear" and not self.step:
                raise ValueError(f"control {self.name}: a linear range needs a step")
            if self.scale == "log" and low <= 0:
                raise ValueError(f"control {self.name}: a log range must be positive")
        self.check(self.default)

    @property
    def is_toggle(self) -> bool:
        return isinstance(self.default, bool)

    @property
    def kind(self) -> str:
        """ "toggle", "choice", "linear" or "log": how the front end draws it."""
        if self.is_toggle:
            return "toggle"
        return "choice" if self.choices is not None else self.scale

    def starting_at(self, default: Value) -> Control:
        """The same control with another starting value (a chapter's own default)."""
        return dataclasses.replace(self, default=default)

    def check(self, value: Any) -> Value:
        """`value` if this control can take it, else a TypeError/ValueError naming the control."""
        name = self.name
        if self.is_toggle:
            if not isinstance(value, (bool, numbers.Integral)) or value not in (0, 1):
                raise TypeError(f"{name} must be True or False, got {value!r}")
            return bool(value)
        if self.choices is not None and isinstance(self.choices[0], str):
            if not isinstance(value, str) or value not in self.choices:
                raise ValueError(f"{name} must be one of {self.choices}, got {value!r}")
            return value
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"{name} must be a number, got {type(value).__name__}")
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{name} must be a finite number, got {value}")
        if self.choices is not None:
            if isinstance(self.choices[0], int) and not isinstance(value, numbers.Integral):
                raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
            if value not in self.choices:
                raise ValueError(f"{name} must be one of {self.choices}, got {value}")
            return type(self.choices[0])(value)
        low, high = self.range
        if not low <= value <= high:
            raise ValueError(
                f"{name} must be between {low:g} and {high:g} (the slider's range), got {value:g}"
            )
        return float(value)

    def trait(self) -> t.TraitType:
        """The synced attribute that holds this control's value."""
        if self.is_toggle:
            return t.Bool().tag(sync=True)
        if self.choices is not None and isinstance(self.choices[0], str):
            return t.Unicode().tag(sync=True)
        if self.choices is not None and isinstance(self.choices[0], int):
            return t.Int().tag(sync=True)
        return t.Float().tag(sync=True)

    def spec(self) -> dict[str, Any]:
        """What the front end needs to draw and clean this control (JSON-ready)."""
        spec: dict[str, Any] = {
            "name": self.name,
            "label": self.label,
            "kind": self.kind,
            "default": self.default,
        }
        if self.range is not None:
            spec["range"] = list(self.range)
            spec["step" if self.scale == "linear" else "positions"] = (
                self.step if self.scale == "linear" else self.positions
            )
        if self.choices is not None:
            spec["choices"] = list(self.choices)
        if self.unit:
            spec["unit"] = self.unit
        if self.aliases:
            spec["aliases"] = list(self.aliases)
        return spec


def check_settings(controls: tuple[Control, ...], settings: dict[str, Any]) -> dict[str, Value]:
    """Every control's value from `settings` (its default where missing), checked; an unknown
    name is an error that lists the known ones."""
    known = {control.name: control for control in controls}
    unknown = sorted(set(settings) - set(known))
    if unknown:
        raise TypeError(
            f"unknown setting {unknown[0]!r}; this explorer's settings are {list(known)}"
        )
    return {
        name: control.check(settings.get(name, control.default)) for name, control in known.items()
    }
