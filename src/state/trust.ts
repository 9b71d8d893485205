/**
 * Selectors of the trust slice: the key each trust computation would have for the current
 * selections, and which asked-for one is still to do (the trust stage runs it).
 */

import type { TrustKind, TrustWant } from './slices/trust';
import { type AppState, analysisKey, effectiveClass, effectiveLayer, wantedMapKey } from './store';

/** Key of the `kind` computation for what the page shows now; null while that cannot be computed. */
export function trustKey(s: AppState, kind: TrustKind): string | null {
  if (kind === 'compare') {
    const aKey = analysisKey(s);
    const classIndex = effectiveClass(s);
    const layer = effectiveLayer(s);
    if (!aKey || s.analysis?.key !== aKey || classIndex === null || !layer) return null;
    return `${aKey}|${classIndex}|${layer}|compare`;
  }
  const mapKey = wantedMapKey(s);
  return mapKey && `${mapKey}|${kind}`;
}

/** The result of `kind` the store has, if it is for the current selections. */
export function currentTrust<K extends TrustKind>(s: AppState, kind: K): AppState[K] | null {
  const result = s[kind];
  return result && result.key === trustKey(s, kind) ? result : null;
}

/** The oldest asked-for computation that fits the current selections and is not had or cancelled. */
export function nextTrustWork(s: AppState): TrustWant | null {
  for (const want of s.trustQueue) {
    if (want.key !== trustKey(s, want.kind) || want.key === s.trustCancelled) continue;
    if (s[want.kind]?.key === want.key) continue;
    return want;
  }
  return null;
}

/** The `kind` computation is asked for and not done yet (running or waiting its turn). */
export function trustPending(s: AppState, kind: TrustKind): boolean {
  const key = trustKey(s, kind);
  return (
    key !== null &&
    key !== s.trustCancelled &&
    s[kind]?.key !== key &&
    s.trustQueue.some((w) => w.kind === kind && w.key === key)
  );
}
