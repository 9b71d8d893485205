/**
 * A convolution's input gradient (the transposed convolution) as a FORWARD convolution, which every
 * backend runs fast (on wasm in XNNPACK): dy is dilated by the stride (zeros between rows and
 * columns), padded so that a VALID stride-1 conv gives x's shape, and convolved with the kernel
 * rotated by 180 degrees with its in/out channels swapped (the "gradient kernel").
 */
import * as tf from '@tensorflow/tfjs';

export type Pad = 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
export interface ConvAttrs {
  strides: number | [number, number];
  pad: Pad;
  dilations?: number | [number, number];
  dataFormat?: string;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export const pair = (v: number | [number, number] | undefined): [number, number] =>
  v == null ? [1, 1] : typeof v === 'number' ? [v, v] : v;

/** Zeros between dy's rows and columns (stride - 1 of them): the transposed conv's input. */
export function dilateByStride(dy: tf.Tensor4D, [sh, sw]: [number, number]): tf.Tensor4D {
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
export function transposedInput(
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

/** The kernel rotated by 180 degrees, as slices and a concat (wasm's Reverse and Gather loop per element). */
export function flipSpatially(filter: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw, ci, co] = filter.shape;
  if (kh * kw === 1) return filter;
  const taps = tf.split(tf.reshape(filter, [kh * kw, ci * co]), kh * kw, 0).reverse();
  return tf.reshape(tf.concat(taps, 0), filter.shape);
}

/** The conv's gradient kernel [kh, kw, Cout, Cin]: rotated by 180 degrees, channels swapped. */
export function gradientKernel(filter: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.transpose(flipSpatially(filter), [0, 1, 3, 2]) as tf.Tensor4D);
}

/** dx for a conv with `gradKernel` = gradientKernel(its kernel), or null where padding forbids it. */
export function convInputGrad(
  dy: tf.Tensor4D,
  xShape: number[],
  gradKernel: tf.Tensor4D,
  attrs: ConvAttrs,
): tf.Tensor4D | null {
  const [kh, kw, co, ci] = gradKernel.shape;
  const filterShape: [number, number, number, number] = [kh, kw, ci, co];
  const [sh, sw] = pair(attrs.strides);
  if (
    kh === 1 &&
    kw === 1 &&
    sh === 1 &&
    sw === 1 &&
    dy.shape[1] === xShape[1] &&
    dy.shape[2] === xShape[2]
  ) {
    return tf.conv2d(dy, gradKernel, 1, 'valid');
  }
  const input = transposedInput(dy, xShape, filterShape, attrs, false);
  return input ? tf.conv2d(input, gradKernel, 1, 'valid', 'NHWC', pair(attrs.dilations)) : null;
}
