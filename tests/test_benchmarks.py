"""The benchmark suite runs and reports what it promises. No timing is asserted here: the
numbers depend on the machine, and `python -m benchmarks` itself says whether targets are met."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEYS = {
    "machine",
    "explorer_moves",
    "explorers",
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
    "classifier_epoch_time_ratio_vs_sklearn",
    "classifier_accuracy_ours",
    "classifier_accuracy_sklearn",
    "classifier_max_loss_curve_difference",
    "classifier_loss_curves_match",
}


def test_quick_run_emits_every_key_as_json():
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)  # one JSON object, nothing else on stdout
    assert KEYS <= results.keys()
    if results["explorers"] is not None:  # measured when Chromium is installed
        assert {"learning_rate", "loss_surface", "momentum", "hidden_layer"} <= set(
            results["explorers"]
        )
        for timing in results["explorers"].values():
            assert 0 < timing["script_ms_median"] <= timing["painted_ms_median"]
            # With the CPU slowed four times (a mid-range phone): every control measured.
            assert timing["painted_ms_median_4x"] > 0 and timing["controls_4x"]
            for control in timing["controls_4x"].values():
                assert 0 < control["painted_ms_median"] <= control["painted_ms_p95"]
    for key in ("cpu", "cores", "python", "numpy", "matplotlib"):
        assert results["machine"][key]
    # Both trainings must land on the book's numbers, however fast they were.
    assert results["training_result"] == results["seed_loop_result"] == [11.2349, 25.0117]
    assert results["training_results_match"] is True
    # Same data, start and steps: the two networks must fit alike (a result, not a timing).
    assert abs(results["r2_ours"] - results["r2_sklearn"]) <= 0.02
    # ... and train alike: the same loss after every epoch, to rounding. Equal R² alone could
    # hide two different trainings that happen to end up close.
    assert results["max_loss_curve_difference"] <= 1e-10
    assert results["loss_curves_match"] is True
    assert results["mlp_epoch_time_ratio_vs_sklearn"] > 0
    # The classifier too: same start and steps as scikit-learn's MLPClassifier.
    assert results["classifier_loss_curves_match"] is True
    assert abs(results["classifier_accuracy_ours"] - results["classifier_accuracy_sklearn"]) <= 0.01
    assert results["classifier_epoch_time_ratio_vs_sklearn"] > 0
