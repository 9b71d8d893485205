/**
 * Page side of cross-origin isolation. The service worker adds COOP/COEP to every same-origin
 * response it serves (src/sw/service-worker.ts), but the page that registered it was served without
 * them: one reload, once the worker is active, makes the page crossOriginIsolated (SharedArrayBuffer,
 * so the wasm backend can use every core). Where isolation is impossible (no service worker, a
 * private mode, a browser without COEP credentialless) the page stays single-threaded and works.
 */

/** Set before our reload; still set and still not isolated afterwards means: isolation is impossible here. */
const RELOAD_KEY = 'gradcam-isolation-reload';

export function isCrossOriginIsolated(): boolean {
  return globalThis.crossOriginIsolated === true;
}

function readKey(): string | null {
  try {
    return sessionStorage.getItem(RELOAD_KEY);
  } catch {
    return 'unavailable'; // storage blocked: never risk a reload loop
  }
}

/**
 * Reloads the page once, when the service worker is active and `whenSafe` says a reload loses nothing
 * (the view is in the link; a photo or model file of the user's own is not). Returns false when no
 * reload will happen (already isolated, impossible here, or already tried in this tab).
 */
export async function reloadForIsolation(whenSafe: () => Promise<void>): Promise<boolean> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return false;
  if (isCrossOriginIsolated()) {
    try {
      sessionStorage.removeItem(RELOAD_KEY);
    } catch {
      // Nothing to clean.
    }
    return false;
  }
  if (typeof globalThis.crossOriginIsolated !== 'boolean' || !globalThis.isSecureContext) return false;
  if (readKey() !== null) return false; // reloaded once already and still not isolated: stay single-threaded
  await navigator.serviceWorker.ready;
  await whenSafe();
  if (isCrossOriginIsolated() || readKey() !== null) return false;
  try {
    sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
  } catch {
    return false;
  }
  location.reload();
  return true;
}
