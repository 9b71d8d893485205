/**
 * Page side of cross-origin isolation. The service worker adds COOP/COEP to every same-origin
 * response it serves (src/sw/service-worker.ts), but the page that registered it was served without
 * them: one reload, once the worker is active, makes the page crossOriginIsolated (SharedArrayBuffer,
 * so the wasm backend can use every core). Where isolation is impossible (no service worker, a
 * private mode, a browser without COEP credentialless) the page stays single-threaded and works.
 * When to reload (never while it would lose anything) is the app's call: src/app/isolation-reload.ts.
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
 * Resolves true once a reload would make this page isolated (the service worker is active), false
 * when no reload ever will: a dev build, no service worker, already isolated, or reloaded once in this
 * tab already and still not isolated (then the page stays single-threaded: no reload loop).
 */
export async function isolationByReload(): Promise<boolean> {
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
  if (readKey() !== null) return false;
  await navigator.serviceWorker.ready;
  return !isCrossOriginIsolated() && readKey() === null;
}

/**
 * Reloads the page through the service worker, once per tab, after `beforeReload` (false: storage
 * refused, so no reload and `beforeReload` was not called).
 */
export function reloadIsolated(beforeReload: () => void): boolean {
  try {
    sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
  } catch {
    return false;
  }
  beforeReload();
  location.reload();
  return true;
}
