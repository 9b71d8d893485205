/** The batch command line (`explain --images`), spawned as `npm run explain` would run it. */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { IMAGES_DIR, testModelsDir } from '../node/testing';
import { spawnExplain } from './spawn-explain';

const MODEL = 'mobilenet_v1_0.25_224';

function explain(...args: string[]) {
  return spawnExplain(args, 170_000);
}

function flipped(file: string, to: string): void {
  const png = PNG.sync.read(readFileSync(join(IMAGES_DIR, file)));
  const out = new PNG({ width: png.width, height: png.height });
  for (let y = 0; y < png.height; y++)
    for (let x = 0; x < png.width; x++)
      png.data.copy(
        out.data,
        (y * png.width + x) * 4,
        (y * png.width + png.width - 1 - x) * 4,
        (y * png.width + png.width - x) * 4,
      );
  writeFileSync(to, PNG.sync.write(out));
}

/** 10 files: 3 class folders (ImageFolder names, case and underscores varied), a nested folder, a bad file. */
function makeDataset(): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'batch-images-'));
  const put = (from: string, to: string) => {
    mkdirSync(join(dir, to, '..'), { recursive: true });
    cpSync(join(IMAGES_DIR, from), join(dir, to));
  };
  put('chelsea.png', 'Egyptian_cat/chelsea.png');
  mkdirSync(join(dir, 'espresso'));
  flipped('chelsea.png', join(dir, 'Egyptian_cat', 'chelsea-flipped.png'));
  put('coffee.png', 'espresso/coffee.png');
  flipped('coffee.png', join(dir, 'espresso', 'coffee-flipped.png'));
  put('darknet_dog.jpg', 'MALAMUTE/dog.jpg');
  put('astronaut.png', 'astronaut.png');
  put('grace_hopper.jpg', 'people/more/grace_hopper.jpg');
  put('darknet_giraffe.jpg', 'people/more/giraffe.jpg');
  put('darknet_person.jpg', 'people/person.jpg');
  writeFileSync(join(dir, 'espresso', 'broken.jpg'), 'this is not a JPEG');
  const files = [
    'Egyptian_cat/chelsea-flipped.png',
    'Egyptian_cat/chelsea.png',
    'MALAMUTE/dog.jpg',
    'astronaut.png',
    'espresso/broken.jpg',
    'espresso/coffee-flipped.png',
    'espresso/coffee.png',
    'people/more/giraffe.jpg',
    'people/more/grace_hopper.jpg',
    'people/person.jpg',
  ];
  return { dir, files };
}

