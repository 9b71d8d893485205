/**
 * One image of a dataset run, as the page's grid, the command line's index and every export see it;
 * and its CSV form (one header, one formatter). Framework-free.
 */

export interface RowPrediction {
  index: number;
  label: string;
  probability: number;
}

export interface DatasetRow {
  /** Path relative to the dataset folder, '/'-separated. */
  file: string;
  state: 'ready' | 'failed';
  /** Why a failed file was skipped. */
  error?: string;
  /** Ground-truth class index from the folder name, or null. */
  truth: number | null;
  /** Top-k predictions, best first (empty when failed). */
  top: RowPrediction[];
  /** The class the map explains (the own top-1, or the fixed class); null when failed. */
  classIndex: number | null;
  method: string;
  layer: string;
  /**
   * The map's box in the photo's own pixels (COCO-style x, y, w, h: the largest region of the map at
   * >= 15 % of its maximum, src/gradcam/metrics/boxes.ts); absent when not computed.
   */
  box?: { x: number; y: number; w: number; h: number } | null;
}

/** The overlay of a file in an output folder or a ZIP: "<relative path>.png" ("cat/a.jpg" -> "cat/a.jpg.png"). */
export function overlayName(file: string): string {
  return `${file}.png`;
}

/** The predicted class (top-1), or null for a failed row. */
export function top1(row: DatasetRow): number | null {
  return row.top.length > 0 ? row.top[0].index : null;
}

/** true / false when both truth and prediction are known, else null. */
export function isCorrect(row: DatasetRow): boolean | null {
  const predicted = top1(row);
  return row.truth == null || predicted == null ? null : predicted === row.truth;
}

export const CSV_HEADER = [
  'file',
  'state',
  'truth',
  'truth_label',
  'top1',
  'top1_label',
  'top1_probability',
  'correct',
  'class',
  'class_label',
  'method',
  'layer',
  'top_k',
  'error',
  'box',
] as const;

function csvField(value: string | number | null | undefined): string {
  if (value == null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A probability as written in the CSV (6 decimals: deterministic across runs and machines' locales). */
export function formatProbability(p: number): string {
  return p.toFixed(6);
}

/** One CSV line (no newline) for a row; `labels` are the model's labels in output order. */
export function csvLine(row: DatasetRow, labels: readonly string[]): string {
  const predicted = top1(row);
  const correct = isCorrect(row);
  return [
    row.file,
    row.state,
    row.truth,
    row.truth == null ? '' : labels[row.truth],
    predicted,
    predicted == null ? '' : row.top[0].label,
    predicted == null ? '' : formatProbability(row.top[0].probability),
    correct == null ? '' : correct ? 1 : 0,
    row.classIndex,
    row.classIndex == null ? '' : labels[row.classIndex],
    row.method,
    row.layer,
    row.top.map((p) => `${p.index}:${formatProbability(p.probability)}`).join(' '),
    row.error,
    row.box ? [row.box.x, row.box.y, row.box.w, row.box.h].map((v) => Math.round(v * 10) / 10).join(' ') : '',
  ]
    .map(csvField)
    .join(',');
}

/** The whole CSV document (header + one line per row, in the given order, final newline). */
export function toCsv(rows: readonly DatasetRow[], labels: readonly string[]): string {
  return `${[CSV_HEADER.join(','), ...rows.map((r) => csvLine(r, labels))].join('\n')}\n`;
}

/** Rows in the canonical order (by file path), for reports that must not depend on run order. */
export function sortByFile<T extends { file: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
