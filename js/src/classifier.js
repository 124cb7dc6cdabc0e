// Chapter 12's explorer: a 2 → k → 1 classifier trained in the browser, TensorFlow Playground's
// core. Python ships the points (training and test), the map's extent and, for every choice of
// k, the initial weights its seeded generator draws (nnlib.network.init_layers). The training
// below is nnlib.network.MLPClassifier.fit written out for one hidden layer: full batch, the same
// forward pass, cross-entropy from the output's weighted sum, backward pass (ŷ − y)/n at the
// output, divergence rule and updates. Its final losses agree with Python's to 4 decimals where
// training is stable; where it is chaotic, last-bit differences in rounding grow, as they do
// between two machines running numpy.
import { scaleLinear, scaleLog } from "d3-scale";
import { drawAxes, panel, stepScale, thinned } from "./axes.js";
import {
  button,
  el,
  figureMessage,
  formatNumber,
  formatSetting,
  hashNumber,
  prefersReducedMotion,
  px,
  readHash,
  readout,
  setData,
  slider,
  svgEl,
  writeHash,
} from "./controls.js";

// --- Training -------------------------------------------------------------------------------

// numpy's logaddexp(0, z): log(1 + e^z) without overflow.
function softplus(z) {
  if (z === 0) return Math.LN2;
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

// nnlib.network.sigmoid: e = exp(−|z|), then 1/(1 + e) or e/(1 + e).
function sigmoid(z) {
  const e = Math.exp(-Math.abs(z));
  return (z >= 0 ? 1.0 : e) / (1.0 + e);
}

// The hidden activations and their derivatives, given z and a = φ(z), as nnlib.network's.
const ACTIVATIONS = {
  tanh: { f: Math.tanh, d: (z, a) => 1.0 - a * a },
  sigmoid: { f: sigmoid, d: (z, a) => a * (1.0 - a) },
  relu: { f: (z) => Math.max(z, 0.0), d: (z) => (z > 0 ? 1.0 : 0.0) },
};

export class ClassifierTrainer {
  constructor({ trainX, trainY, testX, testY, epochs, divergenceFactor, maxUnits }) {
    this.n = trainY.length;
    this.m = testY.length;
    this.X = Float64Array.from(trainX.flat());
    this.Y = Float64Array.from(trainY);
    this.TX = Float64Array.from(testX.flat());
    this.TY = Float64Array.from(testY);
    this.divergenceFactor = divergenceFactor;
    this.W1 = new Float64Array(2 * maxUnits); // W1[f][j] at f * maxUnits + j
    this.b1 = new Float64Array(maxUnits);
    this.W2 = new Float64Array(maxUnits);
    this.b2 = 0;
    this.maxUnits = maxUnits;
    this.Z = new Float64Array(this.n * maxUnits); // sample i, unit j at i * maxUnits + j
    this.H = new Float64Array(this.n * maxUnits);
    this.P = new Float64Array(this.n);
    this.dW1a = new Float64Array(maxUnits); // gradients, allocated once
    this.dW1b = new Float64Array(maxUnits);
    this.db1 = new Float64Array(maxUnits);
    this.dW2 = new Float64Array(maxUnits);
    this.losses = new Float64Array(epochs + 1);
    this.testLosses = new Float64Array(epochs + 1);
    // The epochs whose test loss is computed (the curve's; every one by default). The last
    // epoch's is computed by finish(), so the final test loss never depends on this choice.
    this.testAt = new Uint8Array(epochs + 1).fill(1);
    this.epochs = epochs;
  }

  start(weights, k, activation, learningRate, epochs) {
    const M = this.maxUnits;
    this.k = k;
    this.act = ACTIVATIONS[activation];
    this.learningRate = learningRate;
    this.epochs = epochs;
    for (let j = 0; j < k; j++) {
      this.W1[j] = weights.W1[0][j];
      this.W1[M + j] = weights.W1[1][j];
      this.b1[j] = weights.b1[j];
      this.W2[j] = weights.W2[j][0];
    }
    this.b2 = weights.b2[0];
    this.epoch = 0;
    this.diverged = false;
    this.losses[0] = this.forwardTrain();
    this.testLosses.fill(NaN);
    this.testLosses[0] = this.testLoss();
    this.check();
  }

  // The output's weighted sum for one point (x0, x1); with `row`, keeps z and h for backward.
  output(x0, x1, row) {
    const { k, W1, b1, W2, maxUnits: M, act } = this;
    let s = 0;
    for (let j = 0; j < k; j++) {
      const z = x0 * W1[j] + x1 * W1[M + j] + b1[j];
      const h = act.f(z);
      if (row >= 0) {
        this.Z[row * M + j] = z;
        this.H[row * M + j] = h;
      }
      s += h * W2[j];
    }
    return s + this.b2;
  }

  // Forward pass on the training points: z, h and ŷ kept for backward; returns the
  // cross-entropy. (output() written out, this loop being most of the work.)
  forwardTrain() {
    const { n, k, X, Y, P, Z, H, W1, b1, W2, maxUnits: M } = this;
    const f = this.act.f;
    const b2 = this.b2;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const x0 = X[2 * i];
      const x1 = X[2 * i + 1];
      let s = 0;
      for (let j = 0; j < k; j++) {
        const z = x0 * W1[j] + x1 * W1[M + j] + b1[j];
        const h = f(z);
        Z[i * M + j] = z;
        H[i * M + j] = h;
        s += h * W2[j];
      }
      const z = s + b2;
      P[i] = sigmoid(z);
      sum += softplus(z) - Y[i] * z;
    }
    return sum / n;
  }

  testLoss() {
    const { m, TX, TY } = this;
    let sum = 0;
    for (let i = 0; i < m; i++) {
      const z = this.output(TX[2 * i], TX[2 * i + 1], -1);
      sum += softplus(z) - TY[i] * z;
    }
    return sum / m;
  }

  // Accuracy: the fraction of points whose class (1 where ŷ > 0.5) is right.
  accuracy(test) {
    const [X, Y] = test ? [this.TX, this.TY] : [this.X, this.Y];
    let right = 0;
    for (let i = 0; i < Y.length; i++) {
      const p = sigmoid(this.output(X[2 * i], X[2 * i + 1], -1));
      if ((p > 0.5 ? 1 : 0) === Y[i]) right += 1;
    }
    return right / Y.length;
  }

  check() {
    const loss = this.losses[this.epoch];
    if (!Number.isFinite(loss) || loss > this.divergenceFactor * (this.losses[0] + 1.0)) {
      this.diverged = true;
    }
  }

  // One epoch: gradients from the last forward pass, all updates, then the next forward pass.
  step() {
    const { n, k, X, Y, P, Z, H, W1, b1, W2, maxUnits: M, dW1a, dW1b, db1, dW2 } = this;
    const d = this.act.d;
    const eta = this.learningRate;
    let db2 = 0;
    dW1a.fill(0);
    dW1b.fill(0);
    db1.fill(0);
    dW2.fill(0);
    for (let i = 0; i < n; i++) {
      const g = (P[i] - Y[i]) / n; // dL/dz at the output: (ŷ − y)/n
      db2 += g;
      for (let j = 0; j < k; j++) {
        const h = H[i * M + j];
        dW2[j] += h * g;
        const gz = g * W2[j] * d(Z[i * M + j], h);
        dW1a[j] += X[2 * i] * gz;
        dW1b[j] += X[2 * i + 1] * gz;
        db1[j] += gz;
      }
    }
    for (let j = 0; j < k; j++) {
      W1[j] -= eta * dW1a[j];
      W1[M + j] -= eta * dW1b[j];
      b1[j] -= eta * db1[j];
      W2[j] -= eta * dW2[j];
    }
    this.b2 -= eta * db2;
    this.epoch += 1;
    this.losses[this.epoch] = this.forwardTrain();
    if (this.testAt[this.epoch]) this.testLosses[this.epoch] = this.testLoss();
    this.check();
  }

  get done() {
    return this.diverged || this.epoch >= this.epochs;
  }

  // Epochs until training is done or performance.now() passes `deadline` (at least one): the
  // same steps in the same order as train(), only spread over several calls.
  advance(deadline) {
    while (!this.done) {
      this.step();
      if (performance.now() >= deadline) break;
    }
    if (this.done) this.finish();
  }

  // The last epoch's test loss, when the curve did not need it.
  finish() {
    if (Number.isNaN(this.testLosses[this.epoch])) this.testLosses[this.epoch] = this.testLoss();
  }

  train() {
    while (!this.done) this.step();
    this.finish();
    return this.epoch;
  }
}

