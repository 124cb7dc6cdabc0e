import { firstRise } from "./stability.js";

// Training a 2 → k → 1 classifier in the browser: the twin of nnlib.network's MLPClassifier
// for the classifier explorer. Pure numerics: imports nothing, touches no DOM.

// numpy's logaddexp(0, z): log(1 + e^z) without overflow.
function softplus(z) {
  if (z === 0) return Math.LN2;
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

// nnlib.network.sigmoid: e = exp(−|z|), then 1/(1 + e) or e/(1 + e).
export function sigmoid(z) {
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

  // Diverged, or the training loss rose at some epoch: past the edge of stability, where
  // rounding can change the printed digits (a sweep of the settings found no other case).
  get unstable() {
    return this.diverged || firstRise(this.losses, this.epoch) > 0;
  }

  train() {
    while (!this.done) this.step();
    this.finish();
    return this.epoch;
  }
}
