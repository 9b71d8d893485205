/** Ground truth from folder names, the summary and the CSV, on the real ImageNet labels. */
import { describe, expect, it } from 'vitest';
import { IMAGENET_LABELS, resolveLabels } from '../gradcam/labels';
import { labelMatcher, truthOf } from './ground-truth';
import { progressStats } from './progress';
import { DEFAULT_QUERY } from './query';
import { type DatasetRow, toCsv } from './rows';
import { summarise } from './summary';
import { queryRows } from './view';

const row = (file: string, truth: number | null, predicted: number | null): DatasetRow => ({
  file,
  state: predicted == null ? 'failed' : 'ready',
  truth,
  top: predicted == null ? [] : [{ index: predicted, label: IMAGENET_LABELS[predicted], probability: 0.5 }],
  classIndex: predicted,
  method: 'gradcam',
  layer: 'conv_pw_13_relu',
});

describe('ImageFolder ground truth', () => {
  const match = labelMatcher(IMAGENET_LABELS);
  it('matches folder names case- and underscore-insensitively, full labels and synonyms', () => {
    expect(match('Egyptian_cat')).toBe(285);
    expect(match('egyptian cat')).toBe(285);
    expect(match('GOLDEN_RETRIEVER')).toBe(207);
    expect(match('tabby_cat')).toBe(281); // a synonym of "tabby, tabby cat"
    expect(match('malamute')).toBe(249);
    expect(match('not a class')).toBeNull();
  });
  it('takes the folder a file sits in; files at the top have no truth', () => {
    expect(truthOf('espresso/a.jpg', match)).toBe(967);
    expect(truthOf('train/espresso/a.jpg', match)).toBe(967);
    expect(truthOf('a.jpg', match)).toBeNull();
  });
  it("follows the model's own output order (Darknet, background-first GraphModel)", () => {
    const darknet = resolveLabels('darknet');
    expect(darknet[labelMatcher(darknet)('Egyptian_cat')!]).toBe('Egyptian cat');
    expect(labelMatcher(resolveLabels('imagenet-background'))('Egyptian_cat')).toBe(286);
  });
});

describe('summary and CSV', () => {
  const rows = [
    row('a/1.jpg', 285, 285),
    row('a/2.jpg', 285, 281),
    row('a/3.jpg', 285, 281),
    row('b/1.jpg', 281, 285),
    row('c.jpg', null, 967),
    row('bad.jpg', 967, null),
  ];
  it('accuracy over rows with truth; confusions most frequent first', () => {
    const s = summarise(rows);
    expect(s).toMatchObject({ total: 6, ready: 5, failed: 1, withTruth: 4, correct: 1, accuracy: 0.25 });
    expect(s.confusions).toEqual([
      { truth: 285, predicted: 281, count: 2 },
      { truth: 281, predicted: 285, count: 1 },
    ]);
    expect(summarise([row('x.jpg', null, 1)]).accuracy).toBeNull();
  });
  it('writes one quoted CSV line per row', () => {
    const csv = toCsv(rows, IMAGENET_LABELS).trim().split('\n');
    expect(csv).toHaveLength(7);
    expect(csv[2]).toBe(
      'a/2.jpg,ready,285,Egyptian cat,281,"tabby, tabby cat",0.500000,0,281,"tabby, tabby cat",gradcam,conv_pw_13_relu,281:0.500000,,',
    );
    const boxed = toCsv([{ ...rows[2], box: { x: 10.04, y: 0, w: 99.96, h: 50.5 } }], IMAGENET_LABELS);
    expect(boxed.trim().split('\n')[1]).toMatch(/,281:0\.500000,,10 0 100 50\.5$/);
    expect(csv[6]).toMatch(/^bad\.jpg,failed,967,espresso,,,,,,,gradcam/);
  });
  it('sorts and filters: worst mistakes first, right/wrong/skipped, a confusion pair, text', () => {
    const files = (q: Partial<typeof DEFAULT_QUERY>) =>
      queryRows(rows, { ...DEFAULT_QUERY, ...q }).map((r) => r.file);
    const withProb = rows.map((r, i) => ({
      ...r,
      top: r.top.map((p) => ({ ...p, probability: 0.1 * (i + 1) })),
    }));
    expect(
      queryRows(withProb, { ...DEFAULT_QUERY, sort: 'worst-first' })
        .map((r) => r.file)
        .slice(0, 3),
    ).toEqual(['b/1.jpg', 'a/3.jpg', 'a/2.jpg']);
    expect(files({ filter: 'right' })).toEqual(['a/1.jpg']);
    expect(files({ filter: 'wrong' })).toEqual(['a/2.jpg', 'a/3.jpg', 'b/1.jpg']);
    expect(files({ filter: 'failed' })).toEqual(['bad.jpg']);
    expect(files({ truth: 285, predicted: 281 })).toEqual(['a/2.jpg', 'a/3.jpg']);
    expect(files({ text: 'ESPRESSO' })).toEqual(['c.jpg']);
    expect(files({ sort: 'truth' })).toEqual([
      'b/1.jpg',
      'a/1.jpg',
      'a/2.jpg',
      'a/3.jpg',
      'bad.jpg',
      'c.jpg',
    ]);
  });
  it('rate and time left', () => {
    expect(progressStats(10, 40, 5000)).toEqual({ done: 10, total: 40, imagesPerSecond: 2, secondsLeft: 15 });
    expect(progressStats(0, 40, 0).secondsLeft).toBeNull();
  });
});
