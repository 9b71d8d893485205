/** Page side of the offline service worker (src/sw/service-worker.ts). */

/** Registers ./sw.js in production builds; the scope is the folder the app is served from. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
    // Offline use is a bonus: the app works without it.
    console.warn('Offline support is unavailable:', error);
  });
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
