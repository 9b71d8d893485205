/**
 * The model-randomisation sanity check (Adebayo et al. 2018), cascading: on a private copy of the
 * weights, re-initialise the blocks from the output down, one at a time (seeded), recompute the
 * map after each and compare it with the original by Spearman rank correlation. A map that barely
 * changes when the weights are destroyed explains the image, not the model. The loaded model is
 * never changed; every tensor made here is disposed.
 */
import type * as tf from '@tensorflow/tfjs';
import { throwIfAborted, yieldAndCheck } from '../abort';
import type { MethodName } from '../methods/registry';
import { LayersGradCamModel, type LoadedModel } from '../model';
import { createSession } from '../session';
import type { CamOptions } from '../types';
import { checkInput } from './forward';
import { copyLayersModel, randomizationBlocks, randomizeBlock } from './randomize';
import { spearman } from './rank-correlation';

export interface SanityOptions extends Pick<CamOptions, 'maxChannels'> {
  method?: MethodName;
  /** Target layer (default the model's default layer). */
  layer?: string;
  /** Seed of the re-initialisation (default 0). */
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface SanityStep {
  /** Blocks randomised so far (0 = the original model). */
  randomized: number;
  /** The layers re-initialised at this step (top block first). */
  layers: string[];
  /** Spearman rank correlation of this step's final map with the original's. */
  correlation: number;
  /** This step's map at layer resolution (for thumbnails). */
  lowRes: Float32Array;
}

export interface SanityResult {
  method: MethodName;
  layer: string;
  classIndex: number;
  blocks: number;
  steps: SanityStep[];
  /** The correlation once the top half of the blocks is random. */
  halfwayCorrelation: number;
  /** True when the map depends on the weights (halfway correlation below 0.5). */
  passed: boolean;
  /** The outcome in plain words. */
  verdict: string;
}

export const SANITY_THRESHOLD = 0.5;

export function sanityVerdict(halfway: number): string {
  const r = halfway.toFixed(2);
  return halfway < SANITY_THRESHOLD
    ? `Passed: with the top half of the model's layers replaced by random weights the map changes ` +
        `(rank correlation ${r} with the original), so it reflects what the model learned.`
    : `Failed: with the top half of the model's layers replaced by random weights the map barely ` +
        `changes (rank correlation ${r}), so it shows the image more than the model's reasoning.`;
}

export async function cascadingRandomization(
  model: LoadedModel,
  input: tf.Tensor4D,
  classIndex: number,
  opts: SanityOptions = {},
): Promise<SanityResult> {
  checkInput(model, input);
  if (model.format !== 'layers') {
    throw new Error('The sanity check needs a Keras-style (layers) model; this one is a graph model');
  }
  const method = opts.method ?? 'gradcam';
  const layer = opts.layer ?? model.defaultLayer;
  const seed = opts.seed ?? 0;
  throwIfAborted(opts.signal);
  const copy = new LayersGradCamModel(await copyLayersModel(model.tfModel as tf.LayersModel), model.meta);
  try {
    const blocks = randomizationBlocks(copy.tfModel);
    const mapOf = async () => {
      const session = createSession(copy, { layer });
      try {
        await session.analyze({ preprocessed: input }, { signal: opts.signal, topK: 1 });
        return await session.heatmap(classIndex, method, {
          signal: opts.signal,
          maxChannels: opts.maxChannels,
        });
      } finally {
        session.dispose();
      }
    };
    const original = await mapOf();
    const steps: SanityStep[] = [{ randomized: 0, layers: [], correlation: 1, lowRes: original.lowRes }];
    for (let b = 0; b < blocks.length; b++) {
      await yieldAndCheck(opts.signal);
      randomizeBlock(blocks[b], seed * 100_003 + b);
      copy.disposeSplits(); // splits may hold twins of a layer's weights (e.g. a softmax layer's linear copy)
      const cam = await mapOf();
      steps.push({
        randomized: b + 1,
        layers: blocks[b].map((l) => l.name),
        correlation: spearman(original.heatmap, cam.heatmap),
        lowRes: cam.lowRes,
      });
      opts.onProgress?.((b + 1) / blocks.length);
    }
    const halfwayCorrelation = steps[Math.ceil(blocks.length / 2)].correlation;
    return {
      method,
      layer,
      classIndex,
      blocks: blocks.length,
      steps,
      halfwayCorrelation,
      passed: halfwayCorrelation < SANITY_THRESHOLD,
      verdict: sanityVerdict(halfwayCorrelation),
    };
  } finally {
    copy.dispose();
  }
}