function csvRows(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const split = (line: string) =>
    line
      .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
      .slice(0, -1)
      .map((f) => f.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
  const names = split(header);
  return lines.map((line) => Object.fromEntries(split(line).map((v, i) => [names[i], v])));
}

/** A result JSON without its timings (the only field that differs between two runs). */
function resultOf(path: string): Record<string, unknown> {
  const { timingsMs: _t, ...rest } = JSON.parse(readFileSync(path, 'utf8'));
  return rest;
}

describe('npm run explain -- --images DIR --out-dir OUT', () => {
  let data: { dir: string; files: string[] };
  let out: string;
  let first: ReturnType<typeof explain>;
  beforeAll(() => {
    data = makeDataset();
    out = mkdtempSync(join(tmpdir(), 'batch-out-'));
    first = explain('--model', MODEL, '--images', data.dir, '--out-dir', out, '--top-k', '3');
  });

  it('explains every image recursively, lists the bad file without failing, writes index.csv and index.html', () => {
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/explained 9, reused 0, skipped 1 bad file\(s\) of 10/);
    expect(first.stderr).toMatch(/bad files:\n {2}espresso\/broken\.jpg: not a PNG or JPEG image/);
    for (const file of data.files.filter((f) => !f.includes('broken'))) {
      const r = JSON.parse(readFileSync(join(out, `${file}.json`), 'utf8'));
      expect(r.topK).toHaveLength(3);
      expect(r.classIndex).toBe(r.topK[0].index);
      expect(r.heatmap).toHaveLength(224);
      const png = PNG.sync.read(readFileSync(join(out, `${file}.png`)));
      expect(png.width).toBeGreaterThan(100);
    }
    expect(existsSync(join(out, 'espresso', 'broken.jpg.json'))).toBe(false);

    const rows = csvRows(join(out, 'index.csv'));
    expect(rows.map((r) => r.file)).toEqual(data.files);
    const byFile = Object.fromEntries(rows.map((r) => [r.file, r]));
    expect(byFile['espresso/broken.jpg']).toMatchObject({ state: 'failed', truth: '967', top1: '' });
    expect(byFile['Egyptian_cat/chelsea.png']).toMatchObject({ truth: '285', top1: '285', correct: '1' });
    expect(byFile['MALAMUTE/dog.jpg'].truth).toBe('249'); // case-insensitive folder match
    expect(byFile['astronaut.png'].truth).toBe(''); // no class folder
    expect(byFile['people/person.jpg'].truth).toBe(''); // folder names no class
    for (const row of rows.filter((r) => r.state === 'ready')) {
      const r = JSON.parse(readFileSync(join(out, `${row.file}.json`), 'utf8'));
      expect(Number(row.top1)).toBe(r.topK[0].index);
      expect(Number(row.top1_probability)).toBeCloseTo(r.topK[0].probability, 5);
    }

    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).not.toMatch(/(src|href)="https?:/); // opens offline: nothing to fetch
    const embedded = JSON.parse(/<script type="application\/json" id="data">(.*?)<\/script>/s.exec(html)![1]);
    expect(embedded.rows.map((r: { file: string }) => r.file)).toEqual(data.files);
    const withTruth = rows.filter((r) => r.correct !== '');
    const accuracy = withTruth.filter((r) => r.correct === '1').length / withTruth.length;
    expect(Number(/data-accuracy="([^"]*)"/.exec(html)![1])).toBeCloseTo(accuracy, 10);
  });

  it('writes the single-image JSON: the same as explain --image on that file', () => {
    const single = join(out, 'single.json');
    const run = explain(
      '--model',
      MODEL,
      '--image',
      join(data.dir, 'espresso', 'coffee.png'),
      '--top-k',
      '3',
      '--out',
      single,
    );
    expect(run.status).toBe(0);
    expect(resultOf(join(out, 'espresso', 'coffee.png.json'))).toEqual(resultOf(single));
  });

  it('resumes: finished images are reused, a missing or stale output is redone, other settings redo all', () => {
    const chelsea = join(out, 'Egyptian_cat', 'chelsea.png.json');
    const before = statSync(chelsea).mtimeMs;
    const csv = readFileSync(join(out, 'index.csv'), 'utf8');
    const again = explain('--model', MODEL, '--images', data.dir, '--out-dir', out, '--top-k', '3');
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/explained 0, reused 9, skipped 1/);
    expect(statSync(chelsea).mtimeMs).toBe(before);
    expect(readFileSync(join(out, 'index.csv'), 'utf8')).toBe(csv);

    // One output gone: that image only (the model copy is dated before the outputs).
    const modelDir = join(mkdtempSync(join(tmpdir(), 'batch-model-')), MODEL);
    cpSync(join(testModelsDir(), MODEL), modelDir, { recursive: true });
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(join(modelDir, 'model.json'), past, past);
    rmSync(join(out, 'astronaut.png.png'));
    const partial = explain('--model', modelDir, '--images', data.dir, '--out-dir', out, '--top-k', '3');
    expect(partial.status).toBe(0);
    expect(partial.stderr).toMatch(/explained 1, reused 8/);

    // A model newer than the outputs: every image again.
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(modelDir, 'model.json'), future, future);
    const stale = explain('--model', modelDir, '--images', data.dir, '--out-dir', out, '--top-k', '3');
    expect(stale.status).toBe(0);
    expect(stale.stderr).toMatch(/explained 9, reused 0/);

    // A fixed class is another setting: every image is explained for class 285 (those whose own
    // top-1 is 285 already were: their outputs are the same and are reused).
    const own285 = csvRows(join(out, 'index.csv')).filter((r) => r.top1 === '285').length;
    expect(own285).toBe(2);
    const fixed = explain(
      '--model',
      MODEL,
      '--images',
      data.dir,
      '--out-dir',
      out,
      '--top-k',
      '3',
      '--class',
      '285',
    );
    expect(fixed.status).toBe(0);
    expect(fixed.stderr).toMatch(new RegExp(`explained ${9 - own285}, reused ${own285}`));
    for (const row of csvRows(join(out, 'index.csv')).filter((r) => r.state === 'ready'))
      expect(row.class).toBe('285');
  });

  it('resumes only outputs made with the same model options: --resize and --labels redo every image', () => {
    const base = ['--model', MODEL, '--images', data.dir, '--out-dir', out, '--top-k', '3', '--class', '285'];
    const cropped = explain(...base, '--resize', 'center-crop');
    expect(cropped.status).toBe(0);
    expect(cropped.stderr).toMatch(/explained 9, reused 0/);
    const result = JSON.parse(readFileSync(join(out, 'Egyptian_cat', 'chelsea.png.json'), 'utf8'));
    expect(result.region).toBeDefined(); // the centre crop is recorded in the output
    // The same labels but one renamed: outputs that name class 285 the old way are redone.
    const labels = JSON.parse(
      readFileSync(join(IMAGES_DIR, '..', 'models', 'imagenet_classes_1000.json'), 'utf8'),
    );
    labels[285] = 'Egyptian Mau';
    const file = join(mkdtempSync(join(tmpdir(), 'batch-labels-')), 'labels.json');
    writeFileSync(file, JSON.stringify(labels));
    const relabelled = explain(...base, '--resize', 'center-crop', '--labels', file);
    expect(relabelled.status).toBe(0);
    expect(relabelled.stderr).toMatch(/explained 9, reused 0/);
    const again = explain(...base, '--resize', 'center-crop', '--labels', file);
    expect(again.stderr).toMatch(/explained 0, reused 9/);
  });

  it('two shards merged equal one unsharded run (separate folders, or one shared folder)', () => {
    const whole = mkdtempSync(join(tmpdir(), 'batch-whole-'));
    const [a, b, merged, shared] = ['a', 'b', 'merged', 'shared'].map((n) => join(whole, n));
    expect(explain('--model', MODEL, '--images', data.dir, '--out-dir', join(whole, 'all')).status).toBe(0);
    const one = explain('--model', MODEL, '--images', data.dir, '--out-dir', a, '--shard', '1/2');
    expect(one.status).toBe(0);
    expect(one.stderr).toMatch(/of 5 \(shard 1\/2\)/);
    expect(existsSync(join(a, 'index.shard-1-of-2.json'))).toBe(true);
    expect(existsSync(join(a, 'index.csv'))).toBe(false);
    expect(explain('--model', MODEL, '--images', data.dir, '--out-dir', b, '--shard', '2/2').status).toBe(0);
    const merge = explain('--merge', a, b, '--out-dir', merged);
    expect(merge.stderr).toBe('');
    expect(merge.status).toBe(0);
    const expected = readFileSync(join(whole, 'all', 'index.csv'), 'utf8');
    expect(readFileSync(join(merged, 'index.csv'), 'utf8')).toBe(expected);
    for (const file of data.files.filter((f) => !f.includes('broken'))) {
      expect(resultOf(join(merged, `${file}.json`))).toEqual(resultOf(join(whole, 'all', `${file}.json`)));
      expect(existsSync(join(merged, `${file}.png`))).toBe(true);
    }
    for (const k of ['1/2', '2/2'])
      explain('--model', MODEL, '--images', data.dir, '--out-dir', shared, '--shard', k);
    expect(explain('--merge', shared).status).toBe(0);
    expect(readFileSync(join(shared, 'index.csv'), 'utf8')).toBe(expected);
    // A missing shard is reported, the rest is still merged.
    const half = explain('--merge', a, '--out-dir', join(whole, 'half'));
    expect(half.status).toBe(0);
    expect(half.stderr).toMatch(/shard\(s\) 2\/2 missing/);
  });

  it.each([
    [['--model', MODEL, '--images', '/no/such/dir', '--out-dir', '/tmp/x'], /not a folder/],
    [['--model', MODEL, '--images', IMAGES_DIR], /--out-dir is required/],
    [['--model', MODEL, '--images', IMAGES_DIR, '--out-dir', '/tmp/x', '--shard', '0/2'], /between 1 and N/],
    [['--model', MODEL, '--images', IMAGES_DIR, '--out-dir', '/tmp/x', '--shard', 'two'], /K\/N/],
    [['--model', MODEL, '--images', IMAGES_DIR, '--out-dir', '/tmp/x', '--method', 'nope'], /method/],
    [['--model', MODEL, '--images', IMAGES_DIR, '--out-dir', '/tmp/x', '--png', 'o.png'], /for one image/],
    [['--images', IMAGES_DIR, '--out-dir', '/tmp/x'], /--model is required/],
    [['--merge'], /at least one/],
    [['--merge', IMAGES_DIR], /no index/],
  ])('exits 2 with one line on bad arguments: %s', (args, message) => {
    const run = explain(...(args as string[]));
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message as RegExp);
  });
});
