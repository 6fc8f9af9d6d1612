// Notebook 08's training step: one epoch (1000 SGD steps of batch 4) of the fused, allocation-free
// sgdEpoch against the same epoch written plainly — the batch gradient by lossAndGradient into a
// buffer, then the update (the baseline). Both give the same W; the ratio is the fusion's gain.
import {
  drawTanhTeacherStudent,
  initialStudent,
  lossAndGradient,
  sgdEpoch,
  sgdScratch,
} from "../lib/models/tanh_teacher_student.ts";
import { Rng } from "../lib/random/rng.ts";

const net = drawTanhTeacherStudent(Rng.fromSeed(2509));
const learningRate = 0.25;

const plain = initialStudent(net, 0.125);
const gradient = new Float64Array(plain.length);
Deno.bench(
  "phase step: one epoch, gradient then update",
  { group: "phase", baseline: true },
  () => {
    for (let b = 0; b < net.samples / 4; b++) {
      lossAndGradient(plain, net, 4 * b, 4, gradient);
      for (let k = 0; k < plain.length; k++) plain[k] -= learningRate * gradient[k];
    }
  },
);

const fused = initialStudent(net, 0.125);
const scratch = sgdScratch();
Deno.bench("phase step: one epoch, fused sgdEpoch", { group: "phase" }, () => {
  sgdEpoch(fused, net, learningRate, scratch);
});
