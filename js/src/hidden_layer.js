// Chapter 11's explorer: a 1 → k → 1 tanh network trained in the browser.
//
// Python ships the data, the standardisation (means and standard deviations computed by numpy)
// and, for every choice of k, the initial weights its seeded generator draws
// (nnlib.network.init_layers). The training below is nnlib.network.MLP.fit written out for one
// hidden layer: full batch, the same forward pass, loss, backward pass, divergence rule and
// order of updates. The final training error agrees with Python's to 4 decimals wherever the
// training is stable; at learning rates where it oscillates on the edge of stability, the last
// bits of rounding (numpy's tanh and matrix products differ from JavaScript's in the last
// place) grow over 2000 epochs, just as they do between two machines running numpy.
import { scaleLinear, scaleLog } from "d3-scale";
import { CHAR, TEXT, drawAxes, legend, panel, stepScale, thinned } from "./axes.js";
import { button, el, figureMessage, formatNumber, formatSetting, prefersReducedMotion, px, readout, setData, svgEl } from "./controls.js";
import { Settings } from "./settings.js";
import { NetworkTrainer, twinCheck } from "./kernels/network.js";
import { NUDGE } from "./kernels/stability.js";

// Said wherever rounding can change the printed numbers (see kernels/network.js).
const UNSTABLE = "Unstable training: rounding decides the last digits, and nnlib may print others.";
const PLAY_MS = 2000; // Play shows the whole training in about two seconds
const FRAME_BUDGET_MS = 4; // training per animation frame, so that a move is painted at once

// --- The explorer ---------------------------------------------------------------------------

const units = (k) => `${k} hidden unit${k === 1 ? "" : "s"}`;
// A loss as text; one that overflowed (inf, or NaN from inf − inf) says so.
const lossText = (v, digits = 4) => (Number.isFinite(v) ? formatNumber(v, digits) : "overflowed");

