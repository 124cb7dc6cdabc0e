// Every number an explorer prints is nnlib's, or the page flags it as unstable (a few minutes, so
// not a *.test.mjs file: tests/test_kernels.py runs it with `node --test js/test/sweep.mjs`): a sweep over the
// hidden-layer explorer's settings (all of them) and a grid of the classifier's. The cases and
// nnlib's numbers come from tests/kernel_fixtures.py's write_sweeps (NNBOOK_KERNEL_FIXTURES).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { ClassifierTrainer } from "../src/kernels/classifier.js";
import { NetworkTrainer, trainAndCheck } from "../src/kernels/network.js";

const folder = process.env.NNBOOK_KERNEL_FIXTURES;
const revive = (key, value) =>
  value === "Infinity" ? Infinity : value === "-Infinity" ? -Infinity : value === "NaN" ? NaN : value;
const load = (name) => JSON.parse(readFileSync(join(folder, name), "utf8"), revive);
// The page prints losses and accuracies to 4 decimals.
const printed = (v) => (Number.isFinite(v) ? v.toFixed(4) : "none");

function report(name, cases, differ, flagged, missed) {
  console.log(`${name}: ${cases} settings, ${differ} print other digits than nnlib, ${flagged} flagged`);
  assert.deepEqual(missed, [], `${name}: numbers that are not nnlib's, and not flagged`);
  // A flag on every setting would pass the check above and tell the reader nothing.
  assert.ok(flagged < cases / 2, `${name}: ${flagged} of ${cases} flagged`);
}

test("the hidden-layer explorer: every setting it cannot reproduce is flagged", () => {
  const { page, cases } = load("network_sweep.json");
  const options = {
    x: page.x,
    y: page.y,
    xMean: page.x_mean,
    xStd: page.x_std,
    yMean: page.y_mean,
    yStd: page.y_std,
    epochs: page.epochs,
    divergenceFactor: page.divergence_factor,
    maxUnits: 64,
  };
  const trainer = new NetworkTrainer(options);
  const twin = new NetworkTrainer(options);
  let differ = 0;
  let flagged = 0;
  const missed = [];
  for (const c of cases) {
    const check = trainAndCheck(trainer, twin, page.initial_weights[String(c.units)], c.units, c.learning_rate);
    const shown = [trainer.lossAt(trainer.epoch)];
    const same =
      trainer.diverged === c.diverged &&
      trainer.epoch === c.epochs_run &&
      (c.diverged || shown.every((v, i) => printed(v) === printed(c.printed[i])));
    if (check.unstable) flagged += 1;
    if (!same) {
      differ += 1;
      if (!check.unstable) missed.push(`${c.units} units, η = ${c.learning_rate}: ${shown} vs ${c.printed}`);
    }
  }
  report("hidden layer", cases.length, differ, flagged, missed);
});

test("the classifier explorer: every setting it cannot reproduce is flagged", () => {
  const { page, cases } = load("classifier_sweep.json");
  let differ = 0;
  let flagged = 0;
  const missed = [];
  for (const c of cases) {
    const [units, activation, rate, epochs] = c.settings;
    const trainer = new ClassifierTrainer({
      trainX: page.train_x,
      trainY: page.train_y,
      testX: page.test_x,
      testY: page.test_y,
      epochs,
      divergenceFactor: page.divergence_factor,
      maxUnits: 16,
    });
    trainer.start(page.initial_weights["0"][String(units)], units, activation, rate, epochs);
    trainer.train();
    const e = trainer.epoch;
    const shown = [trainer.losses[e], trainer.testLosses[e], trainer.accuracy(false), trainer.accuracy(true)];
    const same =
      trainer.diverged === c.diverged &&
      e === c.epochs_run &&
      (c.diverged || shown.every((v, i) => printed(v) === printed(c.printed[i])));
    if (trainer.unstable) flagged += 1;
    if (!same) {
      differ += 1;
      if (!trainer.unstable) missed.push(`${c.settings}: ${shown} vs ${c.printed}`);
    }
  }
  report("classifier", cases.length, differ, flagged, missed);
});
