/** Layers that stand in for the model's own inside the rebuilt head (cheaper, exact gradients). */
import * as tf from '@tensorflow/tfjs';
import { convInputGrad, gradientKernel } from './conv-transpose';
import { exactHeadSubstitute } from './exact-head-layers';

type Layer = tf.layers.Layer;

/**
 * Stand-in for a Conv2D layer inside the head. tf.layers' Conv2D always calls tf.fused.conv2d,
 * whose gradient (with a linear activation, i.e. under a tape) is a customGrad that computes the
 * FILTER gradient too: 5 s of Conv2DBackpropFilter on cpu for Tiny Darknet's 1x1 head conv, and a
 * kernel wasm does not have. This layer reads the same variables (no copy) and uses the plain
 * conv2d + bias + activation ops, whose tape only differentiates what leads from A to the score.
 *
 * A kernel larger than 1x1 gets its input gradient as a forward conv with the gradient kernel
 * (conv-transpose.ts), built once with the split and freed with it: per call, building it (and
 * XNNPACK repacking it) cost 1.2 s per ResNet-50 stage-4 map, and wasm's Conv2DBackpropInput is a
 * plain loop. 1x1 kernels need no such copy (fast-gradients.ts: one matrix product).
 */
class HeadConv2D extends tf.layers.Layer {
  static className = 'GradCamHeadConv2D';
  private readonly gradKernel: tf.Tensor4D | null;
  constructor(private readonly original: Layer) {
    super({ name: `${original.name}_head_${uid()}`, trainable: false });
    const kernel = (original as unknown as ConvInternals).kernel.read() as tf.Tensor4D;
    this.gradKernel = kernel.shape[0] * kernel.shape[1] > 1 ? gradientKernel(kernel) : null;
  }
  override dispose(): ReturnType<Layer['dispose']> {
    const result = super.dispose();
    if (result.refCountAfterDispose === 0) this.gradKernel?.dispose();
    return result;
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return this.original.computeOutputShape(inputShape);
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const conv = this.original as unknown as ConvInternals;
      const kernel = conv.kernel.read() as tf.Tensor4D;
      const attrs = {
        strides: conv.strides as [number, number],
        pad: conv.padding === 'same' ? ('same' as const) : ('valid' as const),
        dilations: conv.dilationRate as [number, number],
      };
      const plain = (input: tf.Tensor) =>
        tf.conv2d(input as tf.Tensor4D, kernel, attrs.strides, attrs.pad, 'NHWC', attrs.dilations);
      const { gradKernel } = this;
      const convolve = gradKernel
        ? tf.customGrad(((input: tf.Tensor) => ({
            value: plain(input),
            gradFunc: (dy: tf.Tensor) =>
              convInputGrad(dy as tf.Tensor4D, input.shape, gradKernel, attrs) ??
              tf.conv2dTranspose(
                dy as tf.Tensor4D,
                kernel,
                input.shape as [number, number, number, number],
                attrs.strides,
                attrs.pad,
              ),
          })) as Parameters<typeof tf.customGrad>[0])
        : plain;
      let y = convolve(x) as tf.Tensor;
      if (conv.bias) y = tf.add(y, conv.bias.read());
      return conv.activation ? conv.activation.apply(y) : y;
    });
  }
}

interface ConvInternals {
  kernel: { read(): tf.Tensor };
  bias?: { read(): tf.Tensor } | null;
  strides: number[];
  padding: string;
  dilationRate: number[];
  activation?: { apply(t: tf.Tensor): tf.Tensor };
}

/**
 * Conv2D layers (channels-last, not causal) are replaced by HeadConv2D in the head; BatchNormalization
 * and AveragePooling2D('same') by exact-gradient stand-ins (exact-head-layers.ts).
 */
export function headSubstitute(layer: Layer): Layer | undefined {
  if (layer.getClassName() !== 'Conv2D') return exactHeadSubstitute(layer);
  const config = layer.getConfig() as { dataFormat?: string; padding?: string };
  if (config.dataFormat === 'channelsFirst' || (config.padding !== 'same' && config.padding !== 'valid')) {
    return undefined;
  }
  return new HeadConv2D(layer);
}

let uidCounter = 0;
export function uid(): number {
  uidCounter += 1;
  return uidCounter;
}
