// Training a network with one hidden layer in the browser: the twin of nnlib.network's
// MLP.fit (mean squared error, identity output) and MLPClassifier.fit (cross-entropy, sigmoid
// output). One trainer for both explorers. Pure numerics: imports nothing, touches no DOM.
//
// d inputs → k hidden units (tanh, sigmoid or relu) → 1 output, full-batch gradient descent.
// The sums run in nnlib's order for each number (samples in index order, units in index
// order), so the first epochs agree with numpy to the last bits or two.

// numpy's logaddexp(0, z): log(1 + e^z) without overflow.
export function softplus(z) {
  if (z === 0) return Math.LN2;
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

// nnlib.network.sigmoid: e = exp(−|z|), then 1/(1 + e) or e/(1 + e).
export function sigmoid(z) {
  const e = Math.exp(-Math.abs(z));
  return (z >= 0 ? 1.0 : e) / (1.0 + e);
}

// The hidden activations and their derivatives, given z and a = φ(z), as nnlib.network's.
export const ACTIVATIONS = {
  tanh: { f: Math.tanh, d: (z, a) => 1.0 - a * a },
  sigmoid: { f: sigmoid, d: (z, a) => a * (1.0 - a) },
  relu: { f: (z) => Math.max(z, 0.0), d: (z) => (z > 0 ? 1.0 : 0.0) },
};

// The losses nnlib's networks train on, from the output's weighted sum z and the target t:
// the loss term of one sample and dL/dz for it (before dividing by n).
const LOSSES = {
  // Mean squared error with an identity output: (z − t)², gradient 2(z − t).
  mse: { term: (z, t) => (z - t) * (z - t), grad: (z, t, n) => (2.0 / n) * (z - t) },
  // Cross-entropy with a sigmoid output, from z: softplus(z) − t·z, gradient (σ(z) − t).
  bce: { term: (z, t) => softplus(z) - t * z, grad: (z, t, n) => (sigmoid(z) - t) / n },
};

export class MLPTrainer {
  // inputs: the n samples' features, row-major (n × d); targets: n numbers; loss: "mse" or
  // "bce"; maxUnits: the widest hidden layer to allocate for (training then allocates nothing).
  constructor({ inputs, d, targets, loss, epochs, divergenceFactor, maxUnits }) {
    const n = targets.length;
    this.n = n;
    this.d = d;
    this.X = Float64Array.from(inputs);
    this.T = Float64Array.from(targets);
    this.loss = LOSSES[loss];
    this.epochs = epochs;
    this.divergenceFactor = divergenceFactor;
    this.maxUnits = maxUnits;
    const M = maxUnits;
    this.W1 = new Float64Array(d * M); // W1[f][j] at f·M + j
    this.b1 = new Float64Array(M);
    this.W2 = new Float64Array(M);
    this.b2 = 0;
    this.Z = new Float64Array(n * M); // sample i, unit j at i·M + j
    this.H = new Float64Array(n * M);
    this.G = new Float64Array(n); // dL/dz at the output, per sample
    this.dW1 = new Float64Array(d * M);
    this.db1 = new Float64Array(M);
    this.dW2 = new Float64Array(M);
    this.losses = new Float64Array(epochs + 1); // index = epoch
  }

  // A fresh network from Python's initial weights for k units (W1: d rows of k, b1: k,
  // W2: k rows of 1, b2: [b]); computes the loss at epoch 0.
  start(weights, k, activation, learningRate, epochs = this.epochs) {
    const { d, maxUnits: M } = this;
    this.k = k;
    this.act = ACTIVATIONS[activation];
    this.learningRate = learningRate;
    this.epochs = epochs;
    for (let j = 0; j < k; j++) {
      for (let f = 0; f < d; f++) this.W1[f * M + j] = weights.W1[f][j];
      this.b1[j] = weights.b1[j];
      this.W2[j] = weights.W2[j][0];
    }
    this.b2 = weights.b2[0];
    this.epoch = 0;
    this.diverged = false;
    this.losses[0] = this.forward();
    this.check();
  }

  // The output's weighted sum for the sample at `x[at … at + d)`; with `row` ≥ 0, keeps its
  // hidden z and h for the backward pass.
  output(x, at, row = -1) {
    const { d, k, W1, b1, W2, maxUnits: M } = this;
    const f = this.act.f;
    let s = 0;
    for (let j = 0; j < k; j++) {
      let z = x[at] * W1[j];
      for (let q = 1; q < d; q++) z += x[at + q] * W1[q * M + j];
      z += b1[j];
      const h = f(z);
      if (row >= 0) {
        this.Z[row * M + j] = z;
        this.H[row * M + j] = h;
      }
      s += h * W2[j];
    }
    return s + this.b2;
  }

  // Forward pass on the training samples, keeping what backward needs; returns the loss.
  forward() {
    const { n, d, X, T, G, loss } = this;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const z = this.output(X, i * d, i);
      sum += loss.term(z, T[i]);
      G[i] = loss.grad(z, T[i], n);
    }
    return sum / n;
  }

  // MLP.fit's rule: diverged once the loss is not finite or has grown past factor × (L0 + 1).
  check() {
    const loss = this.losses[this.epoch];
    if (!Number.isFinite(loss) || loss > this.divergenceFactor * (this.losses[0] + 1.0)) {
      this.diverged = true;
    }
  }

  // One epoch: every gradient from the last forward pass, every update W −= η·dW, then the
  // forward pass and loss of the new weights.
  step() {
    const { n, d, k, X, G, Z, H, W1, b1, W2, dW1, db1, dW2, maxUnits: M } = this;
    const deriv = this.act.d;
    const eta = this.learningRate;
    dW1.fill(0);
    db1.fill(0);
    dW2.fill(0);
    let db2 = 0;
    for (let i = 0; i < n; i++) {
      const g = G[i];
      db2 += g;
      for (let j = 0; j < k; j++) {
        const h = H[i * M + j];
        dW2[j] += h * g; // dW2 = Hᵀ·g
        const gz = g * W2[j] * deriv(Z[i * M + j], h); // (g·W2ᵀ) ⊙ φ'(z)
        for (let f = 0; f < d; f++) dW1[f * M + j] += X[i * d + f] * gz; // dW1 = Xᵀ·g_h
        db1[j] += gz;
      }
    }
    for (let j = 0; j < k; j++) {
      for (let f = 0; f < d; f++) W1[f * M + j] -= eta * dW1[f * M + j];
      b1[j] -= eta * db1[j];
      W2[j] -= eta * dW2[j];
    }
    this.b2 -= eta * db2;
    this.epoch += 1;
    this.losses[this.epoch] = this.forward();
    this.check();
  }

  get done() {
    return this.diverged || this.epoch >= this.epochs;
  }

  // Epochs until training is done or performance.now() passes `deadline` (at least one): the
  // same steps in the same order as advanceTo, only spread over several calls (animation frames).
  trainUntil(deadline) {
    while (!this.done) {
      this.step();
      if (performance.now() >= deadline) break;
    }
  }

  // Trains until `epoch` (at most `epochs`), or until the run diverges; returns the epoch reached.
  advanceTo(epoch) {
    const target = Math.min(epoch, this.epochs);
    while (!this.diverged && this.epoch < target) this.step();
    return this.epoch;
  }
}
