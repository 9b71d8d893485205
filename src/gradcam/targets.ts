/**
 * What a class-dependent method differentiates (pytorch-grad-cam's model targets): the pre-softmax
 * logit (ClassifierOutputTarget), the probability (ClassifierOutputSoftmaxTarget), a logit
 * difference against a "versus" class, or FinerCAM's FinerWeightedTarget.
 *
 * "Probability" follows the head (heads.ts), as the page's probabilities do: softmax for a
 * multiclass head (pytorch-grad-cam's definition), sigmoid of the class's score for a binary head
 * (p1 = sigmoid(z), p0 = sigmoid(-z) = 1 - p1) and for each label of a multilabel head. pytorch-grad-cam
 * has no sigmoid target of its own; softmax across independent labels would explain a quantity the
 * model never computes. FinerCAM weights its comparison classes by the same probabilities.
 */
import * as tf from '@tensorflow/tfjs';
import { classGradients, classMask, tileBatch } from './head-gradients';
import { headProbabilities } from './heads';
import type { Split } from './model';
import type { Task } from './types';

/** The score targets a caller can choose (versus and FinerCAM's target come from their own options). */
export const SCORE_TARGETS = ['logit', 'probability'] as const;
export type ScoreTarget = (typeof SCORE_TARGETS)[number];

export type TargetKind = ScoreTarget | 'versus' | 'finer';

export interface Target {
  kind: TargetKind;
  /** The class compared against ('versus' only). */
  versus?: number;
  /** The model's head: how scores become probabilities (default multiclass: softmax). */
  task?: Task;
}

/** The head's probabilities of scores [B, K], differentiable: softmax, or sigmoid per class. */
function probabilities(scores: tf.Tensor2D, task: Task | undefined): tf.Tensor2D {
  return (task ?? 'multiclass') === 'multiclass' ? tf.softmax(scores) : tf.sigmoid(scores);
}

/** FinerCAM: alpha, and the comparison classes = the 1st to 3rd nearest logits after the class itself. */
export const FINER_ALPHA = 1;
export const FINER_COMPARISONS = 3;

/**
 * FinerCAM's comparison classes for `cls`: the classes sorted by |logit - logit[cls]| (ties by
 * index), positions 1..3 (position 0 is the class itself).
 */
export function finerComparisons(logits: ArrayLike<number>, cls: number): number[] {
  const ref = logits[cls];
  const order = Array.from({ length: logits.length }, (_, i) => i).sort(
    (p, q) => Math.abs(logits[p] - ref) - Math.abs(logits[q] - ref) || p - q,
  );
  const rest = order.filter((i) => i !== cls);
  return rest.slice(0, FINER_COMPARISONS);
}

/**
 * The score of each row of `logits` [B, K] for its class (`classes[b]`): [B]. Differentiable and
 * synchronous (call inside tf.tidy / tf.grad). `refLogits` (the run's own logits) picks FinerCAM's
 * comparison classes.
 */
export function targetScores(
  logits: tf.Tensor2D,
  classes: readonly number[],
  target: Target,
  refLogits: ArrayLike<number>,
): tf.Tensor1D {
  const k = logits.shape[1];
  const mask = classMask(classes, k);
  const pick = (t: tf.Tensor) => tf.sum(tf.mul(t, mask), 1) as tf.Tensor1D;
  switch (target.kind) {
    case 'logit':
      return pick(logits);
    case 'probability':
      return pick(probabilities(logits, target.task));
    case 'versus': {
      const other = classMask(
        classes.map(() => target.versus ?? 0),
        k,
      );
      return tf.sum(tf.mul(logits, tf.sub(mask, other)), 1) as tf.Tensor1D;
    }
    case 'finer': {
      const comparison = new Float32Array(classes.length * k);
      classes.forEach((c, b) => {
        for (const i of finerComparisons(refLogits, c)) comparison[b * k + i] = 1;
      });
      const cmp = tf.tensor2d(comparison, [classes.length, k]);
      const main = tf.sum(tf.mul(logits, mask), 1, true);
      const p = tf.mul(probabilities(logits, target.task), cmp); // not detached: the gradient flows through p too
      const num = tf.sum(tf.mul(p, tf.sub(main, tf.mul(logits, FINER_ALPHA))), 1);
      return tf.div(num, tf.add(tf.sum(p, 1), 1e-9)) as tf.Tensor1D;
    }
  }
}

/** The target's value for each class on plain logits (what the result reports as targetValue). */
export function targetValues(
  logits: ArrayLike<number>,
  classes: readonly number[],
  target: Target,
): number[] {
  const p =
    target.kind === 'probability' || target.kind === 'finer'
      ? headProbabilities(Float32Array.from(logits), target.task ?? 'multiclass')
      : undefined;
  return classes.map((c) => {
    if (target.kind === 'probability') return p![c];
    if (target.kind === 'versus') return logits[c] - logits[target.versus ?? 0];
    if (target.kind === 'finer') {
      let num = 0;
      let den = 0;
      for (const i of finerComparisons(logits, c)) {
        num += p![i] * (logits[c] - FINER_ALPHA * logits[i]);
        den += p![i];
      }
      return num / (den + 1e-9);
    }
    return logits[c];
  });
}

/**
 * Scores [N, n] of a batch of logits [N, K] for every class in `classes` (n columns): the
 * gradient-free methods' version of the target (Ablation-CAM, Score-CAM).
 */
export function targetMatrix(
  logits: tf.Tensor2D,
  classes: readonly number[],
  target: Target,
  refLogits: ArrayLike<number>,
): tf.Tensor2D {
  return tf.tidy(() => {
    const n = logits.shape[0];
    if (target.kind === 'logit') return tf.matMul(logits, tf.transpose(classMask(classes, logits.shape[1])));
    const columns = classes.map((c) => targetScores(logits, new Array<number>(n).fill(c), target, refLogits));
    return tf.stack(columns, 1) as tf.Tensor2D;
  });
}

/** dTarget_c / dA for each class c, batched (one head backward); the logit target is classGradients. */
export function targetGradients(
  split: Split,
  a: tf.Tensor4D,
  extras: readonly tf.Tensor[],
  classes: readonly number[],
  numClasses: number,
  target: Target,
  refLogits: ArrayLike<number>,
): tf.Tensor4D {
  if (target.kind === 'logit') return classGradients(split, a, extras, classes, numClasses);
  return tf.tidy(() => {
    const ab = tileBatch(a, classes.length);
    const score = (t: tf.Tensor) =>
      tf.sum(targetScores(split.head(t as tf.Tensor4D, extras), classes, target, refLogits));
    return tf.grad(score)(ab) as tf.Tensor4D;
  });
}
