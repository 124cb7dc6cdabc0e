// Mini-batch descent in the browser. Pure numerics: imports nothing, touches no DOM.

// Mini-batch descent from (m0, b0) along the given epoch orders (arrays of sample indices).
// The twin of nnlib.minibatch.minibatch_descent_from_orders: the same arithmetic in the same
// order (each batch's samples in increasing index, sums accumulated one sample at a time), so
// that both give the same bits. Do not "tidy" the expressions.
// Returns { m, b } (every step, index 0 = the start), losses and evaluations (every epoch,
// index 0 = the start), updatesRun, epochsRun, diverged.
// The mean squared error of the line (m, b) on all the data, summed in index order as nnlib's
// `_mse` sums it.
export function fullLoss(xs, ys, m, b) {
  let total = 0;
  for (let i = 0; i < xs.length; i++) {
    const e = xs[i] * m + b - ys[i];
    total += e * e;
  }
  return total / xs.length;
}

export function minibatchRun(xs, ys, orders, m0, b0, learningRate, batchSize, decay, divergenceFactor) {
  const n = xs.length;
  const perEpoch = Math.ceil(n / batchSize);
  const ms = new Float64Array(orders.length * perEpoch + 1);
  const bs = new Float64Array(orders.length * perEpoch + 1);
  const losses = [];
  const evaluations = [];
  let m = m0;
  let b = b0;
  ms[0] = m;
  bs[0] = b;
  losses.push(fullLoss(xs, ys, m, b));
  evaluations.push(0);
  const limit = divergenceFactor * (losses[0] + 1);
  let diverged = !Number.isFinite(losses[0]);
  let updates = 0;
  for (let epoch = 0; epoch < (diverged ? 0 : orders.length); epoch++) {
    const rate = learningRate / (1 + decay * epoch);
    const order = orders[epoch];
    let touched = evaluations[evaluations.length - 1];
    for (let start = 0; start < n; start += batchSize) {
      const batch = order.slice(start, start + batchSize).sort((p, q) => p - q);
      const size = batch.length;
      let sumE = 0;
      let sumEx = 0;
      let sumEe = 0;
      for (const i of batch) {
        const e = xs[i] * m + b - ys[i];
        sumE += e;
        sumEx += e * xs[i];
        sumEe += e * e;
      }
      const batchLoss = sumEe / size;
      if (!Number.isFinite(batchLoss) || batchLoss > limit) {
        diverged = true;
        break;
      }
      m = m - rate * ((2 * sumEx) / size);
      b = b - rate * ((2 * sumE) / size);
      updates += 1;
      ms[updates] = m;
      bs[updates] = b;
      touched += size;
    }
    losses.push(fullLoss(xs, ys, m, b));
    evaluations.push(touched);
    const last = losses[losses.length - 1];
    if (diverged || !Number.isFinite(last) || last > limit) {
      diverged = true;
      break;
    }
  }
  return {
    m: ms.subarray(0, updates + 1),
    b: bs.subarray(0, updates + 1),
    losses: Float64Array.from(losses),
    evaluations,
    updatesRun: updates,
    epochsRun: losses.length - 1,
    diverged,
  };
}
