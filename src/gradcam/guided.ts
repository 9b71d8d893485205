/**
 * Guided Backpropagation (pytorch-grad-cam's GuidedBackpropReLUModel) and Guided Grad-CAM: the
 * input gradient of the class logit with every rectifier's backward pass keeping only positive
 * gradients at positive inputs: grad_in = f'(x) * grad_out * [grad_out > 0] * [x > 0]. ReLU is the
 * library's GuidedBackpropReLU; ReLU6 also drops the gradient above the cap; LeakyReLU drops the
 * negative slope. Forward passes are unchanged. Works for LayersModels and GraphModels alike: under
 * a tape tfjs runs every rectifier (fused ones too) as its own Relu / Relu6 / LeakyRelu kernel, and
 * those kernels' gradients are swapped for the guided ones for the duration of one backward pass.
 */
import * as tf from '@tensorflow/tfjs';
import { classMask } from './head-gradients';
import type { LoadedModel } from './model';
import { withGradients } from './swap-gradients';

const positive = (t: tf.Tensor) => tf.cast(tf.greater(t, 0), 'float32');

const GUIDED: Record<string, (dy: tf.Tensor, x: tf.Tensor) => tf.Tensor> = {
  Relu: (dy, x) => tf.mul(tf.mul(dy, positive(x)), positive(dy)),
  // x < 6 as 6 - x > 0: the same test, and tf.less's packed WebGL shader fails to compile here.
  Relu6: (dy, x) => tf.mul(tf.mul(dy, tf.mul(positive(x), positive(tf.sub(6, x)))), positive(dy)),
  LeakyRelu: (dy, x) => tf.mul(tf.mul(dy, positive(x)), positive(dy)),
};

const GUIDED_GRADIENTS: tf.GradConfig[] = Object.entries(GUIDED).map(([kernelName, rule]) => ({
  kernelName,
  inputsToSave: ['x'],
  gradFunc: (dy, inputs) => {
    const [x] = inputs as tf.Tensor[];
    return { x: () => rule(dy as tf.Tensor, x) };
  },
}));

/** d score[class] / d input through the whole model with the guided rule: [1, H, W, C]. Synchronous. */
export function guidedInputGradient(
  model: LoadedModel,
  x: tf.Tensor4D,
  classIndex: number,
  numClasses: number,
): tf.Tensor4D {
  return withGradients(GUIDED_GRADIENTS, () =>
    tf.tidy(() => {
      const mask = classMask([classIndex], numClasses);
      const score = (t: tf.Tensor) => tf.sum(tf.mul(model.inputLogits(t as tf.Tensor4D), mask));
      return tf.grad(score)(x) as tf.Tensor4D;
    }),
  );
}

/**
 * pytorch-grad-cam's deprocess_image: uint8(255 * clip((g - mean) / (std + 1e-5) * 0.1 + 0.5, 0, 1)),
 * mean and (population) std over every value. Returns RGB bytes, the input's layout.
 */
export function deprocessImage(g: ArrayLike<number>): Uint8ClampedArray {
  let mean = 0;
  for (let i = 0; i < g.length; i++) mean += g[i];
  mean /= g.length;
  let variance = 0;
  for (let i = 0; i < g.length; i++) variance += (g[i] - mean) ** 2;
  const std = Math.sqrt(variance / g.length);
  const out = new Uint8ClampedArray(g.length);
  for (let i = 0; i < g.length; i++) {
    const v = Math.min(1, Math.max(0, ((g[i] - mean) / (std + 1e-5)) * 0.1 + 0.5));
    out[i] = Math.trunc(v * 255); // np.uint8 truncates
  }
  return out;
}

/** Guided Grad-CAM: deprocess_image(cam[..., None] * g), cam H*W (the final map), g H*W*C. */
export function guidedGradCam(cam: ArrayLike<number>, g: ArrayLike<number>, channels = 3): Uint8ClampedArray {
  const product = new Float32Array(g.length);
  for (let i = 0; i < g.length; i++) product[i] = cam[Math.floor(i / channels)] * g[i];
  return deprocessImage(product);
}
