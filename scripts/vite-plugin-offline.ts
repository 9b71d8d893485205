/**
 * Emits sw.js (from src/sw/service-worker.ts) with the build's precache list and version, so
 * the static build works offline after the first visit without any server support.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { type Plugin, transformWithOxc } from 'vite';
import { MODEL_CACHE } from '../src/sw/cache-names';

const SOURCE = resolve(import.meta.dirname, '../src/sw/service-worker.ts');
const MODELS_INDEX = resolve(import.meta.dirname, '../public/models/index.json');
const PUBLIC = resolve(import.meta.dirname, '../public');

/** The sample photos (and their credits): the page shows them on every visit, so they are shell too. */
function sampleFiles(): string[] {
  const dir = resolve(PUBLIC, 'samples');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => statSync(resolve(dir, file)).isFile())
    .map((file) => relative(PUBLIC, resolve(dir, file)).split(sep).join('/'))
    .sort();
}

/** The default model: kept offline in the model cache (the service worker fills it if no load did). */
function defaultModelFiles(id: string): string[] {
  const dir = resolve(import.meta.dirname, '../public/models', id);
  if (!existsSync(resolve(dir, 'model.json'))) return [];
  const modelJson = JSON.parse(readFileSync(resolve(dir, 'model.json'), 'utf8')) as {
    weightsManifest: { paths: string[] }[];
  };
  const files = ['model.json', 'labels.json', ...modelJson.weightsManifest.flatMap((group) => group.paths)];
  return files.map((file) => `models/${id}/${file}`);
}

export function offlinePlugin(options: { defaultModelId: string }): Plugin {
  return {
    name: 'gradcam-offline',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((file) => !file.endsWith('.map'));
      const precache = ['./', ...built.filter((file) => file !== 'index.html'), 'favicon.svg'];
      precache.push(...sampleFiles());
      const defaultModel = defaultModelFiles(options.defaultModelId);
      const hash = createHash('sha256').update(JSON.stringify([precache, defaultModel]));
      if (existsSync(MODELS_INDEX)) hash.update(readFileSync(MODELS_INDEX));
      // Samples keep their names when replaced: their bytes go into the version too.
      for (const file of sampleFiles()) hash.update(readFileSync(resolve(PUBLIC, file)));
      const { code } = await transformWithOxc(readFileSync(SOURCE, 'utf8'), SOURCE, { lang: 'ts' });
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        // A service worker is a classic script: drop the module marker TypeScript needed.
        source: code
          .replace(/^export \{\};?$/m, '')
          .replace('__GRADCAM_VERSION__', hash.digest('hex').slice(0, 12))
          .replace(/(["'])__GRADCAM_PRECACHE__\1/, JSON.stringify(JSON.stringify(precache)))
          .replace(/(["'])__GRADCAM_DEFAULT_MODEL__\1/, JSON.stringify(JSON.stringify(defaultModel)))
          .replace('__GRADCAM_MODEL_CACHE__', MODEL_CACHE),
      });
    },
  };
}
