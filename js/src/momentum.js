// Chapter 8's explorer ("momentum"): heavy-ball momentum's path on the loss map, and the loss
// curve. It is linear.js's explorer with one more setting, β, and momentum's run in place of
// plain gradient descent; this file describes only what differs.
import { formatSetting } from "./controls.js";
import { lossAt } from "./descent.js";
import { renderLinear } from "./linear.js";

export function renderMomentum(view) {
  return renderLinear(view, heavyBall);
}

// Momentum for renderLinear (see `gradientDescent` in linear.js for the fields).
function heavyBall(model) {
  const largest = model.get("largest_curvature"); // λmax of the loss Hessian
  return {
    extra: { beta: { hash: "beta", label: "momentum β", step: 0.001 } },
    stepTitle: "One step of momentum (after the last step: back to the start)",
    run: (sums, s, factor) =>
      momentumDescend(sums, s.m0, s.b0, s.learning_rate, s.beta, s.steps, factor, largest),
    stableLimit: (s) => stableLimit(s.beta, largest),
    limitText: (s, shown) => `the stable limit 2(1 + β)/λmax = ${shown} for β = ${formatSetting(s.beta)}`,
  };
}

// The largest stable learning rate for momentum β: 2 (1 + β)/λmax (chapter 8).
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
