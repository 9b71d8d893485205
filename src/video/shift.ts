/**
 * Attention shift between two low-resolution maps: 1 - Pearson correlation (0 = same attention,
 * 1 = unrelated, 2 = opposite). A constant map has no direction: two constant maps count as the same
 * (0), one constant map against a varying one as unrelated (1).
 */

export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`Maps of different sizes (${a.length} vs ${b.length})`);
  const n = a.length;
  if (n === 0) return Number.NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return Number.NaN;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

function isConstant(a: ArrayLike<number>): boolean {
  for (let i = 1; i < a.length; i++) if (a[i] !== a[0]) return false;
  return true;
}

export function attentionShift(previous: ArrayLike<number>, current: ArrayLike<number>): number {
  const r = pearson(previous, current);
  if (!Number.isNaN(r)) return 1 - r;
  return isConstant(previous) && isConstant(current) ? 0 : 1;
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
