/** The float16-kernels transform (ResNet50 from npm) on small data, and the checksum check. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelJson } from './model-manifest';
import { checkSha256Sums, float16Bits, float16Kernels, parseSha256Sums } from './npm-model';

const work = mkdtempSync(join(tmpdir(), 'gradcam-npm-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('float16Bits', () => {
  it('rounds to nearest even, with subnormals, overflow and NaN', () => {
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(-2)).toBe(0xc000);
    expect(float16Bits(0.1)).toBe(0x2e66);
    expect(float16Bits(65504)).toBe(0x7bff);
    expect(float16Bits(65520)).toBe(0x7c00); // halfway to the next: rounds (to even) to infinity
    expect(float16Bits(84000)).toBe(0x7c00); // bn_conv1/moving_variance territory: why BN stays float32
    expect(float16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(float16Bits(2 ** -25)).toBe(0x0000); // tie: to even (0)
    expect(float16Bits(3 * 2 ** -25)).toBe(0x0002); // tie between 1 and 2: to even (2)
    expect(float16Bits(2 ** -14)).toBe(0x0400); // smallest normal
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie: mantissa even stays
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie: odd mantissa rounds up
    expect(float16Bits(-0)).toBe(0x8000);
    expect(float16Bits(Number.NaN) & 0x7c00).toBe(0x7c00);
    expect(float16Bits(Number.NaN) & 0x3ff).not.toBe(0);
  });
});

describe('float16Kernels', () => {
  const kernel = Float32Array.from({ length: 24 }, (_, i) => (i - 12) * 0.3183);
  const bias = Float32Array.from([84000.5, -1e-9, 2.71]);
  const modelJson: ModelJson = {
    format: 'layers-model',
    modelTopology: { keep: 'as is', eps: 1.001e-5 },
    weightsManifest: [
      { paths: ['a.bin'], weights: [{ name: 'conv/kernel', shape: [2, 3, 4], dtype: 'float32' }] },
      { paths: ['b.bin'], weights: [{ name: 'bn/moving_variance', shape: [3], dtype: 'float32' }] },
    ],
  };
  const bytes = new Uint8Array([...new Uint8Array(kernel.buffer), ...new Uint8Array(bias.buffer)]);

  it('stores kernels as float16, keeps the rest float32, in shards, and tfjs reads it back', async () => {
    // 24 kernel values as float16 (48 bytes) + 3 float32 (12 bytes) = 60 bytes, in shards of 25.
    const { modelJsonText, shards } = float16Kernels(modelJson, bytes, 25);
    expect(shards.map((s) => s.name)).toEqual([
      'group1-shard1of3.bin',
      'group1-shard2of3.bin',
      'group1-shard3of3.bin',
    ]);
    expect(shards.map((s) => s.bytes.length)).toEqual([25, 25, 10]);
    const out = JSON.parse(modelJsonText);
    expect(modelJsonText).toBe(JSON.stringify(out)); // compact
    expect(out.modelTopology).toEqual(modelJson.modelTopology);
    expect(out.weightsManifest).toHaveLength(1);
    expect(out.weightsManifest[0].weights).toEqual([
      {
        name: 'conv/kernel',
        shape: [2, 3, 4],
        dtype: 'float32',
        quantization: { dtype: 'float16', original_dtype: 'float32' },
      },
      { name: 'bn/moving_variance', shape: [3], dtype: 'float32' },
    ]);
    const all = new Uint8Array(shards.reduce((a, s) => a + s.bytes.length, 0));
    let at = 0;
    for (const s of shards) {
      all.set(s.bytes, at);
      at += s.bytes.length;
    }
    const decoded = tf.io.decodeWeights(all.buffer, out.weightsManifest[0].weights);
    const k = await decoded['conv/kernel'].data();
    for (let i = 0; i < kernel.length; i++)
      expect(Math.abs(k[i] - kernel[i])).toBeLessThanOrEqual(Math.abs(kernel[i]) / 1024);
    expect(Array.from(await decoded['bn/moving_variance'].data())).toEqual(Array.from(bias));
    tf.dispose(Object.values(decoded));
    // Deterministic.
    const again = float16Kernels(modelJson, bytes, 25);
    expect(again.modelJsonText).toBe(modelJsonText);
    expect(again.shards.map((s) => Array.from(s.bytes))).toEqual(shards.map((s) => Array.from(s.bytes)));
  });

  it('refuses weights that do not add up', () => {
    expect(() => float16Kernels(modelJson, bytes.slice(0, 50), 20)).toThrow(/end early/);
    expect(() => float16Kernels(modelJson, new Uint8Array([...bytes, 0, 0, 0, 0]), 20)).toThrow(
      /hold 112 bytes/,
    );
  });
});

describe('SHA256SUMS', () => {
  it('accepts matching files and names a changed or missing one', async () => {
    writeFileSync(join(work, 'x.bin'), 'hello');
    const sums =
      '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824  x.bin\n' +
      `${'0'.repeat(64)}  y.bin\n`;
    expect(parseSha256Sums(sums).size).toBe(2);
    expect(await checkSha256Sums(work, sums.split('\n')[0])).toEqual([]);
    const problems = await checkSha256Sums(work, sums);
    expect(problems).toEqual(['y.bin is missing']);
    writeFileSync(join(work, 'x.bin'), 'hellO');
    expect((await checkSha256Sums(work, sums.split('\n')[0]))[0]).toMatch(/^x\.bin: sha256 /);
  });
});
