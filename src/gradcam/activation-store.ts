/**
 * The session's cached activations: one per (target layer, augmentation) of the analysed image, so
 * that class switches never run the model again, with several layers and aug_smooth too. Each
 * entry is computed on first use (one forward pass) and freed when a request no longer uses it.
 */
import * as tf from '@tensorflow/tfjs';
import type { LoadedModel } from './model';
import type { LayerRun } from './run-method';

/** One test-time augmentation of the input (ttach: HorizontalFlip then Multiply). */
export interface Augmentation {
  hflip: boolean;
  multiply: number;
}

export const IDENTITY: Augmentation = { hflip: false, multiply: 1 };

/** pytorch-grad-cam's aug_smooth: ttach's hflip in {no, yes} x multiply in {0.9, 1, 1.1}, in that order. */
export const AUGMENTATIONS: readonly Augmentation[] = [false, true].flatMap((hflip) =>
  [0.9, 1, 1.1].map((multiply) => ({ hflip, multiply })),
);

export const isIdentity = (aug: Augmentation) => !aug.hflip && aug.multiply === 1;

interface Entry {
  activation: tf.Tensor4D;
  extras: tf.Tensor[];
  /** The augmented input (owned), or null for the identity (the store's own input). */
  input: tf.Tensor4D | null;
  logits: Float32Array;
}

const keyOf = (layer: string, aug: Augmentation) => `${layer}|${aug.hflip ? 'flip' : 'id'}|${aug.multiply}`;

interface Slot {
  pending: Promise<Entry>;
  /** Set once computed: acquire() then clones synchronously (no await in which it could be freed). */
  value?: Entry;
}

export class ActivationStore {
  private input: tf.Tensor4D | null = null;
  private logits: Float32Array | null = null;
  private readonly slots = new Map<string, Slot>();
  private generation = 0;

  constructor(
    private readonly model: LoadedModel,
    private readonly countForward: () => void,
  ) {}

  /** A new image (owned by the store from now on): frees the previous one and its activations. */
  reset(input: tf.Tensor4D): void {
    this.clear();
    this.input = input;
  }

  /** The image's logits and the forward pass analyze() ran for `layer`. */
  seed(logits: Float32Array, layer: string, activation: tf.Tensor4D, extras: tf.Tensor[]): void {
    this.logits = logits;
    const value = { activation, extras, input: null, logits };
    this.slots.set(keyOf(layer, IDENTITY), { pending: Promise.resolve(value), value });
  }

  /** Frees the image and every activation (one still being computed frees itself). */
  clear(): void {
    this.generation++;
    for (const slot of this.slots.values()) if (slot.value) disposeEntry(slot.value);
    this.slots.clear();
    this.input?.dispose();
    this.input = null;
    this.logits = null;
  }

  /** A run for (layer, aug): clones the caller owns (free them with disposeRun). */
  async acquire(layer: string, aug: Augmentation): Promise<LayerRun> {
    if (!this.input || !this.logits) throw new Error('Call analyze(image) before heatmap()');
    const key = keyOf(layer, aug);
    let slot = this.slots.get(key);
    if (!slot) {
      const created: Slot = { pending: this.compute(layer, aug) };
      created.pending.then(
        (value) => {
          created.value = value;
        },
        () => {
          if (this.slots.get(key) === created) this.slots.delete(key);
        },
      );
      this.slots.set(key, created);
      slot = created;
    }
    const generation = this.generation;
    const entry = slot.value ?? (await slot.pending);
    if (generation !== this.generation || !this.input)
      throw new Error('heatmap() was superseded by a new image');
    return {
      layer,
      split: this.model.split(layer),
      activation: tf.clone(entry.activation),
      extras: entry.extras.map((e) => tf.clone(e)),
      input: tf.clone(entry.input ?? this.input),
      logits: entry.logits,
    };
  }

  /** Frees every activation whose (layer, augmentation) is not in `keep`. */
  retain(keep: readonly { layer: string; aug: Augmentation }[]): void {
    const wanted = new Set(keep.map((k) => keyOf(k.layer, k.aug)));
    for (const [key, slot] of this.slots) {
      if (wanted.has(key)) continue;
      this.slots.delete(key);
      if (slot.value) disposeEntry(slot.value);
      else slot.pending.then(disposeEntry, () => {}); // after the callers awaiting it have cloned
    }
  }

  private async compute(layer: string, aug: Augmentation): Promise<Entry> {
    const split = this.model.split(layer);
    const generation = this.generation;
    const source = this.input!;
    const input = isIdentity(aug)
      ? null
      : tf.tidy(() => {
          const scaled = tf.mul(source, aug.multiply) as tf.Tensor4D;
          return aug.hflip ? (tf.reverse(scaled, 2) as tf.Tensor4D) : scaled;
        });
    const out = split.forward(input ?? source);
    this.countForward();
    let logits = this.logits!;
    try {
      if (input) logits = (await out.logits.data()) as Float32Array;
    } catch (error) {
      disposeEntry({ activation: out.activation, extras: out.extras, input, logits });
      throw error;
    } finally {
      out.logits.dispose();
    }
    const entry = { activation: out.activation, extras: out.extras, input, logits };
    if (generation !== this.generation) {
      disposeEntry(entry);
      throw new Error('heatmap() was superseded by a new image');
    }
    return entry;
  }
}

function disposeEntry(entry: Entry): void {
  tf.dispose([entry.activation, ...entry.extras]);
  entry.input?.dispose();
}

/** Frees the clones acquire() returned. */
export function disposeRun(run: LayerRun): void {
  tf.dispose([run.activation, run.input, ...run.extras]);
}
