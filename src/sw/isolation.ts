/**
 * Page side of cross-origin isolation. The service worker adds COOP/COEP to every same-origin
 * response it serves (src/sw/service-worker.ts), but the page that registered it was served without
 * them: one reload, once the worker is active, makes the page crossOriginIsolated (SharedArrayBuffer,
 * so the wasm backend can use every core). The reload happens before the app starts, so it can
 * never drop anything the user did: on a first visit the page waits up to ISOLATION_WAIT_MS for the
 * service worker; if it is not active by then, this visit runs one wasm thread and the next one is
 * isolated from its first byte. Where isolation is impossible (no service worker, a private mode, a
 * browser without COEP credentialless) the page runs one thread; the reload is tried once per tab.
 */

/** How long a first visit waits for the service worker before starting one-threaded. */
export const ISOLATION_WAIT_MS = 3_000;
/** ...and for its registration (one that never settles, e.g. service workers blocked, ends sooner). */
const REGISTRATION_WAIT_MS = 1_500;

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

const delay = (ms: number) => new Promise<false>((done) => setTimeout(() => done(false), ms));

/**
 * Resolves when the app may start: at once where no reload can isolate the page (dev build, no
 * service worker, already isolated, tried once in this tab already), else once the service worker is
 * active (then the page reloads and this never resolves) or after `waitMs` (one thread this visit).
 * `registration` is the service worker's registration (its rejection: no service worker here).
 */
export async function isolateBeforeStart(
  registration: Promise<unknown> | null,
  waitMs = ISOLATION_WAIT_MS,
): Promise<void> {
  if (!registration) return;
  if (isCrossOriginIsolated()) {
    try {
      sessionStorage.removeItem(RELOAD_KEY);
    } catch {
      // Nothing to clean.
    }
    return;
  }
  if (typeof globalThis.crossOriginIsolated !== 'boolean' || !globalThis.isSecureContext) return;
  if (readKey() !== null) return;
  const deadline = delay(waitMs);
  const registered = await Promise.race([
    registration.then(
      () => true,
      () => false,
    ),
    delay(Math.min(waitMs, REGISTRATION_WAIT_MS)),
  ]);
  const active =
    registered && (await Promise.race([navigator.serviceWorker.ready.then(() => true), deadline]));
  if (!active || isCrossOriginIsolated() || readKey() !== null) return;
  try {
    sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
  } catch {
    return;
  }
  location.reload();
  await new Promise<never>(() => {}); // the app starts in the reloaded page
}
