/**
 * The one reload that makes the page cross-origin isolated (src/sw/isolation.ts), done only while
 * it loses nothing: before the first map is shown, with no model download in flight (the model
 * worker's cache then serves the model again), a catalogue model and no photo or a sample (all of it
 * in the link), and before any input of the user. Once a map is shown or the user has acted, this
 * visit stays as it is (one wasm thread) and the next one is isolated from its first byte.
 */
import type { AppState, AppStore } from '../state/store';
import { isolationByReload, reloadIsolated } from '../sw/isolation';

const USER_INPUT = ['pointerdown', 'keydown', 'drop', 'paste', 'change', 'input'] as const;

/** Whether the state still allows the reload, may allow it later, or never will in this visit. */
function verdict(s: AppState): 'now' | 'wait' | 'never' {
  if (s.map !== null || s.modelSource?.kind !== 'catalogue') return 'never';
  if (s.image !== null && s.image.sampleId === null) return 'never';
  return s.model.status === 'loading' ? 'wait' : 'now';
}

/**
 * `stopWork` runs right before the reload: the old page keeps running until the new one commits, and
 * a model download it started meanwhile would be cut off and fetched again.
 */
export function reloadWhenIsolatable(store: AppStore, stopWork: () => void): void {
  let acted = false;
  const onInput = () => {
    acted = true;
  };
  for (const type of USER_INPUT) window.addEventListener(type, onInput, { capture: true, once: true });
  const stopListening = () => {
    for (const type of USER_INPUT) window.removeEventListener(type, onInput, { capture: true });
  };
  void isolationByReload()
    .then((possible) => {
      if (!possible) return stopListening();
      const decide = (s: AppState): boolean => {
        const v = acted ? 'never' : verdict(s);
        if (v === 'wait') return false;
        stopListening();
        if (v === 'now') reloadIsolated(stopWork);
        return true;
      };
      if (decide(store.getState())) return;
      const unsubscribe = store.subscribe((s) => {
        if (decide(s)) unsubscribe();
      });
    })
    .catch(stopListening);
}
