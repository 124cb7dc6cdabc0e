// Chapter 7's explorer ("momentum"): heavy-ball momentum's path on the loss map, and the
// loss curve. Settings: learning rate, β, initial m and b, steps; the rest works as in
// linear.js (hash, Reset, Step/Play, results to the model, data-* and the readout).
import {
  button,
  el,
  figureMessage,
  firstInHash,
  formatNumber,
  formatSetting,
  hashNumber,
  prefersReducedMotion,
  readHash,
  readout,
  setData,
  slider,
  writeHash,
} from "./controls.js";
import { stepScale } from "./axes.js";
import { lossAt } from "./descent.js";
import { lossPanel, mapPanel } from "./panels.js";

const SETTINGS = ["learning_rate", "beta", "m0", "b0", "steps"];
const HASH_KEYS = { learning_rate: "lr", beta: "beta", m0: "m0", b0: "b0", steps: "steps" };
const STEP_SIZE = { m0: 0.1, b0: 0.5, beta: 0.001 }; // slider resolution of the initial m and b

export function renderMomentum({ model, el: host }) {
  const kind = model.get("kind");
  const sums = model.get("sums");
  const largest = model.get("largest_curvature"); // λmax of the loss Hessian
  const best = model.get("best");
  const defaults = model.get("defaults");
  const ranges = model.get("ranges");
  const view = model.get("view");
  const factor = model.get("divergence_factor") ?? 1e6;
  const labels = model.get("labels") ?? {};
  const id = model.get("explorer_id");

  // --- Settings: always inside the ranges, steps always one of the choices ---
  const within = (v, [lo, hi], fallback) => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : fallback);
  const nearestChoice = (v) =>
    ranges.steps.reduce((a, c) => (Math.abs(c - v) < Math.abs(a - v) ? c : a), ranges.steps[0]);
  function clean(s) {
    return {
      learning_rate: within(Number(s.learning_rate), ranges.learning_rate, defaults.learning_rate),
      beta: within(Number(s.beta), ranges.beta, defaults.beta),
      m0: within(Number(s.m0), ranges.m0, defaults.m0),
      b0: within(Number(s.b0), ranges.b0, defaults.b0),
      steps: Number.isFinite(Number(s.steps)) ? nearestChoice(Number(s.steps)) : defaults.steps,
    };
  }
  const fromModel = () => clean(Object.fromEntries(SETTINGS.map((k) => [k, model.get(k) ?? defaults[k]])));
  let settings = fromModel();
  const hash = readHash(id);
  if (hash) {
    settings = clean(Object.fromEntries(SETTINGS.map((k) => [k, hashNumber(hash, HASH_KEYS[k], settings[k])])));
  }

  // --- The page ---
  const root = el("div", { class: "nnbook-explorer-root", "data-kind": kind });
  if (id) root.id = id;
  const context = {
    x: model.get("x"),
    y: model.get("y"),
    sums,
    best,
    view,
    ranges,
    labels,
    onDrag: (m0, b0) => change({ m0: snap(m0, "m0"), b0: snap(b0, "b0") }),
    onDragEnd: () => recompute(),
  };
  const left = mapPanel(context);
  const right = lossPanel(context);
  const message = figureMessage(left.element);
  const figures = el("div", { class: "nnx-figures" }, left.element, right.element);

  const sliders = {
    learning_rate: slider({
      label: "learning rate",
      kind: "log",
      min: ranges.learning_rate[0],
      max: ranges.learning_rate[1],
      positions: 400,
      value: settings.learning_rate,
      onChange: (v) => change({ learning_rate: v }),
    }),
    beta: slider({
      label: "momentum β",
      kind: "linear",
      min: ranges.beta[0],
      max: ranges.beta[1],
      step: STEP_SIZE.beta,
      value: settings.beta,
      onChange: (v) => change({ beta: v }),
    }),
    m0: slider({
      label: "initial m",
      kind: "linear",
      min: ranges.m0[0],
      max: ranges.m0[1],
      step: STEP_SIZE.m0,
      value: settings.m0,
      onChange: (v) => change({ m0: v }),
    }),
    b0: slider({
      label: "initial b",
      kind: "linear",
      min: ranges.b0[0],
      max: ranges.b0[1],
      step: STEP_SIZE.b0,
      value: settings.b0,
      onChange: (v) => change({ b0: v }),
    }),
    steps: slider({
      label: "steps",
      unit: "",
      kind: "choice",
      choices: ranges.steps,
      value: settings.steps,
      onChange: (v) => change({ steps: v }),
    }),
  };
  const controls = el("div", { class: "nnx-controls" }, ...SETTINGS.map((k) => sliders[k].element));
  const playButton = button("Play", () => (playing ? pause() : play()));
  const buttons = el(
    "div",
    { class: "nnx-buttons" },
    button("Step", stepOnce, { title: "One step of momentum (after the last step: back to the start)" }),
    playButton,
    button("Rewind", () => showStep(0, true), { title: "Back to the start of this run" }),
    button("Reset", reset, { title: "All settings back to their defaults" }),
  );
  const text = readout();
  root.append(figures, controls, buttons, text);
  host.replaceChildren(root);

  // --- Running and showing ---
  let run = null;
  let step = 0;

  function snap(v, key) {
    const size = STEP_SIZE[key];
    return Number((Math.round(v / size) * size).toFixed(1));
  }

  function recompute() {
    pause();
    const r = momentumDescend(
      sums,
      settings.m0,
      settings.b0,
      settings.learning_rate,
      settings.beta,
      settings.steps,
      factor,
      largest,
    );
    run = { ...r, requested: settings.steps, limitLoss: factor * (r.losses[0] + 1) };
    left.drawRun(run, settings);
    right.drawRun(run, settings);
    showMessage();
    showStep(run.stepsRun, true);
  }

  function showMessage() {
    const limit = stableLimit(settings.beta, largest);
    if (run.diverged) {
      message.show(
        `Diverged after ${run.stepsRun} step${run.stepsRun === 1 ? "" : "s"}: the learning rate ` +
          `${formatSetting(settings.learning_rate)} is above the stable limit 2(1 + β)/λmax = ` +
          `${formatSetting(Number(limit.toPrecision(3)))} for β = ${formatSetting(settings.beta)}.`,
        "error",
      );
    } else if (run.unstable) {
      message.show(
        `Above the stable limit ${formatSetting(Number(limit.toPrecision(3)))}: the loss grows; more steps will ` +
          "make it diverge.",
        "warning",
      );
    } else {
      const start = run.losses[0];
      const end = run.losses[run.stepsRun];
      const gained = start - best.loss > 0 ? (start - end) / (start - best.loss) : 1;
      message.show(
        run.stepsRun > 0 && gained < 0.01
          ? "Barely moved from the start: try a larger learning rate or more steps."
          : "",
        "info",
      );
    }
  }

  // Moves the cursor to step k of the run: the current line/point, the marker, the numbers.
  function showStep(k, save) {
    step = Math.max(0, Math.min(run.stepsRun, k));
    left.drawStep(run, step);
    right.drawStep(run, step);
    const m = run.m[step];
    const b = run.b[step];
    const loss = run.losses[step];
    const results = {
      m,
      b,
      loss,
      step,
      steps_run: run.stepsRun,
      diverged: run.diverged,
      unstable: run.unstable,
    };
    setData(root, {
      m,
      b,
      loss,
      step,
      "steps-run": run.stepsRun,
      diverged: run.diverged,
      unstable: run.unstable,
      "learning-rate": settings.learning_rate,
      beta: settings.beta,
      m0: settings.m0,
      b0: settings.b0,
      steps: settings.steps,
    });
    const stepsText = step === run.stepsRun ? `${step} step${step === 1 ? "" : "s"}` : `${step} of ${run.stepsRun} steps`;
    text.textContent =
      `m = ${formatNumber(m)}  b = ${formatNumber(b)}  loss = ${formatNumber(loss)} after ${stepsText}` +
      (run.diverged ? ` (diverged; ${settings.steps} were asked for)` : "");
    if (save) {
      // JSON has no Infinity or NaN: a non-finite result goes to Python as null.
      for (const [name, value] of Object.entries(results)) {
        model.set(name, typeof value === "number" && !Number.isFinite(value) ? null : value);
      }
      model.save_changes();
    }
  }

  // A change of settings from the reader (slider, drag): tell the model and the URL, rerun.
  let applying = false;
  function change(update) {
    const next = clean({ ...settings, ...update });
    if (SETTINGS.every((k) => next[k] === settings[k])) return;
    settings = next;
    for (const k of SETTINGS) sliders[k].setValue(settings[k]);
    applying = true;
    for (const k of SETTINGS) model.set(k, settings[k]);
    applying = false;
    writeHash(id, Object.fromEntries(SETTINGS.map((k) => [HASH_KEYS[k], formatSetting(settings[k])])));
    recompute(); // while the start point is dragged, the map keeps its frame (panels.js)
  }

  // A change of settings from Python (or another view of the same widget).
  function fromPython() {
    if (applying) return;
    change(fromModel());
  }
  // One listener per key: anywidget's model API is only promised for a single event name.
  const events = SETTINGS.map((k) => `change:${k}`);
  for (const event of events) model.on(event, fromPython);

  function reset() {
    change({ ...defaults });
  }

  // --- Time: Step, Play/Pause ---
  function stepOnce() {
    pause();
    showStep(step >= run.stepsRun ? 0 : step + 1, true);
  }

  let playing = false;
  let frame = 0;
  function play() {
    if (prefersReducedMotion()) {
      showStep(run.stepsRun, true); // no animation: straight to the end
      return;
    }
    if (step >= run.stepsRun) showStep(0, false);
    playing = true;
    playButton.textContent = "Pause";
    // The cursor moves at a steady speed along the loss curve's step axis (log scale for many
    // steps), so the quick early steps are not over in a blink.
    const axis = stepScale(run.requested, 1).scale;
    const from = axis(step);
    const to = axis(run.stepsRun);
    const duration = run.stepsRun <= 20 ? (run.stepsRun - step) * 250 : 4000 * (to - from);
    const t0 = performance.now();
    const tick = (now) => {
      const u = Math.min(1, (now - t0) / Math.max(duration, 1));
      const k = u >= 1 ? run.stepsRun : Math.floor(axis.invert(from + u * (to - from)) + 1e-9);
      if (k !== step) showStep(k, false);
      if (u >= 1) return pause();
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
  }
  function pause() {
    if (!playing) return;
    playing = false;
    cancelAnimationFrame(frame);
    playButton.textContent = "Play";
    if (run) showStep(step, true); // Python learns where the animation stopped
  }

  recompute();
  if (hash) {
    applying = true; // the URL's settings go to the model too (a no-op without a kernel)
    for (const k of SETTINGS) model.set(k, settings[k]);
    applying = false;
    // A shared link opens at the explorer it was made from (the first one it names).
    if (firstInHash(id)) requestAnimationFrame(() => root.scrollIntoView({ block: "start" }));
  }
  model.save_changes();

  return () => {
    pause();
    for (const event of events) model.off(event, fromPython);
  };
}

