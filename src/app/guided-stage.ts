/**
 * The Guided Backpropagation stage: only while the Guided view is shown, after the map it
 * multiplies (Guided Grad-CAM) is ready. One whole-model backward pass per class.
 */
import { mapOptionsOf } from '../state/slices/method-options';
import { type AppState, effectiveClass, effectiveLayer, isMapReady, wantedMapKey } from '../state/store';
import { describeError } from './jobs';
import type { Stage } from './stages';

/** The key of the Guided pictures the view asks for (null when not shown or the map is not ready). */
export function wantedGuidedKey(s: AppState): string | null {
  if (s.viewMode !== 'guided' || !isMapReady(s)) return null;
  return `${wantedMapKey(s)}|guided`;
}

/** The Guided pictures on the store are the ones the view asks for. */
export function isGuidedReady(s: AppState): boolean {
  const key = wantedGuidedKey(s);
  return key !== null && s.guided?.key === key;
}

/** Not shown (or failed for these selections): nothing wanted, and later stages (trust) go on. */
const OFF = 'off';

export const guidedStage: Stage = {
  name: 'guided',
  wanted: (s) => {
    if (s.viewMode !== 'guided') return OFF;
    const key = wantedGuidedKey(s);
    if (key === null) return null;
    return s.guidedFailed === key ? OFF : key;
  },
  has: (s) => {
    if (s.viewMode !== 'guided' || (s.guidedFailed !== null && s.guidedFailed === wantedGuidedKey(s)))
      return OFF;
    return s.guided?.key ?? null;
  },
  run({ store, jobs, engine }, s, key) {
    const classIndex = effectiveClass(s) as number;
    const layer = effectiveLayer(s) as string;
    void jobs.run(
      'guided',
      key,
      'Guided Backpropagation',
      (job) =>
        engine.guided({ classIndex, layer, method: s.method, options: mapOptionsOf(s, layer) }, job.signal),
      (result) => store.setState({ guided: { ...result, key } }),
      (error) =>
        store.setState({
          error: `Guided Backpropagation failed: ${describeError(error)}`,
          guidedFailed: key,
        }),
    );
  },
};
