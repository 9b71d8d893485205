/**
 * The engine as an npm package, as a user gets it: build, `npm pack`, install the tarball into a
 * fresh temporary project, typecheck its example against the published declarations (Node's ESM
 * resolution, no DOM types) and run it in Node on the wasm backend.
 *
 * Offline: the package's own dependencies (pngjs, jpeg-js) are packed from this repository's
 * node_modules and installed beside the tarball with `npm install --offline` (no registry is needed);
 * tfjs and @types/node, the peers, are linked from node_modules (the versions the peer range allows).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGES_DIR, testModelsDir } from '../src/node/testing';
import { buildEngine, PACKAGE_DIR, withJsExtensions } from './build-engine';

const ROOT = resolve(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8' });

describe('the engine as an npm package', () => {
  it('rewrites relative specifiers of declarations for Node', () => {
    const file = join(ROOT, 'src', 'gradcam', 'index.d.ts');
    expect(withJsExtensions("export * from './types';\nexport { x } from './methods';", file)).toBe(
      "export * from './types.js';\nexport { x } from './methods/index.js';",
    );
  });

  it('is semver, ESM, with browser and Node entry points in its exports map', () => {
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    expect(pkg.type).toBe('module');
    expect(Object.keys(pkg.exports['.'])).toEqual(['browser', 'node', 'default']);
    expect(pkg.peerDependencies['@tensorflow/tfjs']).toMatch(/4\.22/);
    expect(pkg.license).toBe('MIT');
    expect(pkg.exports['.'].node.types).toBe('./dist/node.d.ts');
  });

  it('packs, installs into a fresh project, typechecks and runs the README example on wasm', async () => {
    await buildEngine();
    const browserEntry = readFileSync(join(PACKAGE_DIR, 'dist', 'index.js'), 'utf8');
    expect(browserEntry).not.toMatch(/document|window\.|node:/);

    const work = mkdtempSync(join(tmpdir(), 'engine-package-'));
    const tarball = npm(['pack', '--pack-destination', work, '--silent'], PACKAGE_DIR)
      .trim()
      .split('\n')
      .pop()!;
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    const deps = Object.keys(pkg.dependencies).map((name) =>
      join(
        work,
        npm(['pack', join(ROOT, 'node_modules', name), '--pack-destination', work, '--silent'], work)
          .trim()
          .split('\n')
          .pop()!,
      ),
    );
    npm(
      ['install', join(work, tarball), ...deps, '--offline', '--legacy-peer-deps', '--no-package-lock'],
      app,
    );
    const modules = join(app, 'node_modules');
    for (const peer of ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@types/node']) {
      mkdirSync(join(modules, peer, '..'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', peer), join(modules, peer), 'dir');
    }
    copyFileSync(join(modules, '@gradcam-studio', 'engine', 'example.mjs'), join(app, 'example.mjs'));
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          lib: ['es2022'],
          types: ['node'],
          allowJs: true,
          checkJs: true,
          noEmit: true,
          strict: true,
          skipLibCheck: true,
        },
        files: ['example.mjs'],
      }),
    );
    const tsc = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', app], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);

    const run = spawnSync(
      process.execPath,
      [
        'example.mjs',
        join(testModelsDir(), 'mobilenet_v1_0.25_224', 'model.json'),
        join(IMAGES_DIR, 'chelsea.png'),
      ],
      { cwd: app, encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      top: 'Egyptian cat',
      backend: 'wasm',
      size: 224 * 224,
      next: 287,
      forwardPasses: 1,
    });
  });
});
