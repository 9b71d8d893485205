/**
 * Input gradients that the WebAssembly backend computes fast (and at all). Measured on Tiny Darknet's
 * mid layer: tfjs-backend-wasm's Conv2DBackpropInput is a plain C++ loop (177 ms of a 288 ms map,
 * 7x the XNNPACK forward convs), it has no DepthwiseConv2dNativeBackpropInput at all (MobileNet's
 * mid-layer backward fell back to the pure-JS cpu backend: 221 ms for a 18 ms forward pass), and
 * FusedBatchNorm's gradient tiles a per-channel factor to the activation's full size before one
 * multiply. Grad-CAM only ever needs the gradient with respect to the layer INPUT, so:
 *
 * - Conv2D, DepthwiseConv2dNative: dx is the transposed convolution, written as a FORWARD conv
 *   (the kernel flipped, in/out channels swapped) over dy dilated by the stride and padded; a 1x1,
 *   stride-1 conv is a matrix product with the kernel transposed. Forward convs run in XNNPACK.
 * - FusedBatchNorm: dx = dy * scale / sqrt(variance + eps), broadcast per channel, no tile.
 *
 * Same maths as tfjs's own gradients (checked against them in fast-gradients.test.ts); the other
 * inputs' gradients (filters, statistics) are left to tfjs's originals. The conv rules apply on
 * wasm only: the GPU backends have real backprop kernels.
 */
import * as tf from '@tensorflow/tfjs';

type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
interface ConvAttrs {
  strides: number | [number, number];
  pad: Pad;
  dilations?: number | [number, number];
  dataFormat?: string;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const pair = (v: number | [number, number] | undefined): [number, number] =>
  v == null ? [1, 1] : typeof v === 'number' ? [v, v] : v;

/** Zeros between dy's rows and columns (stride - 1 of them): the transposed conv's input. */
function dilateByStride(dy: tf.Tensor4D, [sh, sw]: [number, number]): tf.Tensor4D {
  let t = dy;
  const [b, , w, c] = dy.shape;
  if (sh > 1) {
    const h = t.shape[1];
    t = tf
      .pad(tf.reshape(t, [b, h, 1, w, c]), [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, 0],
      ])
      .reshape([b, h * sh, w, c])
      .slice([0, 0, 0, 0], [b, (h - 1) * sh + 1, w, c]) as tf.Tensor4D;
  }
  if (sw > 1) {
    const h = t.shape[1];
    t = tf
      .pad(tf.reshape(t, [b, h, w, 1, c]), [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ])
      .reshape([b, h, w * sw, c])
      .slice([0, 0, 0, 0], [b, h, (w - 1) * sw + 1, c]) as tf.Tensor4D;
  }
  return t;
}

/**
 * dy dilated and padded so that a VALID stride-1 conv with the flipped kernel gives dx of x's shape,
 * or null where the forward padding cannot be undone that way (then tfjs's own kernel is used).
 */
function transposedInput(
  dy: tf.Tensor4D,
  xShape: number[],
  filterShape: [number, number, number, number],
  attrs: ConvAttrs,
  depthwise: boolean,
): tf.Tensor4D | null {
  if (attrs.dataFormat && attrs.dataFormat !== 'NHWC') return null;
  const strides = pair(attrs.strides);
  const dilations = pair(attrs.dilations);
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape,
    strides,
    dilations,
    attrs.pad,
    attrs.dimRoundingMode,
    depthwise,
  );
  const pads: [number, number][] = [];
  for (const axis of [0, 1]) {
    const k = (filterShape[axis] - 1) * dilations[axis] + 1;
    const before = k - 1 - (axis === 0 ? info.padInfo.top : info.padInfo.left);
    const dilated = (dy.shape[axis + 1] - 1) * strides[axis] + 1;
    const after = xShape[axis + 1] + k - 1 - before - dilated;
    if (before < 0 || after < 0) return null;
    pads.push([before, after]);
  }
  return tf.pad(dilateByStride(dy, strides), [[0, 0], pads[0], pads[1], [0, 0]]);
}

/** The kernel rotated by 180 degrees: one row gather (wasm's Reverse kernel is an element loop). */
function flipSpatially(filter: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw, ci, co] = filter.shape;
  const order = tf.tensor1d(
    Array.from({ length: kh * kw }, (_, i) => kh * kw - 1 - i),
    'int32',
  );
  return tf.reshape(tf.gather(tf.reshape(filter, [kh * kw, ci * co]), order), filter.shape);
}

