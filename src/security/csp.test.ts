import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../gradcam/catalogue';
import { CONTENT_SECURITY_POLICY, isAllowedModelUrl } from './csp';

const PAGE = 'https://someone.github.io';

describe('Content-Security-Policy', () => {
  it('lets the page reach every remote catalogue model, so picking one is never blocked', () => {
    for (const entry of CATALOGUE) {
      const url = new URL(entry.sourceUrl);
      expect(isAllowedModelUrl(url, PAGE), entry.id).toBe(true);
      expect(CONTENT_SECURITY_POLICY, entry.id).toContain(url.origin);
    }
  });

  it('allows same-origin model files and refuses any other host, scheme or look-alike', () => {
    expect(isAllowedModelUrl(new URL('/gradcam/models/x/model.json', PAGE), PAGE)).toBe(true);
    for (const other of [
      'https://example.com/model.json',
      'http://storage.googleapis.com/tfjs-models/model.json', // plain http
      'https://storage.googleapis.com.evil.example/model.json',
      'https://someone.github.io.evil.example/model.json',
      'javascript:alert(1)',
      'data:application/json,{}',
    ]) {
      expect(isAllowedModelUrl(new URL(other), PAGE), other).toBe(false);
    }
  });

  it('runs no inline script and no eval; only wasm compilation is allowed', () => {
    const script = CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('script-src'));
    expect(script).toBe("script-src 'self' 'wasm-unsafe-eval'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });
});
