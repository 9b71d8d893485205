/**
 * Head stand-ins for two layers whose tfjs gradient is wrong or broken (the forward passes are
 * right, so the base keeps the model's own layers):
 *
 * - BatchNormalization with scale=false or center=false: tf.batchNorm's gradient reads the missing
 *   gamma/beta and throws ("Cannot read properties of undefined (reading 'dataId')"). The stand-in
 *   computes (x - mean) * gamma / sqrt(var + eps) + beta with plain ops (inference statistics).
 * - AveragePooling2D with 'same' padding: tfjs's AvgPoolGrad divides by kh*kw at the borders,
 *   where the forward pass divides by the number of cells inside the image. The stand-in pads with
 *   zeros, averages 'valid' (exact gradient) and divides by the constant count of real cells.
 */
import * as tf from '@tensorflow/tfjs';
import { uid } from './head-layers';

type Layer = tf.layers.Layer;
interface Readable {
  read(): tf.Tensor;
}

interface BatchNormInternals {
  axis: number;
  epsilon: number;
  gamma?: Readable | null;
  beta?: Readable | null;
  movingMean: Readable;
  movingVariance: Readable;
}

class HeadBatchNorm extends tf.layers.Layer {
  static className = 'GradCamHeadBatchNorm';
  constructor(private readonly original: Layer) {
    super({ name: `${original.name}_head_${uid()}`, trainable: false });
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const bn = this.original as unknown as BatchNormInternals;
      let factor = tf.rsqrt(tf.add(bn.movingVariance.read(), bn.epsilon));
      if (bn.gamma) factor = tf.mul(factor, bn.gamma.read());
      let y = tf.mul(tf.sub(x, bn.movingMean.read()), factor);
      if (bn.beta) y = tf.add(y, bn.beta.read());
      return y;
    });
  }
}

/** TensorFlow's 'same' padding along one axis: [before, after]. */
export function samePadding(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

interface PoolInternals {
  poolSize: [number, number];
  strides: [number, number];
}

class HeadAvgPoolSame extends tf.layers.Layer {
  static className = 'GradCamHeadAvgPoolSame';
  constructor(private readonly original: Layer) {
    super({ name: `${original.name}_head_${uid()}`, trainable: false });
  }
  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return this.original.computeOutputShape(inputShape);
  }
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
      const { poolSize, strides } = this.original as unknown as PoolInternals;
      const [, h, w] = x.shape;
      const pads: [number, number][] = [
        [0, 0],
        samePadding(h, poolSize[0], strides[0]),
        samePadding(w, poolSize[1], strides[1]),
        [0, 0],
      ];
      const sum = tf.avgPool(tf.pad(x, pads), poolSize, strides, 'valid');
      const count = tf.avgPool(
        tf.pad(tf.ones([1, h, w, 1]), pads) as tf.Tensor4D,
        poolSize,
        strides,
        'valid',
      );
      return tf.div(sum, count);
    });
  }
}

/** A stand-in for BatchNormalization (channels-last) and AveragePooling2D('same', channels-last). */
export function exactHeadSubstitute(layer: Layer): Layer | undefined {
  const cls = layer.getClassName();
  const config = layer.getConfig() as { axis?: number | number[]; padding?: string; dataFormat?: string };
  if (cls === 'BatchNormalization') {
    const axis = Array.isArray(config.axis) ? config.axis : [config.axis ?? -1];
    return axis.length === 1 && (axis[0] === -1 || axis[0] === 3) ? new HeadBatchNorm(layer) : undefined;
  }
  if (cls === 'AveragePooling2D' && config.padding === 'same' && config.dataFormat !== 'channelsFirst') {
    return new HeadAvgPoolSame(layer);
  }
  return undefined;
}
