import { MLPTrainer, sigmoid, softplus } from "./mlp.js";
import { firstRise } from "./stability.js";

export { sigmoid };

// The classifier explorer's network (chapter 12): 2 → k → 1, cross-entropy with a sigmoid
// output, trained on the training points: the twin of nnlib.network's MLPClassifier. The
// training is MLPTrainer's; this adds the test set's loss after each epoch, the accuracy, and
// training spread over animation frames. Pure numerics: imports nothing, touches no DOM.
export class ClassifierTrainer extends MLPTrainer {
  constructor({ trainX, trainY, testX, testY, epochs, divergenceFactor, maxUnits }) {
    super({ inputs: trainX.flat(), d: 2, targets: trainY, loss: "bce", epochs, divergenceFactor, maxUnits });
    this.TX = Float64Array.from(testX.flat());
    this.TY = Float64Array.from(testY);
    this.testLosses = new Float64Array(epochs + 1);
    // The epochs whose test loss is computed (the curve's; every one by default). The last
    // epoch's is computed by finish(), so the final test loss never depends on this choice.
    this.testAt = new Uint8Array(epochs + 1).fill(1);
    this.point = new Float64Array(2);
  }

  start(weights, k, activation, learningRate, epochs) {
    super.start(weights, k, activation, learningRate, epochs);
    this.testLosses.fill(NaN);
    this.testLosses[0] = this.testLoss();
  }

  step() {
    super.step();
    if (this.testAt[this.epoch]) this.testLosses[this.epoch] = this.testLoss();
  }

  // The output's weighted sum at the point (x0, x1).
  at(x0, x1) {
    this.point[0] = x0;
    this.point[1] = x1;
    return this.output(this.point, 0);
  }

  testLoss() {
    const { TX, TY } = this;
    let sum = 0;
    for (let i = 0; i < TY.length; i++) {
      const z = this.output(TX, 2 * i);
      sum += softplus(z) - TY[i] * z;
    }
    return sum / TY.length;
  }

  // Accuracy: the fraction of points whose class (1 where ŷ > 0.5) is right.
  accuracy(test) {
    const [X, Y] = test ? [this.TX, this.TY] : [this.X, this.T];
    let right = 0;
    for (let i = 0; i < Y.length; i++) {
      const p = sigmoid(this.output(X, 2 * i));
      if ((p > 0.5 ? 1 : 0) === Y[i]) right += 1;
    }
    return right / Y.length;
  }

  // Epochs until training is done or performance.now() passes `deadline` (at least one): the
  // same steps in the same order as train(), only spread over several calls.
  advance(deadline) {
    this.trainUntil(deadline);
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
