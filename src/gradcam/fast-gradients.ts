/**
 * Input gradients that the WebAssembly backend computes fast (and at all). Measured on Tiny Darknet's
 * mid layer: tfjs-backend-wasm's Conv2DBackpropInput is a plain C++ loop (177 ms of a 288 ms map,
 * 7x the XNNPACK forward convs), it has no DepthwiseConv2dNativeBackpropInput at all (MobileNet's
 * mid-layer backward fell back to the pure-JS cpu backend: 221 ms for a 18 ms forward pass), and
 * FusedBatchNorm's gradient tiles a per-channel factor to the activation's full size before one
 * multiply. Grad-CAM only ever needs the gradient with respect to the layer INPUT, so:
 *
 * - Conv2D: dx is the transposed convolution over dy dilated by the stride and padded, computed as
 *   one XNNPACK matrix product per kernel tap (no kernel transpose: wasm's Transpose and Gather are
 *   element loops, 0.1 s per ResNet-50 3x3 kernel); a 1x1 stride-1 conv is a single product.
 * - DepthwiseConv2dNative: dx is a FORWARD depthwise conv with the kernel flipped over that dy.
 * - FusedBatchNorm: dx = dy * scale / sqrt(variance + eps), broadcast per channel, no tile.
 *
 * Same maths as tfjs's own gradients (checked against them in fast-gradients.test.ts); the other
 * inputs' gradients (filters, statistics) are left to tfjs's originals. The conv rules apply on
 * wasm only: the GPU backends have real backprop kernels.
 */
import * as tf from '@tensorflow/tfjs';
import {
  type ConvAttrs,
  convInputGrad,
  dilateByStride,
  flipSpatially,
  gradientKernel,
  pair,
  transposedInput,
} from './conv-transpose';

/**
 * A 1x1 stride-1 conv: dx^T = W . dy^T, one XNNPACK product that never transposes the kernel (only
 * the activation-sized dy and dx). Larger kernels: a forward conv with the gradient kernel, built
 * per call (nothing is cached: a split owns no tensors, so the engine's memory stays what it was).
 */
function conv2dInputGrad(dy: tf.Tensor4D, x: tf.Tensor4D, filter: tf.Tensor4D, attrs: ConvAttrs) {
  const [kh, kw, ci, co] = filter.shape;
  const [sh, sw] = pair(attrs.strides);
  const [b, h, w] = x.shape;
  const [, oh, ow] = dy.shape;
  const pointwise = (t: tf.Tensor4D): tf.Tensor4D => {
    const dyT = tf.transpose(tf.reshape(t, [-1, co])); // [Cout, B*oh*ow]
    return tf.reshape(tf.transpose(tf.matMul(tf.reshape(filter, [ci, co]), dyT)), [b, oh, ow, ci]);
  };
  if (kh === 1 && kw === 1 && sh === 1 && sw === 1 && oh === h && ow === w) return pointwise(dy);
  if (kh === 1 && kw === 1 && unpadded(x.shape, filter.shape, attrs)) {
    // A strided 1x1 conv (ResNet's downsampling convs) reads only every s-th pixel: the product at
    // dy's resolution, then zeros between (and after) its rows and columns. Dilating dy first and
    // convolving at x's resolution costs s^2 times the multiplies (263 ms instead of 15 on ResNet-50).
    const dx = dilateByStride(pointwise(dy), [sh, sw]);
    return tf.pad(dx, [
      [0, 0],
      [0, h - dx.shape[1]],
      [0, w - dx.shape[2]],
      [0, 0],
    ]);
  }
  return convInputGrad(dy, x.shape, gradientKernel(filter), attrs);
}

/** Whether output pixel (i, j) reads x at (i * sh, j * sw): no padding before x, none read after it. */
function unpadded(xShape: number[], filterShape: [number, number, number, number], attrs: ConvAttrs) {
  if (attrs.dataFormat && attrs.dataFormat !== 'NHWC') return false;
  const [dh, dw] = pair(attrs.dilations);
  if (dh !== 1 || dw !== 1) return false;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape,
    pair(attrs.strides),
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { top, left } = info.padInfo;
  // ...and reads no padding after x either (the last output row and column fall inside it).
  const inside =
    (info.outHeight - 1) * info.strideHeight < xShape[1] &&
    (info.outWidth - 1) * info.strideWidth < xShape[2];
  return top === 0 && left === 0 && inside;
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
