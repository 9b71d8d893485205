/** Test helper: the app's store, once the pipeline is idle. */
import { expect } from 'vitest';
import type { AppStore } from '../state/store';

/** Resolves once nothing runs and nothing is scheduled (a few quiet macrotasks in a row). */
export async function settled(store: AppStore, maxTicks = 20_000): Promise<void> {
  let quiet = 0;
  for (let i = 0; i < maxTicks && quiet < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    quiet = store.getState().running === null ? quiet + 1 : 0;
  }
  if (quiet < 3) throw new Error(`still running: ${store.getState().running}`);
}

/** The engine calls `change` makes, from a settled pipeline to a settled pipeline, with no error. */
export async function callsFor(
  store: AppStore,
  host: { calls: string[] },
  change: () => void,
): Promise<string[]> {
  await settled(store);
  host.calls.length = 0;
  change();
  await settled(store);
  expect(store.getState().error).toBeNull();
  return [...host.calls];
}
