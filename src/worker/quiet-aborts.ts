/**
 * tfjs's weight loader watches its downloads for progress with `promise.then(...)` and no catch
 * (tfjs-core io/progress.ts), so a download that is cancelled (another model was picked while one
 * was loading) also rejects those side promises: "Uncaught (in promise) AbortError" in the console,
 * once per file, although the load itself reports the cancellation to its caller. Cancellations are
 * expected; only those are silenced here. Any other unhandled rejection is still reported.
 */
export function isAbort(reason: unknown): boolean {
  return (
    typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'AbortError'
  );
}

export function quietCancelledDownloads(scope: {
  addEventListener(type: 'unhandledrejection', listener: (event: PromiseRejectionEvent) => void): void;
}): void {
  scope.addEventListener('unhandledrejection', (event) => {
    if (isAbort(event.reason)) event.preventDefault();
  });
}
