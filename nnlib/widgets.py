"""The chapters' name for the explorers (`from nnlib.widgets import line_sliders`): they live
in `nnlib.explorers`."""

from .explorers import *  # noqa: F403
from .explorers import __all__  # noqa: F401