export function renderHiddenLayer({ model, el: host }) {
  const x = model.get("x");
  const y = model.get("y");
  const epochs = model.get("epochs");
  const view = model.get("view");
  const labels = model.get("labels") ?? {};
  const weights = model.get("initial_weights");
  const settings = new Settings(model);
  const curveX = Float64Array.from(model.get("curve_x"));
  const curveY = new Float64Array(curveX.length);
  const startY = new Float64Array(curveX.length);

  const trainerOptions = {
    x,
    y,
    xMean: model.get("x_mean"),
    xStd: model.get("x_std"),
    yMean: model.get("y_mean"),
    yStd: model.get("y_std"),
    epochs,
    divergenceFactor: model.get("divergence_factor"),
    maxUnits: Math.max(...settings.byName.hidden_units.choices),
  };
  const trainer = new NetworkTrainer(trainerOptions);
  const twin = new NetworkTrainer(trainerOptions); // the same run, nudged: does rounding matter?

  // The result of the current settings (the full run) and what the figure shows (an epoch).
  const result = { loss: NaN, epochsRun: 0, diverged: false, unstable: false, lo: 1, hi: 10 };
  let shown = 0; // the epoch the figure shows
  let frame = 0; // requestAnimationFrame id while playing
  let playStart = 0;
  let playFrom = 0; // the Play progress (0…1) at playStart

  // --- DOM ---
  const root = el("div", { class: "nnbook-explorer-root", "data-kind": "hidden_layer" });
  root.id = "hidden_layer";

  const dataPanel = panel({
    margin: { top: 34, right: 14, bottom: 50, left: 66 },
    heading: "The patients and the network",
    title: "The patients and the curve of the trained network",
    xTitle: labels.x ?? "x",
    yTitle: labels.y ?? "y",
  });
  const lossPanel = panel({
    margin: { top: 34, right: 24, bottom: 50, left: 82 },
    heading: "Loss after each epoch",
    title: "Training loss per epoch",
    xTitle: "epoch (log scale)",
    yTitle: "mean squared error (log scale)",
  });

  // Data panel: the view Python chose; the curve is clipped to it, with a hint when it leaves.
  const xs = scaleLinear().domain(view.x).range([0, dataPanel.inner.width]);
  const ys = scaleLinear().domain(view.y).range([dataPanel.inner.height, 0]);
  drawAxes(dataPanel, xs, ys);
  // The curve as an SVG path; values far outside the view are clamped by px() (the clip path
  // hides them), and a non-finite value breaks the line rather than writing NaN.
  const curveXPx = Array.from(curveX, (v) => px(xs(v)).toFixed(1));
  function curvePathData(values) {
    let d = "";
    let pen = "M";
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        pen = "M";
        continue;
      }
      d += `${pen}${curveXPx[i]},${px(ys(values[i])).toFixed(1)}`;
      pen = "L";
    }
    return d;
  }
  const startPath = svgEl("path", { class: "nnx-start-line", fill: "none" });
  const curvePath = svgEl("path", { class: "nnx-current-line", fill: "none" });
  const dots = svgEl("g", { "aria-hidden": "true" });
  for (let i = 0; i < x.length; i++) {
    dots.append(svgEl("circle", { class: "nnx-data-point", cx: px(xs(x[i])), cy: px(ys(y[i])), r: 4 }));
  }
  dataPanel.layer.append(startPath, curvePath, dots);
  legend(dataPanel, [
    { cls: "nnx-data-point", shape: "dot", text: "patients" },
    { cls: "nnx-current-line", shape: "line", text: "network" },
    { cls: "nnx-start-line", shape: "line", text: "before training" },
  ]);
  const hintBg = svgEl("rect", { class: "nnx-hint-bg", rx: 3 });
  const hint = svgEl("text", { class: "nnx-hint", "text-anchor": "end" });
  const hintGroup = svgEl("g", { "aria-hidden": "true" }, hintBg, hint);
  dataPanel.plot.append(hintGroup);
  const dataMessage = figureMessage(dataPanel.element);

  // Loss panel: symlog epochs (linear to 1, log after), log loss.
  const epochAxis = stepScale(epochs, lossPanel.inner.width);
  lossPanel.xLabel.textContent = epochAxis.title.replace("step", "epoch");
  const ex = epochAxis.scale;
  const ly = scaleLog().range([lossPanel.inner.height, 0]);
  const lossPath = svgEl("path", { class: "nnx-loss-curve" });
  const marker = svgEl("circle", { class: "nnx-current-point", r: 4.5 });
  lossPanel.layer.append(lossPath);
  lossPanel.plot.append(marker); // not clipped: at the last epoch it sits on the panel's edge
  // The shown epoch and its loss, in a corner the curve leaves free: bottom left while the loss
  // falls from its start, top right when it blows up (it stops early, low on the left).
  const epochLabel = svgEl("text", {
    class: "nnx-hint",
    x: 6,
    "aria-hidden": "true",
    style: "stroke: var(--nnx-panel); stroke-width: 3px; paint-order: stroke",
  });
  lossPanel.plot.append(epochLabel);
  const lossMessage = figureMessage(lossPanel.element);
  const epochPx = new Float64Array(epochs + 1);
  const lossPx = new Float64Array(epochs + 1);
  for (let e = 0; e <= epochs; e++) epochPx[e] = ex(e);

  const { sliders: controls } = settings.buildControls();
  const playButton = button("Play", () => togglePlay());
  const resetButton = button("Reset", () => settings.reset(), { title: "All settings back to their defaults" });
  const text = readout();

  root.append(
    el("div", { class: "nnx-figures" }, dataPanel.element, lossPanel.element),
    controls,
    el("div", { class: "nnx-buttons" }, playButton, resetButton),
    text,
  );
  host.append(root);

  // --- Computing and drawing ---

  // A move starts a new run, and its twin (the learning rate nudged in its last bits: does
  // rounding change what we print?). Training is spread over animation frames, a few
  // milliseconds of epochs per frame, so the page answers at once; the first slice runs now.
  let training = 0; // requestAnimationFrame id while training
  let skipFrame = false;
  function recompute() {
    stopPlay();
    cancelAnimationFrame(training);
    const { hidden_units: hiddenUnits, learning_rate: learningRate } = settings.values;
    const start = weights[String(hiddenUnits)];
    trainer.start(start, hiddenUnits, learningRate);
    twin.start(start, hiddenUnits, learningRate * NUDGE);
    trainer.predict(curveX, startY);
    startPath.setAttribute("d", curvePathData(startY));
    setData(root, { training: "running" });
    // The frame callback asked for now may run in this same frame: it leaves its turn.
    skipFrame = true;
    slice();
  }

  function trainTick() {
    training = 0;
    if (skipFrame) {
      skipFrame = false;
      training = requestAnimationFrame(trainTick);
      return;
    }
    slice();
  }

  function slice() {
    const deadline = performance.now() + FRAME_BUDGET_MS;
    trainer.trainUntil(deadline);
    if (trainer.done) twin.trainUntil(deadline);
    if (trainer.done && twin.done) {
      finish();
      return;
    }
    const { hidden_units: hiddenUnits, learning_rate: learningRate } = settings.values;
    text.setAttribute("aria-busy", "true");
    text.textContent = `${units(hiddenUnits)}, learning rate ${formatSetting(learningRate)}: training, epoch ${trainer.epoch} of ${epochs}`;
    training = requestAnimationFrame(trainTick);
  }

  // Both runs are over: the result, the loss axis for the whole run, and the figure.
  function finish() {
    skipFrame = false;
    const check = twinCheck(trainer, twin);
    result.epochsRun = trainer.epoch;
    result.diverged = trainer.diverged;
    result.loss = trainer.lossAt(trainer.epoch);
    result.unstable = check.unstable;
    // The loss axis frames the whole run (as the Python figure did), so Play does not rescale.
    let lo = Infinity;
    let hi = 0;
    for (let e = 0; e <= trainer.epoch; e++) {
      const v = trainer.lossAt(e);
      if (Number.isFinite(v) && v > 0) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (!(lo < Infinity)) [lo, hi] = [1, 10];
    result.lo = lo / 2;
    result.hi = Math.max(hi * 2, lo * 10);
    ly.domain([result.lo, result.hi]);
    drawAxes(lossPanel, ex, ly, { xValues: epochAxis.values });
    for (let e = 0; e <= trainer.epoch; e++) {
      const v = trainer.lossAt(e);
      lossPx[e] = ly(Number.isNaN(v) ? result.hi : Math.min(Math.max(v, result.lo), result.hi));
    }
    text.removeAttribute("aria-busy");
    showTrainerState();
    report();
    setData(root, { training: "done" });
  }

  // A run still training is finished at once (Play needs the whole run).
  function finishNow() {
    if (!training && !skipFrame) return;
    cancelAnimationFrame(training);
    training = 0;
    skipFrame = false;
    trainer.advanceTo(epochs);
    twin.advanceTo(epochs);
    finish();
  }

  // Draws what the trainer holds now (epoch trainer.epoch of the current run).
  function showTrainerState() {
    shown = trainer.epoch;
    const diverged = trainer.diverged;
    if (diverged) {
      curvePath.setAttribute("d", "");
      hintGroup.setAttribute("display", "none");
      dataMessage.show(`Diverged at epoch ${shown}: try a smaller learning rate.`, "error");
    } else {
      trainer.predict(curveX, curveY);
      curvePath.setAttribute("d", curvePathData(curveY));
      dataMessage.show("");
      showHint();
    }
    const keep = thinned(epochPx.subarray(0, shown + 1), lossPx.subarray(0, shown + 1));
    let d = "";
    for (const e of keep) {
      if (Number.isFinite(trainer.lossAt(e))) d += `${d ? "L" : "M"}${px(epochPx[e]).toFixed(1)},${px(lossPx[e]).toFixed(1)}`;
    }
    lossPath.setAttribute("d", d);
    const last = trainer.lossAt(shown);
    marker.setAttribute("cx", px(epochPx[shown]));
    marker.setAttribute("cy", px(lossPx[shown]));
    epochLabel.textContent = `epoch ${shown}: MSE ${lossText(last, 2)}`;
    epochLabel.setAttribute("x", result.diverged ? lossPanel.inner.width - 6 : 6);
    epochLabel.setAttribute("y", result.diverged ? 16 : lossPanel.inner.height - 8);
    epochLabel.setAttribute("text-anchor", result.diverged ? "end" : "start");
    lossMessage.show(result.unstable && !result.diverged ? UNSTABLE : "");
    root.setAttribute("data-epoch", String(shown));
    describe();
  }

  // The readout says what the figure shows: the whole run, or (playing, paused) one epoch of it.
  function describe() {
    const { hidden_units: hiddenUnits, learning_rate: learningRate } = settings.values;
    const what = `${units(hiddenUnits)}, learning rate ${formatSetting(learningRate)}`;
    const { loss, epochsRun, diverged } = result;
    if (shown < epochsRun) {
      text.textContent = `${what}, epoch ${shown} of ${epochsRun}: training MSE ${lossText(trainer.lossAt(shown))}`;
    } else if (diverged) {
      text.textContent = `${what}: diverged at epoch ${epochsRun} (training MSE ${lossText(loss)})`;
    } else {
      text.textContent = `${what}, ${epochsRun} epochs: training MSE ${lossText(loss)}`;
    }
  }

  // Says where the curve went when it leaves the panel.
  function showHint() {
    let above = false;
    let below = false;
    const [lo, hi] = view.y;
    for (const v of curveY) {
      if (v > hi) above = true;
      else if (v < lo) below = true;
    }
    if (!above && !below) {
      hintGroup.setAttribute("display", "none");
      return;
    }
    hintGroup.removeAttribute("display");
    hint.textContent =
      above && below ? "↕ the curve leaves the panel above and below" : above ? "↑ the curve leaves the panel above" : "↓ the curve leaves the panel below";
    const w = dataPanel.inner.width;
    const yPos = below && !above ? dataPanel.inner.height - 8 : 16;
    hint.setAttribute("x", w - 6);
    hint.setAttribute("y", yPos);
    const width = hint.textContent.length * CHAR + 8; // no layout read: an estimate is enough
    hintBg.setAttribute("x", w - width - 2);
    hintBg.setAttribute("y", yPos - TEXT);
    hintBg.setAttribute("width", width);
    hintBg.setAttribute("height", TEXT + 5);
  }

  // Results to the text readout, the data-* attributes and the model.
  function report() {
    const { loss, epochsRun, diverged } = result;
    describe();
    settings.report(root, { loss, epochs_run: epochsRun, diverged, unstable: result.unstable });
    // The first epochs' losses (standardised units), which rounding cannot yet have changed:
    // anyone can compare them with nnlib's `losses_` even where the run is chaotic.
    setData(root, { first_losses: Array.from(trainer.losses.subarray(0, Math.min(5, epochsRun + 1))).join(",") });
  }

  // --- Play / Pause ---
  // Play retrains from epoch 0, drawing as it goes. Time runs along the epoch axis's log scale,
  // so the fast first epochs and the slow last ones each get their share of the two seconds.
  const logEnd = Math.log1p(epochs);
  const epochAt = (progress) => Math.min(epochs, Math.round(Math.expm1(progress * logEnd)));

  function stopPlay() {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    playButton.textContent = "Play";
  }

  function togglePlay() {
    finishNow();
    if (frame) {
      stopPlay(); // pause where we are
      return;
    }
    if (prefersReducedMotion()) {
      trainer.advanceTo(epochs); // no animation: straight to the end
      showTrainerState();
      return;
    }
    if (shown >= result.epochsRun) {
      const { hidden_units: hiddenUnits, learning_rate: learningRate } = settings.values;
      trainer.start(weights[String(hiddenUnits)], hiddenUnits, learningRate);
      playFrom = 0;
    } else {
      playFrom = Math.log1p(shown) / logEnd;
    }
    playStart = performance.now();
    playButton.textContent = "Pause";
    showTrainerState();
    frame = requestAnimationFrame(tick);
  }

  function tick(now) {
    const progress = Math.min(1, playFrom + (now - playStart) / PLAY_MS);
    trainer.advanceTo(epochAt(progress));
    showTrainerState();
    if (progress >= 1 || trainer.done) {
      frame = 0;
      stopPlay();
      return;
    }
    frame = requestAnimationFrame(tick);
  }

  settings.connect(recompute);
  recompute();
  settings.start(root);

  return () => {
    stopPlay();
    cancelAnimationFrame(training);
    settings.disconnect();
    root.remove();
  };
}
