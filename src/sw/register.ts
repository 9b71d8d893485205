/** Page side of the offline service worker (src/sw/service-worker.ts). */

/** Registers ./sw.js in production builds; the scope is the folder the app is served from. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js').catch((error: unknown) => {
    // Offline use is a bonus: the app works without it.
    console.warn('Offline support is unavailable:', error);
  });
}

/** Asks the service worker to keep a same-origin model (model.json + weights + labels) for offline use. */
export async function keepModelOffline(modelJsonUrl: string): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  // Already in control: its fetch handler cached the files as the model worker downloaded them.
  if (navigator.serviceWorker.controller) return;
  const registration = await navigator.serviceWorker.ready;
  registration.active?.postMessage({
    type: 'cache-model',
    url: new URL(modelJsonUrl, document.baseURI).href,
  });
}
