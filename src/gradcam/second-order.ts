/**
 * Second derivatives through tfjs backward passes (ShapleyCAM's Hessian-vector product). tfjs
 * nests tf.grad, but the backward passes of ReLU6, LeakyReLU and clipping build masks with
 * comparison ops that have no gradient, and a depthwise conv's input gradient has none either.
 * This adds the missing ones (it replaces no existing gradient): comparisons and logical ops are
 * piecewise constant (zero gradient); the input gradient of a depthwise conv is linear in dy, its
 * own gradient is the depthwise conv.
 *
 * tfjs also loses the second-order term of ops whose gradient reads their saved *output* (softmax,
 * tanh, sigmoid, exp, elu): the saved copy is taped before the op itself, so the tape does not link
 * it to the input. withSecondOrder() swaps those gradients, for one computation, for equivalent ones
 * that recompute the output from the saved input.
 */
import * as tf from '@tensorflow/tfjs';
import { withGradients } from './swap-gradients';

const fromInput = (
  kernelName: string,
  rule: (dy: tf.Tensor, x: tf.Tensor, attrs: tf.NamedAttrMap) => tf.Tensor,
) =>
  ({
    kernelName,
    inputsToSave: [kernelName === 'Softmax' ? 'logits' : 'x'],
    gradFunc: (dy, saved, attrs): Record<string, () => tf.Tensor> => {
      const [x] = saved as tf.Tensor[];
      return { [kernelName === 'Softmax' ? 'logits' : 'x']: () => rule(dy as tf.Tensor, x, attrs) };
    },
  }) satisfies tf.GradConfig;

const INPUT_BASED: tf.GradConfig[] = [
  fromInput('Softmax', (dy, x, attrs) => {
    const dim = (attrs as unknown as { dim: number }).dim;
    const y = tf.softmax(x, dim);
    return tf.mul(y, tf.sub(dy, tf.sum(tf.mul(dy, y), dim, true)));
  }),
  fromInput('Tanh', (dy, x) => tf.mul(dy, tf.sub(1, tf.square(tf.tanh(x))))),
  fromInput('Sigmoid', (dy, x) => {
    const s = tf.sigmoid(x);
    return tf.mul(dy, tf.mul(s, tf.sub(1, s)));
  }),
  fromInput('Exp', (dy, x) => tf.mul(dy, tf.exp(x))),
  fromInput('Elu', (dy, x) => tf.where(tf.greater(x, 0), dy, tf.mul(dy, tf.exp(x)))),
];

/** Runs a synchronous double backward with every gradient it needs (see above). */
export function withSecondOrder<T>(fn: () => T): T {
  ensureSecondOrderGradients();
  return withGradients(INPUT_BASED, fn);
}

const PIECEWISE_CONSTANT = ['Less', 'LessEqual', 'Greater', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr'];

let registered = false;

/** Registers the missing gradients once (idempotent; leaves every gradient tfjs has alone). */
export function ensureSecondOrderGradients(): void {
  if (registered) return;
  registered = true;
  for (const kernelName of PIECEWISE_CONSTANT) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => {
        const [a, b] = saved as tf.Tensor[];
        return { a: () => tf.zeros(a.shape), b: () => tf.zeros(b.shape) };
      },
    });
  }
  if (!tf.getGradient('LogicalNot')) {
    tf.registerGradient({
      kernelName: 'LogicalNot',
      inputsToSave: ['x'],
      gradFunc: (_dy, saved) => {
        const [x] = saved as tf.Tensor[];
        return { x: () => tf.zeros(x.shape) };
      },
    });
  }
  if (!tf.getGradient('DepthwiseConv2dNativeBackpropInput')) {
    tf.registerGradient({
      kernelName: 'DepthwiseConv2dNativeBackpropInput',
      inputsToSave: ['dy', 'filter'],
      gradFunc: (ddx, saved, attrs) => {
        const [, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
        const { strides, pad, dilations, dimRoundingMode } = attrs as unknown as {
          strides: [number, number];
          pad: 'valid' | 'same' | number;
          dilations: [number, number];
          dimRoundingMode?: 'floor' | 'round' | 'ceil';
        };
        return {
          dy: () =>
            tf.depthwiseConv2d(ddx as tf.Tensor4D, filter, strides, pad, 'NHWC', dilations, dimRoundingMode),
          filter: () => {
            throw new Error(
              'The gradient of a depthwise conv input gradient with respect to its filter is not supported',
            );
          },
        };
      },
    });
  }
}
