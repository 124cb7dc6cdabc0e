import { NUDGE, firstRise, roundingSensitive } from "./stability.js";

// Training a 1 → k → 1 network in the browser: the twin of nnlib.network's MLP for the
// hidden-layer explorer. Pure numerics: imports nothing, touches no DOM (tested by node --test).

// Full-batch gradient descent on a 1 → k → 1 network: h = tanh(z·W1 + b1), ŷ = h·W2 + b2,
// loss L = mean((ŷ − t)²) in standardised units. Buffers are allocated once, for the largest k,
// so that training allocates nothing: 2000 epochs × 20 samples × 64 units is a few million
// multiply-adds and as many tanh.
export class NetworkTrainer {
  constructor({ x, y, xMean, xStd, yMean, yStd, epochs, divergenceFactor, maxUnits }) {
    const n = x.length;
    this.n = n;
    this.epochs = epochs;
    this.divergenceFactor = divergenceFactor;
    this.xMean = xMean;
    this.xStd = xStd;
    this.yMean = yMean;
    this.yStd = yStd;
    // As Python: z = (x − x_mean)/x_std, t = (y − y_mean)/y_std, element by element.
    this.z = Float64Array.from(x, (v) => (v - xMean) / xStd);
    this.t = Float64Array.from(y, (v) => (v - yMean) / yStd);
    this.W1 = new Float64Array(maxUnits);
    this.b1 = new Float64Array(maxUnits);
    this.W2 = new Float64Array(maxUnits);
    this.b2 = 0;
    this.H = new Float64Array(n * maxUnits); // unit j's activations: H[j*n … j*n + n)
    this.out = new Float64Array(n); // Σ_j h·W2, before b2
    this.G = new Float64Array(n); // dL/dŷ = 2(ŷ − t)/n
    this.losses = new Float64Array(epochs + 1); // standardised units, index = epoch
    this.k = 0;
    this.learningRate = 0;
    this.epoch = 0;
    this.diverged = false;
  }

  // Fresh network from Python's initial weights for k units (W1: [[…k…]], b1: […k…],
  // W2: [[w] × k], b2: [b]); computes the loss at epoch 0.
  start(weights, k, learningRate) {
    const { n, z, W1, b1, W2, H, out } = this;
    this.k = k;
    this.learningRate = learningRate;
    for (let j = 0; j < k; j++) {
      W1[j] = weights.W1[0][j];
      b1[j] = weights.b1[j];
      W2[j] = weights.W2[j][0];
    }
    this.b2 = weights.b2[0];
    this.epoch = 0;
    this.diverged = false;
    out.fill(0);
    for (let j = 0; j < k; j++) {
      const w1 = W1[j];
      const c1 = b1[j];
      const w2 = W2[j];
      const col = j * n;
      for (let i = 0; i < n; i++) {
        const h = Math.tanh(z[i] * w1 + c1);
        H[col + i] = h;
        out[i] += h * w2;
      }
    }
    this.losses[0] = this.finishForward();
    this.check();
  }

  // ŷ = out + b2; the loss; dL/dŷ for the backward pass. numpy: loss = (e·e)/n, g = (2/n)·e.
  finishForward() {
    const { n, t, out, G } = this;
    const b2 = this.b2;
    const twoOverN = 2.0 / n;
    let sse = 0;
    for (let i = 0; i < n; i++) {
      const e = out[i] + b2 - t[i];
      sse += e * e;
      G[i] = twoOverN * e;
    }
    return sse / n;
  }

  // MLP.fit's rule: diverged once the loss is not finite or has grown past factor × (L0 + 1).
  check() {
    const loss = this.losses[this.epoch];
    if (!Number.isFinite(loss) || loss > this.divergenceFactor * (this.losses[0] + 1.0)) {
      this.diverged = true;
    }
  }

  // One epoch: the backward pass from the last forward pass, W -= η·dW for every weight, and
  // the forward pass and loss of the new weights. Unit j's gradient needs only its own column
  // of H, its old W2[j] and dL/dŷ, so updating unit by unit gives exactly what numpy's
  // "all gradients, then all updates" gives, and the new forward pass can follow at once.
  step() {
    const { n, k, z, W1, b1, W2, H, out, G } = this;
    const eta = this.learningRate;
    let db2 = 0;
    for (let i = 0; i < n; i++) {
      db2 += G[i];
      out[i] = 0;
    }
    for (let j = 0; j < k; j++) {
      const col = j * n;
      const w2 = W2[j];
      let dw1 = 0;
      let db1 = 0;
      let dw2 = 0;
      for (let i = 0; i < n; i++) {
        const h = H[col + i];
        const g = G[i];
        dw2 += h * g; // dW2 = hᵀ·g
        const gz = g * w2 * (1.0 - h * h); // (g·W2ᵀ) ⊙ tanh'
        dw1 += z[i] * gz; // dW1 = zᵀ·g_h
        db1 += gz; // db1 = Σ g_h
      }
      const w1New = W1[j] - eta * dw1;
      const c1New = b1[j] - eta * db1;
      const w2New = w2 - eta * dw2;
      W1[j] = w1New;
      b1[j] = c1New;
      W2[j] = w2New;
      for (let i = 0; i < n; i++) {
        const h = Math.tanh(z[i] * w1New + c1New);
        H[col + i] = h;
        out[i] += h * w2New;
      }
    }
    this.b2 -= eta * db2;
    this.epoch += 1;
    this.losses[this.epoch] = this.finishForward();
    this.check();
  }

  get done() {
    return this.diverged || this.epoch >= this.epochs;
  }

  // Trains until `epoch` (at most `epochs`), or until the run diverges; returns the epoch reached.
  advanceTo(epoch) {
    const target = Math.min(epoch, this.epochs);
    while (!this.diverged && this.epoch < target) this.step();
    return this.epoch;
  }

  // The network's output in original units at the original-unit inputs xs, written into out.
  predict(xs, out) {
    const { k, W1, b1, W2 } = this;
    for (let i = 0; i < xs.length; i++) {
      const zi = (xs[i] - this.xMean) / this.xStd;
      let s = 0;
      for (let j = 0; j < k; j++) s += Math.tanh(zi * W1[j] + b1[j]) * W2[j];
      out[i] = (s + this.b2) * this.yStd + this.yMean;
    }
    return out;
  }

  // The loss at `epoch` in original units² (the MSE scales with the square of y's spread).
  lossAt(epoch) {
    return this.losses[epoch] * (this.yStd * this.yStd);
  }
}

// Trains the hidden-layer explorer's network to the end, and its twin with the nudged learning
// rate; returns { rose, sensitive, unstable } (unstable: diverged, rose or sensitive).
export function trainAndCheck(trainer, twin, weights, units, learningRate) {
  trainer.start(weights, units, learningRate);
  trainer.advanceTo(trainer.epochs);
  twin.start(weights, units, learningRate * NUDGE);
  twin.advanceTo(twin.epochs);
  const rose = firstRise(trainer.losses, trainer.epoch);
  const sensitive = roundingSensitive(trainer, twin, (t) => [t.lossAt(t.epoch)]);
  return { rose, sensitive, unstable: trainer.diverged || rose > 0 || sensitive };
}
