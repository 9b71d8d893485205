/** Page side of the offline service worker (src/sw/service-worker.ts). */

/**
 * Registers ./sw.js in production builds; the scope is the folder the app is served from. Returns
 * the registration (null: no service worker here; a rejection: it could not be registered).
 */
export function registerServiceWorker(): Promise<ServiceWorkerRegistration> | null {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return null;
  const registration = navigator.serviceWorker.register('./sw.js');
  registration.catch((error: unknown) => {
    // Offline use (and wasm threads) are a bonus: the app works without it.
    console.warn('Offline support is unavailable:', error);
  });
  return registration;
}

/**
 * Asks the service worker to make the default model available offline. Sent after a model has
 * loaded, so the files the model worker has just cached are not fetched a second time.
 */
export async function keepDefaultModelOffline(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const registration = await navigator.serviceWorker.ready;
  registration.active?.postMessage({ type: 'keep-default-model' });
}
