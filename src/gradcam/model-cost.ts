/**
 * What one forward pass costs, in multiply-adds, read from a LayersModel's layers (no pass is run):
 * the convolutions and dense layers, which are nearly all of an image classifier's work. The page uses
 * it to choose the wasm thread count of the video modes (src/worker/wasm-threads.ts), so it must be
 * known before the first frame and the same on every load of the same model.
 */
import type * as tf from '@tensorflow/tfjs';

type Shape = readonly (number | null)[];

interface LayerLike {
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  // Node 0: the model's own graph (the engine's split models add inbound nodes of the same shapes).
  getInputAt(node: number): tf.SymbolicTensor | tf.SymbolicTensor[];
  getOutputAt(node: number): tf.SymbolicTensor | tf.SymbolicTensor[];
}

const first = (x: tf.SymbolicTensor | tf.SymbolicTensor[]): Shape => (Array.isArray(x) ? x[0] : x).shape;
const inputShape = (layer: LayerLike): Shape => first(layer.getInputAt(0));

/** Output positions, for a layer whose output is [batch, h, w, c]. */
function positions(shape: Shape): number | null {
  const [, h, w] = shape;
  return h != null && w != null ? h * w : null;
}

const kernelArea = (config: Record<string, unknown>): number =>
  ((config.kernel_size ?? config.kernelSize) as number[]).reduce((a, b) => a * b, 1);

/** One layer's multiply-adds, 0 for the cheap ones, null when a size is unknown (a dynamic input). */
function layerCost(layer: LayerLike): number | null {
  const kind = layer.getClassName();
  const config = layer.getConfig();
  const out = first(layer.getOutputAt(0));
  const inChannels = inputShape(layer).at(-1);
  const outChannels = out.at(-1);
  if (inChannels == null || outChannels == null) return null;
  switch (kind) {
    case 'Conv2D':
    case 'Conv2DTranspose': {
      const at = positions(kind === 'Conv2D' ? out : inputShape(layer));
      return at == null ? null : at * kernelArea(config) * inChannels * outChannels;
    }
    case 'DepthwiseConv2D': {
      const at = positions(out);
      return at == null ? null : at * kernelArea(config) * outChannels;
    }
    case 'SeparableConv2D': {
      const at = positions(out);
      // tfjs leaves depthMultiplier out of a separable convolution's config: the layer has it.
      const multiplier = (layer as { depthMultiplier?: number }).depthMultiplier ?? 1;
      return at == null
        ? null
        : at * (kernelArea(config) * inChannels * multiplier + inChannels * multiplier * outChannels);
    }
    case 'Dense':
      return inChannels * outChannels;
    default:
      return 0;
  }
}

/** A LayersModel's multiply-adds per image; null for a GraphModel or where a size is unknown. */
export function multiplyAdds(model: tf.LayersModel | tf.GraphModel): number | null {
  if (!('layers' in model)) return null;
  let total = 0;
  for (const layer of model.layers) {
    // A model used as a layer (a Keras application inside a wrapper): its own layers count.
    const cost =
      'layers' in layer ? multiplyAdds(layer as tf.LayersModel) : layerCost(layer as unknown as LayerLike);
    if (cost == null) return null;
    total += cost;
  }
  return total;
}
