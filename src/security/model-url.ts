/**
 * Models at a URL, and the privacy promise (no image data in any request).
 *
 * The page's CSP lets it fetch from any https host (and http on this machine's loopback, for
 * people serving their own model locally), because a user's own host (a static site, a bucket, a
 * model hub) cannot be listed in advance. What keeps the promise is not the host list but what is
 * sent: model files are fetched with GET, no body, no cookies (credentials: 'omit'), and only the
 * model.json URL, the weight paths its manifest names, metadata.json beside it and a labels URL;
 * the photo never leaves the page (it is decoded and analysed in the worker). Scripts still run
 * only from the page's origin, so no third-party code could send anything.
 *
 * A model URL is loaded without asking from the page's own origin and the catalogue's hosts; any
 * other host asks first ("Load model from <host>?": data-testid model-host-confirm), whether the
 * URL was pasted or came in a share link, so a link cannot make the page contact a host unasked.
 */
import { MODEL_HOSTS } from './csp';

export type ModelUrlTrust = 'same-origin' | 'catalogue' | 'confirm';

export interface CheckedModelUrl {
  url: URL;
  trust: ModelUrlTrust;
  /** The host to name in the confirmation ("models.example.org", "127.0.0.1:8080"). */
  host: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopback(url: URL): boolean {
  return LOOPBACK.has(url.hostname);
}

/**
 * Parses a model.json URL (relative URLs resolve against the page) and says whether it may be
 * loaded without asking; throws a plain message for what can never be loaded.
 */
export function checkModelUrl(text: string, pageUrl: string): CheckedModelUrl {
  let url: URL;
  try {
    url = new URL(text.trim(), pageUrl);
  } catch {
    throw new Error(`"${text}" is not a URL`);
  }
  const page = new URL(pageUrl);
  if (url.username || url.password) throw new Error('Model URLs with a user name or password are not loaded');
  if (url.origin === page.origin) return { url, trust: 'same-origin', host: url.host };
  if (url.protocol === 'http:' && !isLoopback(url))
    throw new Error(`Models are loaded over https only (or http from this computer): ${url.origin}`);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`A model URL starts with https:// (got ${url.protocol})`);
  const trust = (MODEL_HOSTS as readonly string[]).includes(url.origin) ? 'catalogue' : 'confirm';
  return { url, trust, host: url.host };
}

/** What every model-file request carries: nothing but the GET itself. */
export const MODEL_FETCH_INIT: RequestInit = {
  method: 'GET',
  credentials: 'omit',
  referrerPolicy: 'no-referrer',
};
