/**
 * Classifier heads: what the model's output means (one class, a binary sigmoid, or independent
 * labels), how the scores to explain and the probabilities are derived from its pre-activation.
 *
 * - multiclass: scores = logits; probabilities = softmax (the model's own, or of plain logits).
 * - binary (one sigmoid unit, logit z): two classes with scores [-z, z], so class 1's score is z and
 *   class 0's is -z, exactly pytorch-grad-cam's BinaryClassifierOutputTarget; p = sigmoid(score).
 * - multilabel (several sigmoid units): scores = logits; each p = sigmoid(logit), independent.
 */
import * as tf from '@tensorflow/tfjs';
import { softmax } from './math';
import type { Task } from './types';

export const TASKS: readonly Task[] = ['multiclass', 'binary', 'multilabel'];

export function isTask(value: unknown): value is Task {
  return typeof value === 'string' && (TASKS as readonly string[]).includes(value);
}

/** The activation found (and bypassed) after the score layer. */
export type Squash = 'softmax' | 'sigmoid' | 'none';

export interface HeadInfo {
  task: Task;
  /** Classes shown and explained (2 for a binary unit). */
  numClasses: number;
  /** For people: how the probabilities are obtained, and why. */
  note: string;
}

/**
 * The task from the output activation and its number of units; `override` (from metadata or the
 * user) wins where it makes sense, and is refused with a reason where it cannot.
 */
export function detectHead(squash: Squash, units: number, override?: Task): HeadInfo {
  if (!Number.isInteger(units) || units < 1) throw new Error(`The model output has ${units} units`);
  let task: Task;
  let why: string;
  if (override) {
    if (override === 'binary' && units !== 1)
      throw new Error(`task 'binary' needs one output unit; the model has ${units}`);
    if (override !== 'binary' && units === 1)
      throw new Error(`task '${override}' needs at least two output units; the model has one (binary)`);
    task = override;
    why = 'as its metadata says';
  } else if (units === 1) {
    task = 'binary';
    why = squash === 'sigmoid' ? 'one sigmoid unit' : 'one output unit';
  } else if (squash === 'sigmoid') {
    task = 'multilabel';
    why = `${units} sigmoid units`;
  } else {
    task = 'multiclass';
    why = squash === 'softmax' ? 'softmax output' : 'logits without a softmax';
  }
  const how =
    task === 'multiclass'
      ? squash === 'softmax'
        ? 'probabilities by softmax'
        : 'probabilities by softmax of the logits'
      : task === 'binary'
        ? 'two classes, p = sigmoid(logit), class 0 scored by -logit'
        : 'independent probabilities by sigmoid';
  return { task, numClasses: task === 'binary' ? 2 : units, note: `${task} (${why}): ${how}` };
}

/** Model pre-activation [N, units] -> the scores explained [N, numClasses] (a binary unit z -> [-z, z]). */
export function headScores(logits: tf.Tensor2D, task: Task): tf.Tensor2D {
  if (task !== 'binary') return logits;
  return tf.tidy(() => tf.concat([tf.neg(logits), logits], 1) as tf.Tensor2D);
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** Probabilities for one image's scores (headScores' output). */
export function headProbabilities(scores: Float32Array, task: Task): Float32Array {
  if (task === 'multiclass') return softmax(scores);
  return scores.map(sigmoid);
}

/** Labels for the two classes of a binary head from 0, 1 or 2 names. */
export function binaryLabels(names: readonly string[]): string[] {
  if (names.length >= 2) return [names[0], names[1]];
  if (names.length === 1) return [`not ${names[0]}`, names[0]];
  return ['negative', 'positive'];
}
