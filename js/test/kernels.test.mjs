// The browser's numeric kernels against nnlib, without a browser: `node --test js/test/`.
// The cases come from tests/kernel_fixtures.py. Where the Python twin does the same arithmetic in the same
// order the comparison is exact (bit for bit); the network trainers use Math.tanh and Math.exp,
// which may differ from numpy's by an ulp or two, so there the first epochs must agree closely.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { ClassifierTrainer } from "../src/kernels/classifier.js";
import { descend, momentumDescend } from "../src/kernels/descent.js";
import { minibatchRun } from "../src/kernels/minibatch.js";
import { NetworkTrainer } from "../src/kernels/network.js";

// The committed cases (js/test/fixtures, checked against a fresh write by tests/test_kernels.py),
// or a folder of freshly written ones.
const folder = process.env.NNBOOK_KERNEL_FIXTURES ?? fileURLToPath(new URL("./fixtures/", import.meta.url));

// JSON cannot hold inf or NaN: kernel_fixtures.py writes them as strings.
const revive = (key, value) =>
  value === "Infinity" ? Infinity : value === "-Infinity" ? -Infinity : value === "NaN" ? NaN : value;
const load = (name) => JSON.parse(readFileSync(join(folder, name), "utf8"), revive);

function sameBits(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      assert.fail(`${what}[${i}]: browser ${actual[i]}, nnlib ${expected[i]}`);
    }
  }
}

function close(actual, expected, tolerance, what) {
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]));
    if (!(Math.abs(actual[i] - expected[i]) <= tolerance * scale)) {
      assert.fail(`${what}[${i}]: browser ${actual[i]}, nnlib ${expected[i]}`);
    }
  }
}

const line = load("line.json");

test("plain descent equals nnlib's gradient_descent_from_sums bit for bit", () => {
  for (const c of line.descent) {
    const run = descend(line.sums, ...c.args);
    const what = `descent at η = ${c.args[2]}`;
    sameBits(run.m, c.m, `${what}: m`);
    sameBits(run.b, c.b, `${what}: b`);
    sameBits(run.losses, c.losses, `${what}: loss`);
    assert.equal(run.diverged, c.diverged, `${what}: diverged`);
    assert.equal(run.unstable, c.unstable, `${what}: unstable`);
  }
});

test("momentum equals nnlib's momentum_from_sums bit for bit, and β = 0 is plain descent", () => {
  for (const c of line.momentum) {
    const run = momentumDescend(line.sums, ...c.args);
    const what = `momentum at η = ${c.args[2]}, β = ${c.args[3]}`;
    sameBits(run.m, c.m, `${what}: m`);
    sameBits(run.losses, c.losses, `${what}: loss`);
    assert.equal(run.diverged, c.diverged, `${what}: diverged`);
    assert.equal(run.unstable, c.unstable, `${what}: unstable`);
  }
  const [m0, b0, rate, beta, steps, factor, limit] = line.momentum[0].args;
  assert.equal(beta, 0);
  const plain = descend(line.sums, m0, b0, rate, steps, factor, limit);
  sameBits(momentumDescend(line.sums, m0, b0, rate, 0, steps, factor, limit).m, plain.m, "β = 0");
});

test("mini-batch descent equals nnlib's minibatch_descent_from_orders, last partial batch included", () => {
  const cases = load("minibatch.json");
  assert.ok(cases.some((c) => c.args[0].length % c.args[6] !== 0), "a batch size that does not divide n");
  for (const c of cases) {
    const run = minibatchRun(...c.args);
    const what = `batch ${c.args[6]}, η = ${c.args[5]}, decay ${c.args[7]}`;
    assert.equal(run.updatesRun, c.updates_run, `${what}: updates`);
    sameBits(run.m, c.m, `${what}: m`);
    sameBits(run.b, c.b, `${what}: b`);
    sameBits(run.losses, c.losses, `${what}: loss per epoch`);
    assert.equal(run.diverged, c.diverged, `${what}: diverged`);
  }
  assert.ok(cases.some((c) => c.diverged), "a diverging run");
});

test("the hidden-layer trainer gives nnlib's MLP losses", () => {
  const { page, cases } = load("network.json");
  const trainer = new NetworkTrainer({
    x: page.x,
    y: page.y,
    xMean: page.x_mean,
    xStd: page.x_std,
    yMean: page.y_mean,
    yStd: page.y_std,
    epochs: page.epochs,
    divergenceFactor: page.divergence_factor,
    maxUnits: 64,
  });
  for (const c of cases) {
    trainer.start(page.initial_weights[String(c.units)], c.units, c.learning_rate);
    trainer.advanceTo(page.epochs);
    const what = `${c.units} units at η = ${c.learning_rate}`;
    assert.equal(trainer.diverged, c.diverged, `${what}: diverged`);
    assert.equal(trainer.epoch, c.losses.length - 1, `${what}: epochs run`);
    const first = Math.min(50, c.losses.length);
    close(trainer.losses.subarray(0, first), c.losses.slice(0, first), 1e-12, `${what}: loss`);
    if (!c.diverged) close(trainer.losses.subarray(0, c.losses.length), c.losses, 1e-6, `${what}: loss`);
  }
});

test("the classifier trainer gives nnlib's MLPClassifier losses", () => {
  const { page, cases } = load("classifier.json");
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
    const what = `${units} ${activation} units at η = ${rate}`;
    assert.equal(trainer.diverged, c.diverged, `${what}: diverged`);
    const first = c.exact_epochs + 1;
    close(trainer.losses.subarray(0, first), c.losses.slice(0, first), 1e-12, `${what}: loss`);
  }
});
