// The linear explorers: chapter 5 ("learning_rate": the data and the line, the loss curve),
// chapter 6 ("loss_surface": the loss map with the descent path, the loss curve) and, through
// momentum.js, chapter 8 ("momentum": the same with heavy-ball momentum).
//
// Settings (learning rate, initial m and b, steps, and any the method adds) come from the
// model, then from the URL hash; every change reruns the method once and redraws. The step
// buttons then only move a cursor along that run. Results go back to the model (for Python),
// to data-* attributes (for tests) and to the readout (for people).
import {
  button,
  el,
  figureMessage,
  formatNumber,
  formatSetting,
  prefersReducedMotion,
  readout,
} from "./controls.js";
import { Settings } from "./settings.js";
import { stepScale } from "./axes.js";
import { descend, stableLimit } from "./kernels/descent.js";
import { dataPanel, lossPanel, mapPanel } from "./panels.js";

// What an explorer runs, described for renderLinear (momentum.js describes chapter 8's):
//   stepTitle: the Step button's tooltip;
//   run(sums, settings, factor): the run, as descent.js's `descend` returns it;
//   stableLimit(settings): the largest stable learning rate;
//   limitText(settings, shown): how the divergence message names that limit.
function gradientDescent(model) {
  const limit = stableLimit(0, model.get("largest_curvature"));
  return {
    stepTitle: "One step of gradient descent (after the last step: back to the start)",
    run: (sums, s, factor) => descend(sums, s.m0, s.b0, s.learning_rate, s.steps, factor, limit),
    stableLimit: () => limit,
    limitText: (s, shown) => `the stable limit ${shown}`,
  };
}

export function renderLinear({ model, el: host }, describe = gradientDescent) {
  const method = describe(model);
  const kind = model.get("kind");
  const sums = model.get("sums");
  const best = model.get("best");
  const view = model.get("view");
  const factor = model.get("divergence_factor") ?? 1e6;
  const labels = model.get("labels") ?? {};
  const settings = new Settings(model);
  const ranges = { m0: settings.range("m0"), b0: settings.range("b0") };

  // --- The page ---
  const root = el("div", { class: "nnbook-explorer-root", "data-kind": kind });
  root.id = kind;
  const context = {
    x: model.get("x"),
    y: model.get("y"),
    sums,
    best,
    view,
    ranges,
    labels,
    // Every move reruns; while the start point is dragged, the map keeps its frame (panels.js).
    onDrag: (m0, b0) => settings.change({ m0: snap(m0, "m0"), b0: snap(b0, "b0") }),
    onDragEnd: () => recompute(),
  };
  // Chapter 5 shows the data and the line; chapters 6 and 8 the loss map with the path.
  const left = kind === "learning_rate" ? dataPanel(context) : mapPanel(context);
  const right = lossPanel(context);
  const message = figureMessage(left.element);
  const figures = el("div", { class: "nnx-figures" }, left.element, right.element);

  const { sliders: controls } = settings.buildControls();
  const playButton = button("Play", () => (playing ? pause() : play()));
  const buttons = el(
    "div",
    { class: "nnx-buttons" },
    button("Step", stepOnce, { title: method.stepTitle }),
    playButton,
    button("Rewind", () => showStep(0, true), { title: "Back to the start of this run" }),
    button("Reset", () => settings.reset(), { title: "All settings back to their defaults" }),
  );
  const text = readout();
  root.append(figures, controls, buttons, text);
  host.replaceChildren(root);

  // --- Running and showing ---
  let run = null;
  let step = 0;

  // A dragged start lands on its slider's grid.
  function snap(v, key) {
    const size = settings.byName[key].step;
    return Number((Math.round(v / size) * size).toFixed(1));
  }

  function recompute() {
    pause();
    const s = settings.values;
    const r = method.run(sums, s, factor);
    run = { ...r, requested: s.steps, limitLoss: factor * (r.losses[0] + 1) };
    left.drawRun(run, s);
    right.drawRun(run, s);
    showMessage();
    showStep(run.stepsRun, true);
  }

  function showMessage() {
    const s = settings.values;
    const limit = () => formatSetting(Number(method.stableLimit(s).toPrecision(3)));
    if (run.diverged) {
      message.show(
        `Diverged after ${run.stepsRun} step${run.stepsRun === 1 ? "" : "s"}: the learning rate ` +
          `${formatSetting(s.learning_rate)} is above ${method.limitText(s, limit())}.`,
        "error",
      );
    } else if (run.unstable) {
      message.show(`Above the stable limit ${limit()}: the loss grows; more steps will make it diverge.`, "warning");
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
    const s = settings.values;
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
    settings.report(root, results, save);
    const stepsText = step === run.stepsRun ? `${step} step${step === 1 ? "" : "s"}` : `${step} of ${run.stepsRun} steps`;
    text.textContent =
      `m = ${formatNumber(m)}  b = ${formatNumber(b)}  loss = ${formatNumber(loss)} after ${stepsText}` +
      (run.diverged ? ` (diverged; ${s.steps} were asked for)` : "");
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

  settings.connect(recompute);
  recompute();
  settings.start(root);

  return () => {
    pause();
    settings.disconnect();
  };
}
