/**
 * The page's Content-Security-Policy (a <meta> tag the build puts into index.html; see vite.config.ts).
 * Only the page's own origin may run scripts (no inline script, no eval; 'wasm-unsafe-eval' for
 * tfjs's WebAssembly backend), workers come from the page's origin (or blob:), and the page may
 * only talk to its own origin and the catalogue's model hosts.
 *
 * A model.json URL pasted by the user must be on one of MODEL_HOSTS too: the controller checks
 * that first and says so in plain words (instead of a bare CSP violation). Files on any other
 * host can still be downloaded and loaded as "model.json + weight files".
 */

/** Hosts of the catalogue's remote models, plus where tfhub.dev redirects (Kaggle, then Google Storage). */
export const MODEL_HOSTS = [
  'https://storage.googleapis.com',
  'https://raw.githubusercontent.com',
  'https://tfhub.dev',
  'https://www.kaggle.com',
] as const;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  `connect-src 'self' ${MODEL_HOSTS.join(' ')}`,
  "img-src 'self' blob: data:",
  // Video files play from an object URL (blob:): they never leave the device.
  "media-src 'self' blob:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** True when the page may fetch this URL under the policy (same origin or a model host). */
export function isAllowedModelUrl(url: URL, pageOrigin: string): boolean {
  if (url.origin === pageOrigin) return true;
  return (MODEL_HOSTS as readonly string[]).includes(url.origin);
}
