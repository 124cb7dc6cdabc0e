import { MLPTrainer } from "./mlp.js";
import { NUDGE, firstRise, roundingSensitive } from "./stability.js";

// The hidden-layer explorer's network (chapter 11): 1 → k → 1, tanh, mean squared error, on
// x and y standardised as nnlib's explorer does. The training is MLPTrainer's; this adds the
// standardisation, the curve in original units and the loss in original units².
export class NetworkTrainer extends MLPTrainer {
  constructor({ x, y, xMean, xStd, yMean, yStd, epochs, divergenceFactor, maxUnits }) {
    // As Python: z = (x − x_mean)/x_std, t = (y − y_mean)/y_std, element by element.
    const inputs = Float64Array.from(x, (v) => (v - xMean) / xStd);
    const targets = Float64Array.from(y, (v) => (v - yMean) / yStd);
    super({ inputs, d: 1, targets, loss: "mse", epochs, divergenceFactor, maxUnits });
    Object.assign(this, { xMean, xStd, yMean, yStd });
    this.point = new Float64Array(1);
  }

  start(weights, k, learningRate) {
    super.start(weights, k, "tanh", learningRate);
  }

  // The network's output in original units at the original-unit inputs xs, written into out.
  predict(xs, out) {
    for (let i = 0; i < xs.length; i++) {
      this.point[0] = (xs[i] - this.xMean) / this.xStd;
      out[i] = this.output(this.point, 0) * this.yStd + this.yMean;
    }
    return out;
  }

  // The loss at `epoch` in original units² (the MSE scales with the square of y's spread).
  lossAt(epoch) {
    return this.losses[epoch] * (this.yStd * this.yStd);
  }
}

// Whether rounding can change what the page prints for a trained run, given its twin trained
// with the learning rate nudged (×NUDGE): { rose, sensitive, unstable } (unstable: diverged,
// the loss rose at some epoch, or the twin prints other digits).
export function twinCheck(trainer, twin) {
  const rose = firstRise(trainer.losses, trainer.epoch);
  const sensitive = roundingSensitive(trainer, twin, (t) => [t.lossAt(t.epoch)]);
  return { rose, sensitive, unstable: trainer.diverged || rose > 0 || sensitive };
}

// Trains the hidden-layer explorer's network to the end, and its twin; returns twinCheck's.
export function trainAndCheck(trainer, twin, weights, units, learningRate) {
  trainer.start(weights, units, learningRate);
  trainer.advanceTo(trainer.epochs);
  twin.start(weights, units, learningRate * NUDGE);
  twin.advanceTo(twin.epochs);
  return twinCheck(trainer, twin);
}
