/**
 * Which golden cases which test checks: golden.test.ts the plain ones (one layer, the logit target,
 * no smoothing, a method of the first nine) on cpu and wasm; golden-methods.test.ts the others.
 */
import type { GoldenCase } from './testing';

/** The methods whose goldens came with issue 16 (their maps need the options' checks: sign, targets). */
export const ADDED_METHODS: readonly string[] = ['eigengradcam', 'kpcacam', 'fem', 'shapleycam', 'finercam'];

/** A case with an added method or any option (score target, smoothing, several layers, Guided). */
export function isExtendedCase(g: GoldenCase): boolean {
  return (
    ADDED_METHODS.includes(g.method) ||
    (g.score_target ?? 'logit') !== 'logit' ||
    g.aug_smooth === true ||
    g.eigen_smooth === true ||
    (g.target_layers?.length ?? 1) > 1 ||
    Boolean(g.guided)
  );
}