// The largest stable learning rate for momentum β: 2 (1 + β)/λmax (chapter 7).
function stableLimit(beta, largest) {
  return (2 * (1 + beta)) / largest;
}

// Heavy-ball momentum on the MSE of y ≈ m x + b, from the data's sums: the twin of
// nnlib.momentum.momentum_from_sums, the same formulas in the same order (do not "tidy" them:
// floating-point addition is not associative). Stops early like descent.js's `descend`.
export function momentumDescend(s, m0, b0, learningRate, beta, steps, divergenceFactor, largest) {
  const ms = new Float64Array(steps + 1);
  const bs = new Float64Array(steps + 1);
  const losses = new Float64Array(steps + 1);
  let m = m0;
  let b = b0;
  let velocityM = 0;
  let velocityB = 0;
  ms[0] = m;
  bs[0] = b;
  losses[0] = lossAt(s, m, b);
  const limitLoss = divergenceFactor * (losses[0] + 1);
  let stepsRun = 0;
  let diverged = !Number.isFinite(losses[0]); // a start so far out that its loss overflows
  for (let k = 1; k <= (diverged ? 0 : steps); k++) {
    const gradM = (2 * (m * s.sxx + b * s.sx - s.sxy)) / s.n;
    const gradB = (2 * (m * s.sx + b * s.n - s.sy)) / s.n;
    velocityM = beta * velocityM + gradM;
    velocityB = beta * velocityB + gradB;
    m = m - learningRate * velocityM;
    b = b - learningRate * velocityB;
    const loss = lossAt(s, m, b); // with the new m, b
    ms[k] = m;
    bs[k] = b;
    losses[k] = loss;
    stepsRun = k;
    if (!Number.isFinite(loss) || loss > limitLoss) {
      diverged = true;
      break;
    }
  }
  return {
    m: ms.subarray(0, stepsRun + 1),
    b: bs.subarray(0, stepsRun + 1),
    losses: losses.subarray(0, stepsRun + 1),
    stepsRun,
    diverged,
    unstable: diverged || learningRate > stableLimit(beta, largest),
  };
}
