"""The benchmark suite runs and reports what it promises. No timing is asserted here: the
numbers depend on the machine, and `python -m benchmarks` itself says whether targets are met."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from nnlib.explorers import B0_RANGE, LEARNING_RATE_RANGE, M0_RANGE, STEP_CHOICES

ROOT = Path(__file__).resolve().parent.parent
KEYS = {
    "machine",
    "slider_update_ms_median",
    "slider_speedup_vs_naive",
    "sliders_by_explorer",
    "training_speedup_vs_seed_loop",
    "training_result",
    "seed_loop_result",
    "training_results_match",
    "notebook_seconds",
    "nbval_seconds",
    "targets_met",
    "mlp_epoch_time_ratio_vs_sklearn",
    "r2_ours",
    "r2_sklearn",
    "max_loss_curve_difference",
    "loss_curves_match",
}


def test_quick_run_emits_every_key_as_json():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)  # one JSON object, nothing else on stdout
    assert KEYS <= results.keys()
    assert set(results["sliders_by_explorer"]) == {"learning_rate", "loss_surface"}
    for key in ("cpu", "cores", "python", "numpy", "matplotlib"):
        assert results["machine"][key]
    # Both trainings must land on the book's numbers, however fast they were.
    assert results["training_result"] == results["seed_loop_result"] == [11.2349, 25.0117]
    assert results["training_results_match"] is True
    assert results["slider_update_ms_median"] > 0 and results["slider_speedup_vs_naive"] > 0
    # Same data, start and steps: the two networks must fit alike (a result, not a timing).
    assert abs(results["r2_ours"] - results["r2_sklearn"]) <= 0.02
    # ... and train alike: the same loss after every epoch, to rounding. Equal R² alone could
    # hide two different trainings that happen to end up close.
    assert results["max_loss_curve_difference"] <= 1e-10
    assert results["loss_curves_match"] is True
    assert results["mlp_epoch_time_ratio_vs_sklearn"] > 0


def test_slider_changes_move_one_slider_at_a_time_across_each_range():
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks.sliders import slider_changes
    finally:
        sys.path.remove(str(ROOT))
    start = {"learning_rate": 0.001, "m0": 5.0, "b0": 10.0, "steps": 100}
    changes = slider_changes(24, start)
    assert len(changes) == 24
    previous = start
    for change in changes:
        moved = [k for k in start if change[k] != previous[k]]
        assert moved in ([], [change["moved"]])  # at most the named slider changed
        previous = change
    rates = [c["learning_rate"] for c in changes if c["moved"] == "learning_rate"]
    np.testing.assert_allclose([min(rates), max(rates)], LEARNING_RATE_RANGE)
    assert {min(c["m0"] for c in changes), max(c["m0"] for c in changes)} >= set(M0_RANGE)
    assert {min(c["b0"] for c in changes), max(c["b0"] for c in changes)} >= set(B0_RANGE)
    steps = {c["steps"] for c in changes if c["moved"] == "steps"}
    assert steps <= set(STEP_CHOICES) and {STEP_CHOICES[0], STEP_CHOICES[-1]} <= steps
