// Gradient descent on the mean squared error of y ≈ m x + b, from the data's sums.
//
// This is the twin of nnlib.descent.gradient_descent_from_sums: the same formulas written in
// the same order (see the explorer contract), so that the browser's numbers equal Python's bit
// for bit. Floating-point addition is not associative, so do not "tidy" these expressions:
// every parenthesis below is where the Python code has it.

// The mean squared error at (m, b). Rounding can make it a hair below 0 at a perfect fit.
export function lossAt(s, m, b) {
  const total = m * m * s.sxx + 2 * m * b * s.sx + s.n * b * b - 2 * m * s.sxy - 2 * b * s.sy + s.syy;
  return Math.max(0, total / s.n);
}

// The gradient (dL/dm, dL/db) at (m, b).
export function gradientAt(s, m, b) {
  return [(2 * (m * s.sxx + b * s.sx - s.sxy)) / s.n, (2 * (m * s.sx + b * s.n - s.sy)) / s.n];
}

// The largest stable learning rate for momentum β: 2 (1 + β)/λmax (chapter 8).
export function stableLimit(beta, largest) {
  return (2 * (1 + beta)) / largest;
}

// Heavy-ball momentum on the MSE of y ≈ m x + b, from the data's sums: the twin of
// nnlib.momentum.momentum_from_sums, the same formulas in the same order (do not "tidy" them:
// floating-point addition is not associative). Runs `steps` steps from (m0, b0); stops early
// when the loss is no longer finite or has grown past divergenceFactor × (starting loss + 1),
// and takes no step from a start whose loss overflows. Returns { m, b, losses } as arrays of
// the steps actually run + 1 (index 0 = the start), plus stepsRun, diverged, and unstable
// (diverged, or a learning rate above `limit`, the stable limit for this β).
export function momentumDescend(s, m0, b0, learningRate, beta, steps, divergenceFactor, limit) {
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
    unstable: diverged || learningRate > limit,
  };
}

// Plain gradient descent, the twin of nnlib.descent.gradient_descent_from_sums: momentum with
// β = 0, bit for bit, because the velocity is then the current gradient (0 × v is 0 for the
// finite v of a run that has not diverged, and −0 + g is g). `limit` is 2/λmax.
export function descend(s, m0, b0, learningRate, steps, divergenceFactor, limit) {
  return momentumDescend(s, m0, b0, learningRate, 0, steps, divergenceFactor, limit);
}
