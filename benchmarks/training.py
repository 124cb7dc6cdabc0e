"""Training: `nnlib.gradient_descent` against the original blog post's loop.

Both run chapter 5's task (10 000 steps, learning rate 0.001, from m = 5, b = 10), both must land
on the book's numbers for the 20 patients, and both are timed twice:

- on all 442 patients (the headline ratio, `training_speedup_vs_seed_loop`). What numpy buys
  is the pass over the samples: one array operation instead of a Python statement per sample.
  That gain grows with the number of samples.
- on the book's 20 patients (`..._20_patients`), for the record. With so few samples numpy's
  fixed cost per call (about a microsecond) is as large as the whole per-sample Python loop,
  so the plain numpy loop is no faster there; the explorers use `gradient_descent_from_sums`.
"""

from __future__ import annotations

import gc
import time

import numpy as np

import nnlib

SEED_TASK = {"m0": 5.0, "b0": 10.0, "learning_rate": 0.001, "steps": 10_000}
REFERENCE = (11.2349, 25.0117)  # m and b after 10 000 steps on the 20 patients (chapter 5)


def seed_loop(x, y, m0, b0, learning_rate, steps):
    """The blog post's training loop: per step, a Python loop over the samples collects each
    sample's gradient in a list, and the lists are averaged. Plain floats, so it is not slowed
    by numpy scalars: the fair version of the original."""
    xs, ys = x.tolist(), y.tolist()
    m, b = m0, b0
    for _ in range(steps):
        dm_list, db_list = [], []
        for xi, yi in zip(xs, ys):
            y_pred = m * xi + b
            dm_list.append(2 * (y_pred - yi) * xi)
            db_list.append(2 * (y_pred - yi))
        m -= learning_rate * sum(dm_list) / len(dm_list)
        b -= learning_rate * sum(db_list) / len(db_list)
    return m, b


def ours(x, y, m0, b0, learning_rate, steps):
    run = nnlib.gradient_descent(x, y, m0, b0, learning_rate, steps)
    return run.m, run.b


def _race(x, y, repeats: int) -> tuple[dict, dict, float]:
    """Times in ms of each over `repeats` interleaved runs, their results, median time ratio."""
    times: dict[str, list[float]] = {"ours": [], "seed_loop": []}
    results = {}
    for i in range(repeats):
        order = [("ours", ours), ("seed_loop", seed_loop)]
        for name, train in order if i % 2 == 0 else order[::-1]:
            gc.collect()
            start = time.perf_counter()
            results[name] = train(x, y, **SEED_TASK)
            times[name].append((time.perf_counter() - start) * 1000)
    ratio = float(np.median(np.array(times["seed_loop"]) / np.array(times["ours"])))
    return times, results, ratio


def bench_training(repeats: int = 7) -> dict:
    """Median time of each over `repeats` interleaved runs, their ratio, and the results."""
    x_all, y_all = nnlib.load_all_patients()
    times, results_all, ratio = _race(x_all, y_all, repeats)
    times_20, results, ratio_20 = _race(*nnlib.load_patients(), repeats)
    rounded = {name: [round(v, 4) for v in mb] for name, mb in results.items()}
    rounded_all = {name: [round(v, 4) for v in mb] for name, mb in results_all.items()}
    return {
        "training_samples": int(x_all.size),
        "training_ms_median": float(np.median(times["ours"])),
        "seed_loop_ms_median": float(np.median(times["seed_loop"])),
        "training_speedup_vs_seed_loop": ratio,
        "training_20_patients_ms_median": float(np.median(times_20["ours"])),
        "seed_loop_20_patients_ms_median": float(np.median(times_20["seed_loop"])),
        "training_20_patients_speedup_vs_seed_loop": ratio_20,
        "training_result": rounded["ours"],
        "seed_loop_result": rounded["seed_loop"],
        "training_results_match": (
            rounded["ours"] == rounded["seed_loop"] == list(REFERENCE)
            and rounded_all["ours"] == rounded_all["seed_loop"]
        ),
    }
