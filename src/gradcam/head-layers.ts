/** Layers that stand in for the model's own inside the rebuilt head (cheaper, exact gradients). */
import * as tf from '@tensorflow/tfjs';
import { exactHeadSubstitute } from './exact-head-layers';

type Layer = tf.layers.Layer;

/**
 * Stand-in for a Conv2D layer inside the head. tf.layers' Conv2D always calls tf.fused.conv2d,
 * whose gradient (with a linear activation, i.e. under a tape) is a customGrad that computes the
 * FILTER gradient too: 5 s of Conv2DBackpropFilter on cpu for Tiny Darknet's 1x1 head conv, and a
 * kernel wasm does not have. This layer reads the same variables (no copy) and uses the plain
 * conv2d + bias + activation ops, whose tape only differentiates what leads from A to the score.
 */
class HeadConv2D extends tf.layers.Layer {
  static className = 'GradCamHeadConv2D';
  constructor(private readonly original: Layer) {
    super({ name: `${original.name}_head_${uid()}`, trainable: false });
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return this.original.computeOutputShape(inputShape);
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const conv = this.original as unknown as ConvInternals;
      let y: tf.Tensor = tf.conv2d(
        x,
        conv.kernel.read() as tf.Tensor4D,
        conv.strides as [number, number],
        conv.padding === 'same' ? 'same' : 'valid',
        'NHWC',
        conv.dilationRate as [number, number],
      );
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