// --- The explorer ---------------------------------------------------------------------------

const COLOURS = [
  [31, 119, 180], // class 0
  [232, 89, 12], // class 1
];
// ŷ → a colour from class 0's (ŷ = 0) through white (0.5) to class 1's (ŷ = 1), written as
// red, green, blue and opacity into `pixels` at `at`.
function mapColour(p, pixels, at) {
  const [c, w] = p < 0.5 ? [COLOURS[0], 1 - 2 * p] : [COLOURS[1], 2 * p - 1];
  for (let i = 0; i < 3; i++) pixels[at + i] = Math.round(255 + (c[i] - 255) * w);
  pixels[at + 3] = 255;
}

function nearest(choices, value) {
  let best = choices[0];
  for (const c of choices) if (Math.abs(c - value) < Math.abs(best - value)) best = c;
  return best;
}

export function renderClassifier({ model, el: host }) {
  const trainX = model.get("train_x");
  const trainY = model.get("train_y");
  const testX = model.get("test_x");
  const testY = model.get("test_y");
  const ranges = model.get("ranges");
  const defaults = model.get("defaults");
  const view = model.get("view");
  const labels = model.get("labels") ?? {};
  const weights = model.get("initial_weights");
  const id = model.get("explorer_id");
  const G = model.get("grid");
  const unitChoices = ranges.hidden_units.filter((k) => String(k) in weights);
  const activations = ranges.activation;
  const epochChoices = ranges.epochs;
  const [lrMin, lrMax] = ranges.learning_rate;
  const maxEpochs = Math.max(...epochChoices);

  const trainer = new ClassifierTrainer({
    trainX,
    trainY,
    testX,
    testY,
    epochs: maxEpochs,
    divergenceFactor: model.get("divergence_factor"),
    maxUnits: Math.max(...unitChoices),
  });

  const clampRate = (v) => (Number.isFinite(v) && v > 0 ? Math.min(lrMax, Math.max(lrMin, v)) : defaults.learning_rate);
  const pickUnits = (v) => (Number.isFinite(v) ? nearest(unitChoices, v) : defaults.hidden_units);
  const pickEpochs = (v) => (Number.isFinite(v) ? nearest(epochChoices, v) : defaults.epochs);
  const pickActivation = (v) => (activations.includes(v) ? v : defaults.activation);

  let s = {
    units: pickUnits(model.get("hidden_units")),
    lr: clampRate(model.get("learning_rate")),
    act: pickActivation(model.get("activation")),
    epochs: pickEpochs(model.get("epochs")),
  };
  const fromHash = readHash(id);
  if (fromHash) {
    s = {
      units: pickUnits(hashNumber(fromHash, "units", s.units)),
      lr: clampRate(hashNumber(fromHash, "lr", s.lr)),
      act: pickActivation(fromHash.act ?? s.act),
      epochs: pickEpochs(hashNumber(fromHash, "epochs", s.epochs)),
    };
  }

  // --- DOM ---
  const root = el("div", { class: "nnbook-explorer-root", "data-kind": "classifier" });
  if (id) root.id = id;
  const mapPanel = panel({
    margin: { top: 34, right: 14, bottom: 46, left: 56 },
    heading: "Decision regions",
    title: "The plane coloured by the network's probability of class 1, with the points on top",
    xTitle: labels.x ?? "x1",
    yTitle: labels.y ?? "x2",
  });
  const lossPanel = panel({
    margin: { top: 34, right: 24, bottom: 46, left: 66 },
    heading: "Loss after each epoch",
    title: "Training and test cross-entropy per epoch",
    xTitle: "epoch",
    yTitle: "cross-entropy (log scale)",
  });

  const xs = scaleLinear().domain(view.x).range([0, mapPanel.inner.width]);
  const ys = scaleLinear().domain(view.y).range([mapPanel.inner.height, 0]);
  drawAxes(mapPanel, xs, ys);
  const cellW = mapPanel.inner.width / G;
  const cellH = mapPanel.inner.height / G;
  // The map is a G × G canvas, one pixel a cell, stretched over the plot area: the browser
  // repaints it cheaply in every frame of a training run (G² SVG rectangles took longer).
  const cellCentres = [];
  for (let r = 0; r < G; r++) {
    for (let c = 0; c < G; c++) cellCentres.push([xs.invert((c + 0.5) * cellW), ys.invert((r + 0.5) * cellH)]);
  }
  const canvas = document.createElement("canvas");
  canvas.width = G;
  canvas.height = G;
  canvas.setAttribute("style", "display:block;width:100%;height:100%;opacity:0.55;image-rendering:pixelated");
  const cellLayer = svgEl("foreignObject", {
    x: 0,
    y: 0,
    width: mapPanel.inner.width,
    height: mapPanel.inner.height,
    "aria-hidden": "true",
  });
  cellLayer.append(canvas);
  const context = canvas.getContext("2d");
  const image = context?.createImageData(G, G);
  const points = svgEl("g", { "aria-hidden": "true" });
  const mark = (x, y, label, test) => {
    const cx = px(xs(x));
    const cy = px(ys(y));
    const colour = `rgb(${COLOURS[label].join(",")})`;
    const style = test ? { fill: "#ffffff", stroke: colour, "stroke-width": 1.6 } : { fill: colour, stroke: "#111", "stroke-width": 0.6 };
    return label === 0
      ? svgEl("circle", { cx, cy, r: 3.6, ...style })
      : svgEl("path", { d: `M${cx},${cy - 4.5}L${cx + 4.2},${cy + 3}L${cx - 4.2},${cy + 3}Z`, ...style });
  };
  trainX.forEach(([a, b], i) => points.append(mark(a, b, trainY[i], false)));
  testX.forEach(([a, b], i) => points.append(mark(a, b, testY[i], true)));
  mapPanel.layer.append(cellLayer, points);
  const mapMessage = figureMessage(mapPanel.element);

  const epochAxis = stepScale(maxEpochs, lossPanel.inner.width);
  lossPanel.xLabel.textContent = epochAxis.title.replace("step", "epoch");
  const ex = epochAxis.scale;
  // The test curve needs a point wherever it moves right by a sizeable part of a pixel (as
  // thinned() keeps them): the test loss is computed at those epochs only.
  for (let e = 1, last = ex(0); e <= maxEpochs; e++) {
    trainer.testAt[e] = ex(e) - last >= 0.5 ? 1 : 0;
    if (trainer.testAt[e]) last = ex(e);
  }
  const ly = scaleLog().range([lossPanel.inner.height, 0]);
  const trainPath = svgEl("path", { class: "nnx-loss-curve" });
  const testPath = svgEl("path", { class: "nnx-loss-curve", style: "stroke: var(--nnx-accent); stroke-dasharray: 5 3" });
  lossPanel.layer.append(trainPath, testPath);
  const legend = svgEl("g", { class: "nnx-legend", transform: "translate(10,14)", "aria-hidden": "true" });
  [
    [trainPath, "training"],
    [testPath, "test"],
  ].forEach(([path, text], row) => {
    const sample = svgEl("line", { x1: 0, x2: 18, y1: 0, y2: 0, class: "nnx-loss-curve" });
    const style = path.getAttribute("style");
    if (style) sample.setAttribute("style", style);
    legend.append(svgEl("g", { transform: `translate(0,${row * 17})` }, sample, svgEl("text", { x: 24, y: 4 }, text)));
  });
  lossPanel.plot.append(legend);

  const unitsSlider = slider({
    label: "hidden units",
    kind: "choice",
    choices: unitChoices,
    value: s.units,
    onChange: (v) => change({ units: v }),
  });
  const rateSlider = slider({
    label: "learning rate",
    kind: "log",
    min: lrMin,
    max: lrMax,
    positions: 300,
    value: s.lr,
    onChange: (v) => change({ lr: v }),
  });
  const actSlider = slider({
    label: "activation",
    kind: "choice",
    choices: activations.map((_, i) => i),
    value: activations.indexOf(s.act),
    format: (i) => activations[i],
    onChange: (i) => change({ act: activations[i] }),
  });
  const epochSlider = slider({
    label: "epochs",
    kind: "choice",
    choices: epochChoices,
    value: s.epochs,
    onChange: (v) => change({ epochs: v }),
  });
  const resetButton = button("Reset", () => {
    unitsSlider.setValue(defaults.hidden_units);
    rateSlider.setValue(defaults.learning_rate);
    actSlider.setValue(activations.indexOf(defaults.activation));
    epochSlider.setValue(defaults.epochs);
    change({ units: defaults.hidden_units, lr: defaults.learning_rate, act: defaults.activation, epochs: defaults.epochs });
  });
  const text = readout();
  root.append(
    el("div", { class: "nnx-figures" }, mapPanel.element, lossPanel.element),
    el("div", { class: "nnx-controls" }, unitsSlider.element, rateSlider.element, actSlider.element, epochSlider.element),
    el("div", { class: "nnx-buttons" }, resetButton),
    text,
  );
  host.append(root);

  // --- Computing and drawing ---
  // A move starts a new training run whose epochs are spread over animation frames, a few
  // milliseconds of work per frame (as TensorFlow Playground trains), so the page answers at
  // once and the map and the curves grow as the network learns; a new move drops the run
  // under way. The first slice runs at once, in the move's own event, and the next ones one
  // per frame. data-training says "running" until the run is over; the final numbers, the
  // readout and the model's results are set only then, all at once.
  const FRAME_BUDGET_MS = 3;
  let frame = 0;
  let skipFrame = false;

  function drawMap() {
    if (!image) return; // no 2D canvas (a test DOM): nothing to paint
    const diverged = trainer.diverged;
    // ŷ at every cell's centre (blank after a divergence).
    for (let i = 0; i < cellCentres.length; i++) {
      const p = diverged ? 0.5 : sigmoid(trainer.output(cellCentres[i][0], cellCentres[i][1], -1));
      mapColour(Number.isFinite(p) ? p : 0.5, image.data, 4 * i);
    }
    context.putImageData(image, 0, 0);
  }

  // The loss curves up to epoch `run`, on a log axis framing both.
  function drawCurves(run) {
    let lo = Infinity;
    let hi = 0;
    for (let e = 0; e <= run; e++) {
      for (const v of [trainer.losses[e], trainer.testLosses[e]]) {
        if (Number.isFinite(v) && v > 0) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (!(lo < Infinity)) [lo, hi] = [0.01, 1];
    lo /= 2;
    hi = Math.max(hi * 2, lo * 10);
    ly.domain([lo, hi]);
    drawAxes(lossPanel, ex, ly, { xValues: epochAxis.values });
    for (const [path, series, everyEpoch] of [
      [trainPath, trainer.losses, true],
      [testPath, trainer.testLosses, false],
    ]) {
      // The test loss exists at the curve's epochs (testAt), and at the last one once the run
      // is over.
      const last = trainer.done ? run : -1;
      const kept = [];
      for (let e = 0; e <= run; e++) if (everyEpoch || trainer.testAt[e] || e === last) kept.push(e);
      const epochPx = new Float64Array(kept.length);
      const yPx = new Float64Array(kept.length);
      kept.forEach((e, i) => {
        const v = series[e];
        epochPx[i] = ex(e);
        yPx[i] = ly(Number.isFinite(v) ? Math.min(Math.max(v, lo), hi) : hi);
      });
      let d = "";
      for (const i of thinned(epochPx, yPx)) d += `${d ? "L" : "M"}${px(epochPx[i]).toFixed(1)},${px(yPx[i]).toFixed(1)}`;
      path.setAttribute("d", d);
    }
  }

  const settingsText = () =>
    `${s.units} hidden unit${s.units === 1 ? "" : "s"}, ${s.act}, learning rate ${formatSetting(s.lr)}`;

  function recompute() {
    cancelAnimationFrame(frame);
    trainer.start(weights[String(s.units)], s.units, s.act, s.lr, s.epochs);
    setData(root, { training: "running" });
    // The first slice now: the frame that follows this event shows it. The frame callback
    // asked for here may run in that same frame, so it leaves its turn to the next one.
    skipFrame = true;
    slice();
  }

  function tick() {
    frame = 0;
    if (skipFrame) {
      skipFrame = false;
      frame = requestAnimationFrame(tick);
      return;
    }
    slice();
  }

  function slice() {
    trainer.advance(performance.now() + FRAME_BUDGET_MS);
    if (trainer.done) {
      finish();
      return;
    }
    // The readout counts the epochs; aria-busy keeps screen readers to the final sentence.
    text.setAttribute("aria-busy", "true");
    text.textContent = `${settingsText()}: training, epoch ${trainer.epoch} of ${s.epochs}`;
    // With reduced motion the figure changes once, when the run is over.
    if (!prefersReducedMotion()) {
      drawMap();
      drawCurves(trainer.epoch);
    }
    frame = requestAnimationFrame(tick);
  }

  function finish() {
    const run = trainer.epoch;
    const diverged = trainer.diverged;
    const trainLoss = diverged ? NaN : trainer.losses[run];
    const testLoss = diverged ? NaN : trainer.testLosses[run];
    const trainAcc = diverged ? NaN : trainer.accuracy(false);
    const testAcc = diverged ? NaN : trainer.accuracy(true);
    drawMap();
    mapMessage.show(diverged ? `Diverged at epoch ${run}: try a smaller learning rate.` : "", "error");
    drawCurves(run);
    const what = settingsText();
    text.removeAttribute("aria-busy");
    text.textContent = diverged
      ? `${what}: diverged at epoch ${run}`
      : `${what}, ${run} epochs: training loss ${formatNumber(trainLoss)}, accuracy ${formatNumber(trainAcc)}; ` +
        `test loss ${formatNumber(testLoss)}, accuracy ${formatNumber(testAcc)}`;
    setData(root, {
      "hidden-units": s.units,
      "learning-rate": s.lr,
      activation: s.act,
      epochs: s.epochs,
      "train-loss": trainLoss,
      "test-loss": testLoss,
      "train-accuracy": trainAcc,
      "test-accuracy": testAcc,
      "epochs-run": run,
      diverged,
      training: "done",
    });
    toModel({
      train_loss: Number.isFinite(trainLoss) ? trainLoss : null,
      test_loss: Number.isFinite(testLoss) ? testLoss : null,
      epochs_run: run,
      diverged,
    });
  }

  let writing = false;
  function toModel(values) {
    writing = true;
    try {
      for (const [name, value] of Object.entries(values)) model.set(name, value);
    } finally {
      writing = false;
    }
    model.save_changes();
  }

  function change(update) {
    s = { ...s, ...update };
    // The address first: its timer then runs out while the network trains, and the link is
    // current as soon as the new figure is.
    writeHash(id, { units: s.units, lr: formatSetting(s.lr), act: s.act, epochs: s.epochs });
    recompute();
    toModel({ hidden_units: s.units, learning_rate: s.lr, activation: s.act, epochs: s.epochs });
  }

  function onModelChange() {
    if (writing) return;
    const next = {
      units: pickUnits(model.get("hidden_units")),
      lr: clampRate(model.get("learning_rate")),
      act: pickActivation(model.get("activation")),
      epochs: pickEpochs(model.get("epochs")),
    };
    if (Object.keys(next).every((key) => next[key] === s[key])) return;
    s = next;
    unitsSlider.setValue(s.units);
    rateSlider.setValue(s.lr);
    actSlider.setValue(activations.indexOf(s.act));
    epochSlider.setValue(s.epochs);
    recompute();
  }
  const names = ["hidden_units", "learning_rate", "activation", "epochs"];
  for (const name of names) model.on(`change:${name}`, onModelChange);

  recompute();
  toModel({ hidden_units: s.units, learning_rate: s.lr, activation: s.act, epochs: s.epochs });

  return () => {
    for (const name of names) model.off(`change:${name}`, onModelChange);
    cancelAnimationFrame(frame);
    root.remove();
  };
}
