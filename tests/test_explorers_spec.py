"""The control table (nnlib/explorers/spec.py): every explorer derives its settings, checks,
defaults and the page's controls from it, and nothing else declares them."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.datasets import make_moons

import nnlib
from nnlib.explorers import EXPLORERS, Control
from nnlib.explorers.base import NOTE


def _open(kind: str, **settings):
    """An explorer of this kind on the data its chapter uses."""
    cls = EXPLORERS[kind]
    if kind == "classifier":
        X, y = make_moons(n_samples=120, noise=0.25, random_state=0)
        return cls(X[:80], y[:80], X[80:], y[80:], **settings)
    x, y = nnlib.load_patients()
    if kind in ("minibatch", "hidden_layer"):
        x = (x - x.mean()) / x.std()
    return cls(x, y, **settings)


def _other_value(control: Control):
    """A legal value of the control other than its default."""
    if control.kind == "toggle":
        return not control.default
    if control.choices is not None:
        return next(c for c in control.choices if c != control.default)
    low, high = control.range
    return high if control.default != high else low


@pytest.mark.parametrize("kind", sorted(EXPLORERS))
def test_the_page_gets_the_table_with_the_chapters_defaults(kind):
    explorer = _open(kind)
    assert explorer.kind == kind
    assert explorer.settings == explorer.defaults
    assert explorer.spec == [c.spec() for c in explorer.controls]
    names = [c.name for c in explorer.controls]
    assert len(set(names)) == len(names)
    # The old URL keys of a control may not be another control's name.
    for control in explorer.controls:
        assert not set(control.aliases) & set(names), control.name
    labels = ", ".join(c.label for c in explorer.controls)
    assert explorer.note() == NOTE.format(controls=labels)


@pytest.mark.parametrize("kind", sorted(EXPLORERS))
def test_every_control_moves_from_code_and_says_its_name_when_refused(kind):
    explorer = _open(kind)
    for control in explorer.controls:
        value = _other_value(control)
        if kind == "classifier" and control.name in ("epochs", "learning_rate"):
            value = control.default  # a long training: its move is tested in test_widgets
        explorer.set(**{control.name: value})
        assert getattr(explorer, control.name) == value
        bad = "many" if control.kind != "choice" or isinstance(control.default, (int, float)) else 3
        with pytest.raises((TypeError, ValueError), match=control.name):
            explorer.set(**{control.name: bad})
    with pytest.raises(TypeError, match="unknown setting 'speed'"):
        explorer.set(speed=1)


@pytest.mark.parametrize("kind", sorted(EXPLORERS))
def test_a_chapter_default_outside_the_table_is_refused(kind):
    control = EXPLORERS[kind].controls[0]
    if control.kind == "toggle":
        bad = 2
    elif control.choices is not None:
        bad = "nine" if isinstance(control.default, str) else max(control.choices) + 1
    else:
        bad = control.range[1] * 2 + 1
    with pytest.raises((TypeError, ValueError), match=control.name):
        _open(kind, **{control.name: bad})


def test_a_range_is_refused_outside_it_and_named():
    control = Control("rate", "rate", 0.1, range=(0.01, 1.0), scale="log")
    assert control.check(0.01) == 0.01 and control.check(1) == 1.0
    for bad, error in ((1.5, ValueError), (float("nan"), ValueError), (True, TypeError)):
        with pytest.raises(error, match="rate"):
            control.check(bad)


def test_integer_choices_refuse_floats_and_words_refuse_numbers():
    size = Control("size", "size", 2, choices=(1, 2, 4))
    assert size.check(np.int64(4)) == 4
    with pytest.raises(TypeError, match="size must be an integer"):
        size.check(2.0)
    word = Control("act", "activation", "tanh", choices=("tanh", "relu"))
    with pytest.raises(ValueError, match="act must be one of"):
        word.check(1)


def test_a_toggle_takes_true_or_false():
    toggle = Control("show", "show", False)
    assert toggle.kind == "toggle" and toggle.check(1) is True
    with pytest.raises(TypeError, match="show"):
        toggle.check("yes")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"range": (0, 1), "choices": (1, 2), "step": 0.1}, "exactly one"),
        ({}, "exactly one"),
        ({"range": (1, 0), "step": 0.1}, "empty"),
        ({"range": (0, 1)}, "needs a step"),
        ({"range": (0, 1), "scale": "log"}, "must be positive"),
        ({"range": (0.1, 1), "scale": "cubic"}, "scale"),
    ],
)
def test_a_mistake_in_a_table_fails_where_it_is_written(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Control("rate", "rate", 0.5, **kwargs)


def test_the_spec_names_what_the_front_end_needs():
    log = Control(
        "learning_rate",
        "learning rate",
        0.1,
        range=(1e-3, 1.0),
        scale="log",
        positions=300,
        aliases=("lr",),
    )
    assert log.spec() == {
        "name": "learning_rate",
        "label": "learning rate",
        "kind": "log",
        "default": 0.1,
        "range": [1e-3, 1.0],
        "positions": 300,
        "aliases": ["lr"],
    }
    linear = Control("m0", "initial m", 5.0, range=(-20.0, 40.0), step=0.1, unit="units")
    assert linear.spec()["step"] == 0.1 and linear.spec()["unit"] == "units"
    assert linear.starting_at(7.5).spec()["default"] == 7.5
