/**
 * Builds the engine's npm package in packages/engine/dist: ESM bundles of the browser entry
 * (src/gradcam/index.ts -> index.js) and the Node entry (src/node/index.ts -> node.js) with Vite's
 * library mode (tfjs, pngjs, jpeg-js and Node's modules stay imports), and type declarations from tsc
 * with Node-ready relative specifiers ('./abort' -> './abort.js').
 *   npx tsx scripts/build-engine.ts
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const PACKAGE_DIR = join(ROOT, 'packages', 'engine');
const DIST = join(PACKAGE_DIR, 'dist');

/** Adds the extension Node's ESM resolver needs to every relative import/export in a .d.ts file. */
export function withJsExtensions(source: string, file: string): string {
  return source.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]*)(['"])/g, (all, head, spec, tail) => {
    if (/\.(js|json)$/.test(spec)) return all;
    const target = resolve(dirname(file), spec);
    const isFile = existsSync(`${target}.d.ts`) || existsSync(`${target}.ts`);
    const full = isFile ? `${spec}.js` : `${spec}/index.js`;
    return `${head}${full}${tail}`;
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

export async function buildEngine(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    publicDir: false,
    build: {
      outDir: DIST,
      emptyOutDir: false,
      target: 'es2022',
      minify: false,
      sourcemap: true,
      lib: {
        entry: { index: join(ROOT, 'src/gradcam/index.ts'), node: join(ROOT, 'src/node/index.ts') },
        formats: ['es'],
      },
      rollupOptions: {
        external: (id) => /^(node:|@tensorflow\/|pngjs$|jpeg-js$)/.test(id),
        output: { chunkFileNames: 'shared/[name].js' },
      },
    },
  });
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  execFileSync(tsc, ['-p', join(PACKAGE_DIR, 'tsconfig.json')], { stdio: 'inherit' });
  for (const file of walk(join(DIST, 'types')).filter((f) => f.endsWith('.d.ts'))) {
    writeFileSync(file, withJsExtensions(readFileSync(file, 'utf8'), file));
  }
  writeFileSync(join(DIST, 'index.d.ts'), "export * from './types/gradcam/index.js';\n");
  writeFileSync(join(DIST, 'node.d.ts'), "export * from './types/node/index.js';\n");
  // The browser entry must not pull in Node: its bundle and everything it imports.
  const browser = readFileSync(join(DIST, 'index.js'), 'utf8');
  if (/from ['"](node:|pngjs|jpeg-js)/.test(browser))
    throw new Error('the browser entry imports Node modules');
}

if (process.argv[1] != null && /build-engine\.ts$/.test(process.argv[1])) {
  buildEngine().then(
    () => console.log(`built ${DIST}`),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
