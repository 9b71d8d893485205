/** What the user does in the trust panel and with boxes, as changes to the store (the stage runs the work). */
import type { SortMetric } from '../../gradcam/metrics/sort';
import type { PhotoRect, TrustKind } from '../../state/slices/trust';
import type { AppStore } from '../../state/store';
import { trustKey } from '../../state/trust';
import type { Pipeline } from '../pipeline';
import { TRUST_STAGE } from './stage';

export function createTrustActions(store: AppStore, pipeline: Pipeline) {
  const { getState: get, setState: set } = store;
  return {
    /** Asks for the `kind` computation on what the page shows now (queued after any running one). */
    runTrust(kind: TrustKind): void {
      const s = get();
      const key = trustKey(s, kind);
      if (!key) return;
      set({
        trustQueue: [...s.trustQueue.filter((w) => w.kind !== kind), { kind, key }],
        trustCancelled: s.trustCancelled === key ? null : s.trustCancelled,
        error: null,
      });
    },
    /** Stops the running trust computation; it stays stopped until asked again. */
    cancelTrust(): void {
      const key = pipeline.cancel(TRUST_STAGE);
      if (key) set({ trustCancelled: key, trustProgress: null });
    },
    setCompareSort(metric: SortMetric): void {
      set({ compareSort: metric });
    },
    setShowBoxes(show: boolean): void {
      set({ showBoxes: show });
    },
    setBoxThreshold(percent: number): void {
      if (Number.isFinite(percent)) set({ boxThreshold: Math.min(100, Math.max(0, percent)) });
    },
    /** The box the user drew on the current photo (photo pixels); null clears it. */
    setUserBox(box: PhotoRect | null): void {
      const image = get().image;
      set({ userBox: box && image ? { ...box, token: image.token } : null });
    },
  };
}

export type TrustActions = ReturnType<typeof createTrustActions>;
