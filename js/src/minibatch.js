// The mini-batch explorer of chapter 9 ("minibatch"): the noisy path of every step on the loss
// map, and the loss on all the data after every epoch.
//
// Settings: batch size, learning rate, seed, decay. The browser cannot draw numpy's random
// numbers, so Python sends, for every seed on the slider, the sample order of every epoch
// (model "orders"); minibatchRun walks them exactly as nnlib.minibatch_descent_from_orders does.
import {
  button,
  el,
  figureMessage,
  formatNumber,
  formatSetting,
  prefersReducedMotion,
  readout,
  setData,
} from "./controls.js";
import { Settings } from "./settings.js";
import { fullLoss, minibatchRun } from "./kernels/minibatch.js";
import { lossPanel, mapPanel } from "./panels.js";

export function renderMinibatch({ model, el: host }) {
  const xs = model.get("x");
  const ys = model.get("y");
  const orders = model.get("orders");
  const sums = model.get("sums");
  const best = model.get("best");
  const view = model.get("view");
  const epochs = model.get("epochs");
  const m0 = model.get("m0");
  const b0 = model.get("b0");
  const factor = model.get("divergence_factor") ?? 1e6;
  const labels = model.get("labels") ?? {};
  const settings = new Settings(model);
  // The start is fixed: the map's frame may not follow a drag beyond it.
  const ranges = { m0: [m0, m0], b0: [b0, b0] };

  // --- The page ---
  const root = el("div", { class: "nnbook-explorer-root", "data-kind": "minibatch" });
  root.id = "minibatch";
  const context = { sums, best, view, ranges, labels, onDrag: () => {}, onDragEnd: () => {} };
  const left = mapPanel(context);
  const right = lossPanel(context);
  // The start is fixed here: the map's drag handles are switched off and labelled plainly.
  for (const node of left.element.querySelectorAll(".nnx-drag-area, .nnx-start-hit, .nnx-start-point")) {
    node.style.pointerEvents = "none";
  }
  for (const node of left.element.querySelectorAll(".nnx-mark-label")) {
    if (node.textContent.startsWith("start")) node.textContent = "start";
  }
  for (const node of left.element.querySelectorAll(".nnx-start-point title")) node.textContent = "start point";
  left.element.querySelector("svg").setAttribute(
    "aria-label",
    "Contours of the loss over slope m and intercept b, with the path of every mini-batch step from the start",
  );
  relabelLossPanel();
  const message = figureMessage(left.element);
  const figures = el("div", { class: "nnx-figures" }, left.element, right.element);

  const { sliders: controls } = settings.buildControls();
  const playButton = button("Play", () => (playing ? pause() : play()), {
    title: "Replay the run step by step",
  });
  const buttons = el(
    "div",
    { class: "nnx-buttons" },
    playButton,
    button("Reset", () => settings.reset(), { title: "All settings back to their defaults" }),
  );
  const text = readout();
  root.append(figures, controls, buttons, text);
  host.replaceChildren(root);

  // The loss panel speaks of epochs here, not of steps (panels.js labels it for chapter 5).
  function relabelLossPanel() {
    const svg = right.element.querySelector("svg");
    svg.setAttribute("aria-label", "The loss on all the data after each epoch, on a log scale");
    const heading = right.element.querySelector(".nnx-heading");
    if (heading) heading.textContent = "Loss after each epoch";
    const xTitle = right.element.querySelector(".nnx-axis-title");
    if (xTitle) xTitle.textContent = xTitle.textContent.replace("step", "epoch");
    const title = svg.querySelector("title");
    if (title) title.textContent = "The loss on all the data after each epoch, on a log scale";
  }

  // --- Running and showing ---
  let run = null;
  let step = 0;

  function recompute() {
    pause();
    const s = settings.values;
    const r = minibatchRun(xs, ys, orders[String(s.seed)], m0, b0, s.learning_rate, s.batch_size, s.decay, factor);
    run = { ...r, requested: epochs, limitLoss: factor * (r.losses[0] + 1), perEpoch: Math.ceil(xs.length / s.batch_size) };
    left.drawRun(run, s);
    right.drawRun(run, s);
    relabelLossPanel();
    showMessage();
    showStep(run.updatesRun);
    publish();
  }

  function showMessage() {
    const s = settings.values;
    if (run.diverged) {
      message.show(
        `Diverged in epoch ${run.epochsRun}: the learning rate ${formatSetting(s.learning_rate)} ` +
          `is too large for batches of ${s.batch_size}.`,
        "error",
      );
    } else {
      message.show("", "info");
    }
  }

  // The epoch that step k belongs to (its loss point on the curve): the epoch it completes or
  // falls in, counted from 1; step 0 is the start.
  const epochOf = (k) => Math.min(run.epochsRun, Math.ceil(k / run.perEpoch));

  function showStep(k) {
    step = Math.max(0, Math.min(run.updatesRun, k));
    left.drawStep(run, step);
    right.drawStep(run, epochOf(step));
    const m = run.m[step];
    const b = run.b[step];
    const epoch = epochOf(step);
    root.setAttribute("data-step", String(step));
    if (step === run.updatesRun) {
      text.textContent =
        `m = ${formatNumber(m)}  b = ${formatNumber(b)}  after ${run.epochsRun} epoch${run.epochsRun === 1 ? "" : "s"} ` +
        `(${run.updatesRun} steps); loss = ${formatNumber(run.losses[run.epochsRun])}` +
        (run.diverged ? ` (diverged; ${epochs} epochs were asked for)` : "");
    } else {
      // Paused or playing: the point the map shows, and its own loss on all the data.
      text.textContent =
        `m = ${formatNumber(m)}  b = ${formatNumber(b)}  at step ${step} of ${run.updatesRun} (epoch ${epoch}); ` +
        `loss at this point = ${formatNumber(fullLoss(xs, ys, m, b))}`;
    }
  }

  // The run's results: data-* attributes (for tests) and the model (for Python).
  function publish() {
    const loss = run.losses[run.losses.length - 1];
    const results = {
      m: run.m[run.updatesRun],
      b: run.b[run.updatesRun],
      loss,
      epochs_run: run.epochsRun,
      updates_run: run.updatesRun,
      diverged: run.diverged,
    };
    setData(root, { evaluations: run.evaluations[run.evaluations.length - 1], epochs });
    settings.report(root, results);
  }

  // --- Play: the path drawn step by step, about four seconds for the whole run ---
  let playing = false;
  let frame = 0;
  function play() {
    if (prefersReducedMotion() || run.updatesRun === 0) {
      showStep(run.updatesRun);
      return;
    }
    if (step >= run.updatesRun) showStep(0);
    playing = true;
    playButton.textContent = "Pause";
    const from = step;
    const duration = 4000 * ((run.updatesRun - from) / run.updatesRun);
    const t0 = performance.now();
    const tick = (now) => {
      const u = Math.min(1, (now - t0) / Math.max(duration, 1));
      const k = u >= 1 ? run.updatesRun : Math.floor(from + u * (run.updatesRun - from));
      if (k !== step) showStep(k);
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
  }

  settings.connect(recompute);
  recompute();
  settings.start(root);

  return () => {
    pause();
    settings.disconnect();
  };
}