function conv2dInputGrad(dy: tf.Tensor4D, x: tf.Tensor4D, filter: tf.Tensor4D, attrs: ConvAttrs) {
  const [kh, kw, ci, co] = filter.shape;
  const [sh, sw] = pair(attrs.strides);
  // A 1x1 stride-1 conv has no padding: dx = dy . W^T, one matrix product.
  if (
    kh === 1 &&
    kw === 1 &&
    sh === 1 &&
    sw === 1 &&
    dy.shape[1] === x.shape[1] &&
    dy.shape[2] === x.shape[2]
  ) {
    // W^T explicitly: wasm's matMul runs in XNNPACK only without transpose flags.
    const flat = tf.matMul(tf.reshape(dy, [-1, co]), tf.transpose(tf.reshape(filter, [ci, co])));
    return tf.reshape(flat, x.shape);
  }
  const input = transposedInput(dy, x.shape, filter.shape, attrs, false);
  if (!input) return null;
  const flipped = tf.transpose(flipSpatially(filter), [0, 1, 3, 2]) as tf.Tensor4D;
  return tf.conv2d(input, flipped, 1, 'valid', 'NHWC', pair(attrs.dilations));
}

function depthwiseInputGrad(dy: tf.Tensor4D, x: tf.Tensor4D, filter: tf.Tensor4D, attrs: ConvAttrs) {
  const [kh, kw, ci, m] = filter.shape;
  const input = transposedInput(dy, x.shape, filter.shape, attrs, true);
  if (!input) return null;
  const flipped = tf.reshape(flipSpatially(filter), [kh, kw, ci * m, 1]) as tf.Tensor4D;
  const out = tf.depthwiseConv2d(input, flipped, 1, 'valid', 'NHWC', pair(attrs.dilations));
  if (m === 1) return out;
  const [b, h, w] = out.shape;
  return tf.sum(tf.reshape(out, [b, h, w, ci, m]), -1);
}

type InputGrad = (dy: tf.Tensor4D, x: tf.Tensor4D, filter: tf.Tensor4D, attrs: ConvAttrs) => tf.Tensor | null;

/** Replaces the x-gradient of a conv kernel on wasm; the filter gradient stays tfjs's own. */
function convGradient(kernelName: string, inputGrad: InputGrad): void {
  const original = tf.getGradient(kernelName);
  tf.registerGradient({
    kernelName,
    inputsToSave: original.inputsToSave,
    gradFunc: (dy, saved, attrs) => {
      const grads = original.gradFunc(dy, saved, attrs);
      if (tf.getBackend() !== 'wasm') return grads;
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const tfjsX = grads.x;
      return {
        ...grads,
        x: () => inputGrad(dy as tf.Tensor4D, x, filter, attrs as unknown as ConvAttrs) ?? tfjsX(),
      };
    },
  });
}

function batchNormGradient(): void {
  const original = tf.getGradient('FusedBatchNorm');
  tf.registerGradient({
    kernelName: 'FusedBatchNorm',
    inputsToSave: original.inputsToSave, // x, mean, variance, scale
    gradFunc: (dy, saved, attrs) => {
      const [x, , variance, scale] = saved;
      const eps = (attrs as { varianceEpsilon: number }).varianceEpsilon;
      // tfjs's gradFunc computes x - mean and dy * scale up front: only pay for it when asked.
      let others: Record<string, () => tf.Tensor> | undefined;
      const lazy = (name: string) => () => {
        others ??= original.gradFunc(dy, saved, attrs);
        return others[name]();
      };
      return {
        x: () => {
          const factor = tf.rsqrt(tf.add(variance, tf.scalar(eps)));
          return tf.reshape(tf.mul(dy as tf.Tensor, scale == null ? factor : tf.mul(factor, scale)), x.shape);
        },
        mean: lazy('mean'),
        variance: lazy('variance'),
        scale: lazy('scale'),
        offset: lazy('offset'),
      };
    },
  });
}

let installed = false;

/** Installs the gradients above once per process (idempotent). */
export function installFastGradients(): void {
  if (installed) return;
  installed = true;
  convGradient('Conv2D', conv2dInputGrad);
  convGradient('DepthwiseConv2dNative', depthwiseInputGrad);
  batchNormGradient();
}
