// Chapter 12's explorer: a 2 → k → 1 classifier trained in the browser, TensorFlow Playground's
// core. Python ships the points (training and test), the map's extent and, for every choice of
// k, the initial weights its seeded generator draws (nnlib.network.init_layers). The training
// below is nnlib.network.MLPClassifier.fit written out for one hidden layer: full batch, the same
// forward pass, cross-entropy from the output's weighted sum, backward pass (ŷ − y)/n at the
// output, divergence rule and updates. Its final losses agree with Python's to 4 decimals where
// training is stable; where it is chaotic, last-bit differences in rounding grow, as they do
// between two machines running numpy.
import { scaleLinear, scaleLog } from "d3-scale";
import { drawAxes, legend, panel, stepScale, thinned } from "./axes.js";
import { button, el, figureMessage, formatNumber, formatSetting, prefersReducedMotion, px, readout, setData, svgEl } from "./controls.js";
import { Settings } from "./settings.js";
import { ClassifierTrainer, sigmoid } from "./kernels/classifier.js";

// Said where the training loss rose at some epoch: past the edge of stability, where the
// browser's and numpy's last-bit differences in exp and tanh can grow (see kernels/stability.js).
const UNSTABLE = "Unstable training (the loss rose at times): rounding can change the last digits.";

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

export function renderClassifier({ model, el: host }) {
  const trainX = model.get("train_x");
  const trainY = model.get("train_y");
  const testX = model.get("test_x");
  const testY = model.get("test_y");
  const view = model.get("view");
  const labels = model.get("labels") ?? {};
  const weights = model.get("initial_weights");
  const G = model.get("grid");
  // initial_weights[seed][units]: the start of MLPClassifier(random_state=seed) for that size.
  const settings = new Settings(model);
  const maxEpochs = Math.max(...settings.byName.epochs.choices);

  const trainer = new ClassifierTrainer({
    trainX,
    trainY,
    testX,
    testY,
    epochs: maxEpochs,
    divergenceFactor: model.get("divergence_factor"),
    maxUnits: Math.max(...settings.byName.hidden_units.choices),
  });

  // --- DOM ---
  const root = el("div", { class: "nnbook-explorer-root", "data-kind": "classifier" });
  root.id = "classifier";
  const mapPanel = panel({
    margin: { top: 34, right: 14, bottom: 50, left: 66 },
    heading: "Decision regions",
    title: "The plane coloured by the network's probability of class 1, with the points on top",
    xTitle: labels.x ?? "x1",
    yTitle: labels.y ?? "x2",
  });
  const lossPanel = panel({
    margin: { top: 34, right: 24, bottom: 50, left: 82 },
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
  legend(lossPanel, [
    { cls: "nnx-loss-curve", shape: "line", text: "training" },
    { cls: "nnx-loss-curve", shape: "line", text: "test", style: testPath.getAttribute("style") },
  ]);

  const { sliders: controls } = settings.buildControls();
  const resetButton = button("Reset", () => settings.reset(), { title: "All settings back to their defaults" });
  const text = readout();
  root.append(
    el("div", { class: "nnx-figures" }, mapPanel.element, lossPanel.element),
    controls,
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
      const p = diverged ? 0.5 : sigmoid(trainer.at(cellCentres[i][0], cellCentres[i][1]));
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

  const settingsText = (s = settings.values) =>
    `${s.hidden_units} hidden unit${s.hidden_units === 1 ? "" : "s"}, ${s.activation}, learning rate ${formatSetting(s.learning_rate)}, seed ${s.seed}`;

  function recompute() {
    const s = settings.values;
    cancelAnimationFrame(frame);
    trainer.start(weights[String(s.seed)][String(s.hidden_units)], s.hidden_units, s.activation, s.learning_rate, s.epochs);
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
    const s = settings.values;
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
    const unstable = trainer.unstable;
    drawMap();
    if (diverged) mapMessage.show(`Diverged at epoch ${run}: try a smaller learning rate.`, "error");
    else mapMessage.show(unstable ? UNSTABLE : "");
    drawCurves(run);
    const what = settingsText();
    text.removeAttribute("aria-busy");
    text.textContent = diverged
      ? `${what}: diverged at epoch ${run}`
      : `${what}, ${run} epochs: training loss ${formatNumber(trainLoss)}, accuracy ${formatNumber(trainAcc)}; ` +
        `test loss ${formatNumber(testLoss)}, accuracy ${formatNumber(testAcc)}`;
    // The first epochs' training losses, which rounding cannot yet have changed (see hidden_layer.js).
    const first = Array.from(trainer.losses.subarray(0, Math.min(5, run + 1)));
    setData(root, { training: "done", first_losses: first.join(",") });
    settings.report(root, {
      train_loss: trainLoss,
      test_loss: testLoss,
      train_accuracy: trainAcc,
      test_accuracy: testAcc,
      epochs_run: run,
      diverged,
      unstable,
    });
  }

  settings.connect(recompute);
  recompute();
  settings.start(root);

  return () => {
    settings.disconnect();
    cancelAnimationFrame(frame);
    root.remove();
  };
}
