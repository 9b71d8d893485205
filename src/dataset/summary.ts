/** Dataset summary: accuracy over the rows with ground truth, and the most common confusions. */
import { type DatasetRow, isCorrect, top1 } from './rows';

export interface Confusion {
  truth: number;
  predicted: number;
  count: number;
}

export interface DatasetSummary {
  total: number;
  ready: number;
  failed: number;
  /** Ready rows whose truth is known. */
  withTruth: number;
  correct: number;
  /** correct / withTruth, or null when no row has ground truth. */
  accuracy: number | null;
  /** truth -> predicted pairs of the wrong rows, most frequent first (ties: by truth, predicted). */
  confusions: Confusion[];
}

export function summarise(rows: readonly DatasetRow[]): DatasetSummary {
  let ready = 0;
  let withTruth = 0;
  let correct = 0;
  const pairs = new Map<string, Confusion>();
  for (const row of rows) {
    if (row.state !== 'ready') continue;
    ready++;
    const ok = isCorrect(row);
    if (ok == null) continue;
    withTruth++;
    if (ok) {
      correct++;
      continue;
    }
    const predicted = top1(row)!;
    const key = `${row.truth}>${predicted}`;
    const pair = pairs.get(key) ?? { truth: row.truth!, predicted, count: 0 };
    pair.count++;
    pairs.set(key, pair);
  }
  const confusions = [...pairs.values()].sort(
    (a, b) => b.count - a.count || a.truth - b.truth || a.predicted - b.predicted,
  );
  return {
    total: rows.length,
    ready,
    failed: rows.length - ready,
    withTruth,
    correct,
    accuracy: withTruth > 0 ? correct / withTruth : null,
    confusions,
  };
}
