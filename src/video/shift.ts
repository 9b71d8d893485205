/**
 * Attention shift between two low-resolution maps: 1 - Pearson correlation (0 = same attention,
 * 1 = unrelated, 2 = opposite). A constant map has no direction: two constant maps count as the same
 * (0), one constant map against a varying one as unrelated (1).
 */
import { pearsonCorrelation } from '../gradcam/metrics/rank-correlation';

function isConstant(a: ArrayLike<number>): boolean {
  for (let i = 1; i < a.length; i++) if (a[i] !== a[0]) return false;
  return true;
}

export function attentionShift(previous: ArrayLike<number>, current: ArrayLike<number>): number {
  // pearsonCorrelation (it checks the sizes) gives 0 when a side is constant: unrelated (1).
  const r = pearsonCorrelation(previous, current);
  if (isConstant(previous) && isConstant(current)) return 0;
  return 1 - Math.max(-1, Math.min(1, r));
}

/**
 * Shift of each map from the one before it (the first map's shift is 0). Maps of a different size
 * from their predecessor (the target layer changed) also get 0: they cannot be compared.
 */
export function attentionShifts(maps: readonly ArrayLike<number>[]): number[] {
  return maps.map((map, i) =>
    i === 0 || maps[i - 1].length !== map.length ? 0 : attentionShift(maps[i - 1], map),
  );
}
