/** The benchmark's JSON file and printed table. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import type { SoakSeries, Timing } from '../src/gradcam/benchmark';

export type CaseName =
  | 'forward'
  | 'new-image'
  | 'class-switch'
  | 'top5-batched'
  | 'top5-separate'
  | `method:${string}`
  | 'guided'
  | 'mid-layer'
  | 'cold-start'
  | 'load-cold'
  | 'load-cached';

export interface BenchResult extends Timing {
  env: 'node' | 'browser';
  backend: string;
  /** Threads the backend computed with: the wasm thread count, 1 on every other backend. */
  threads: number;
  /** The page was cross-origin isolated (browser rows). */
  isolated?: boolean;
  model: string;
  case: CaseName;
  browser?: string;
  note?: string;
  /** The machine's 1-minute load average when the case was measured (a shared machine is noisy). */
  load1?: number;
}

export type RatioName =
  | 'new-image / forward'
  | 'class-switch / forward'
  | 'top5-batched / forward'
  | 'mid-layer / forward'
  | 'forward 1 thread / N threads'
  | 'new-image / pytorch-grad-cam'
  | 'page forward / node forward';

export interface Ratio {
  env: string;
  backend: string;
  threads: number;
  model: string;
  name: RatioName;
  value: number;
  target: number;
  /** Whether the target is a ceiling (value <= target) or a floor (value >= target). */
  better: 'lower' | 'higher';
  met: boolean;
}

export interface SoakReport extends SoakSeries {
  env: string;
  threads?: number;
  backend: string;
  model: string;
  /** Growth from run 10 to the last run (run 200 by default): zero when nothing leaks. */
  growthFrom10To200: { numTensors: number; numBytes: number; numBytesInGPU?: number; jsHeapBytes: number };
}

export function soakReport(
  tag: { env: string; backend: string; model: string },
  series: SoakSeries,
): SoakReport {
  const from = Math.min(9, series.runs - 1);
  const last = series.runs - 1;
  const growth = (values: number[]) => values[last] - values[from];
  return {
    ...tag,
    ...series,
    growthFrom10To200: {
      numTensors: growth(series.numTensors),
      numBytes: growth(series.numBytes),
      ...(series.numBytesInGPU ? { numBytesInGPU: growth(series.numBytesInGPU) } : {}),
      jsHeapBytes: growth(series.jsHeapBytes),
    },
  };
}

export interface BenchFile {
  date: string;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    os: string;
    node: string;
    browser?: string;
    /** 1, 5 and 15-minute load averages when the bench started and ended. */
    loadAverage?: { start: number[]; end?: number[] };
  };
  /** When the file was taken in slices (`--update`): each slice's filters and load averages. */
  slices?: { at: string; what: string; loadAverage: { start: number[]; end: number[] } }[];
  options: Record<string, unknown>;
  results: BenchResult[];
  ratios: Ratio[];
  soak: SoakReport[];
  entryJsGzipBytes?: number;
  tfjsOnMainThread?: boolean;
  targets: Record<string, string>;
}

/** The 1, 5 and 15-minute load averages, to one decimal. */
export const loadAverage = () => loadavg().map((x) => Math.round(x * 10) / 10);

export function machineInfo(): BenchFile['machine'] {
  return {
    loadAverage: { start: loadAverage() },
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

/** Each ratio's target and direction (the targets; reported, never asserted). */
export const RATIO_TARGETS: Record<RatioName, { target: number; better: 'lower' | 'higher' }> = {
  'new-image / forward': { target: 1.15, better: 'lower' },
  'class-switch / forward': { target: 0.1, better: 'lower' },
  'top5-batched / forward': { target: 1.3, better: 'lower' },
  'mid-layer / forward': { target: 1.5, better: 'lower' },
  'forward 1 thread / N threads': { target: 1.6, better: 'higher' },
  'new-image / pytorch-grad-cam': { target: 1, better: 'lower' },
  'page forward / node forward': { target: 1, better: 'lower' },
};

/**
 * pytorch-grad-cam (PyTorch 1.13 CPU, 2 threads) on this machine, same weights and input: one
 * Grad-CAM of a new image, ms (the measurements).
 */
export const PYTORCH_GRADCAM_MS: Record<string, number> = {
  resnet50_imagenet: 196,
  'mobilenet_v1_0.25_224': 15.7,
};

const ratioKey = (r: { env: string; backend: string; threads: number; model: string }) =>
  `${r.env}|${r.backend}|${r.threads}|${r.model}`;

function makeRatio(tag: BenchResult, name: RatioName, value: number): Ratio {
  const { target, better } = RATIO_TARGETS[name];
  const rounded = Math.round(value * 1000) / 1000;
  return {
    env: tag.env,
    backend: tag.backend,
    threads: tag.threads,
    model: tag.model,
    name,
    value: rounded,
    target,
    better,
    met: better === 'lower' ? rounded <= target : rounded >= target,
  };
}

/** The ratios the issue asks for, from results of the same run (same env, backend, threads, model). */
export function computeRatios(results: BenchResult[]): Ratio[] {
  const ratios: Ratio[] = [];
  const groups = new Map<string, BenchResult[]>();
  for (const result of results) {
    const key = ratioKey(result);
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  const find = (group: BenchResult[] | undefined, name: string) => group?.find((r) => r.case === name);
  for (const group of groups.values()) {
    const forward = find(group, 'forward');
    if (!forward) continue;
    const pairs: [RatioName, string][] = [
      ['new-image / forward', 'new-image'],
      ['class-switch / forward', 'class-switch'],
      ['top5-batched / forward', 'top5-batched'],
      ['mid-layer / forward', 'mid-layer'],
    ];
    for (const [name, caseName] of pairs) {
      const other = find(group, caseName);
      if (other) ratios.push(makeRatio(forward, name, other.medianMs / forward.medianMs));
    }
    const newImage = find(group, 'new-image');
    const reference = PYTORCH_GRADCAM_MS[forward.model];
    if (forward.env === 'browser' && forward.backend === 'wasm' && newImage && reference) {
      ratios.push(makeRatio(forward, 'new-image / pytorch-grad-cam', newImage.medianMs / reference));
    }
    if (forward.env === 'browser' && forward.backend === 'wasm' && forward.threads > 1) {
      const single = find(groups.get(ratioKey({ ...forward, threads: 1 })), 'forward');
      if (single)
        ratios.push(makeRatio(forward, 'forward 1 thread / N threads', single.medianMs / forward.medianMs));
    }
    if (forward.env === 'browser' && forward.backend === 'wasm') {
      const node = find(groups.get(ratioKey({ ...forward, env: 'node', threads: 1 })), 'forward');
      if (node)
        ratios.push(makeRatio(forward, 'page forward / node forward', forward.medianMs / node.medianMs));
    }
  }
  return ratios;
}

export function printTable(file: BenchFile): void {
  const rows = file.results.map((result) => [
    result.env,
    result.backend,
    String(result.threads),
    result.model,
    result.case,
    result.medianMs.toFixed(1),
    result.minMs.toFixed(1),
    result.maxMs.toFixed(1),
    String(result.runs),
  ]);
  const header = ['env', 'backend', 'threads', 'model', 'case', 'median ms', 'min', 'max', 'runs'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  if (file.ratios.length) {
    console.log('\nratios (target):');
    for (const ratio of file.ratios) {
      console.log(
        `  ${ratio.env}/${ratio.backend}/${ratio.threads}t/${ratio.model}  ${ratio.name} = ${ratio.value} (${ratio.better === 'lower' ? '<=' : '>='} ${ratio.target}) ${ratio.met ? 'met' : 'MISSED'}`,
      );
    }
  }
  for (const soak of file.soak) {
    const growth = soak.growthFrom10To200;
    console.log(
      `\nsoak ${soak.env}/${soak.backend}/${soak.model}: ${soak.runs} runs, growth run 10 -> ${soak.runs}: ` +
        `${growth.numTensors} tensors, ${growth.numBytes} bytes` +
        (growth.numBytesInGPU !== undefined ? `, ${growth.numBytesInGPU} GPU bytes` : '') +
        `, JS heap ${(growth.jsHeapBytes / 2 ** 20).toFixed(1)} MiB`,
    );
  }
  if (file.entryJsGzipBytes !== undefined) {
    console.log(
      `\npage entry JS: ${(file.entryJsGzipBytes / 1024).toFixed(1)} KiB gzip; tfjs on the main thread: ${file.tfjsOnMainThread}`,
    );
  }
}

/** Writes bench/results/<date>.json and latest.json (or only `out` when given). */
export function writeResults(file: BenchFile, out?: string): string[] {
  const json = `${JSON.stringify(file, null, 2)}\n`;
  const paths = out
    ? [out]
    : [join('bench', 'results', `${file.date}.json`), join('bench', 'results', 'latest.json')];
  for (const path of paths) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, json);
  }
  return paths;
}

const rowKey = (r: { env: string; backend: string; threads?: number; model: string; case?: string }) =>
  [r.env, r.backend, r.threads ?? 1, r.model, r.case ?? ''].join('|');

/** `slice` added to `previous`: its rows replace the same env, backend, threads, model and case. */
export function mergeResults(previous: BenchFile, slice: BenchFile, what: string): BenchFile {
  const fresh = new Set(slice.results.map(rowKey));
  const freshSoak = new Set(slice.soak.map(rowKey));
  const start = slice.machine.loadAverage?.start ?? [];
  const end = slice.machine.loadAverage?.end ?? [];
  const slices = previous.slices ?? [
    {
      at: previous.date,
      what: 'earlier run',
      loadAverage: {
        start: previous.machine.loadAverage?.start ?? [],
        end: previous.machine.loadAverage?.end ?? [],
      },
    },
  ];
  return {
    ...slice,
    machine: {
      ...previous.machine,
      ...slice.machine,
      browser: slice.machine.browser ?? previous.machine.browser,
    },
    results: [...previous.results.filter((r) => !fresh.has(rowKey(r))), ...slice.results],
    soak: [...previous.soak.filter((r) => !freshSoak.has(rowKey(r))), ...slice.soak],
    entryJsGzipBytes: slice.entryJsGzipBytes ?? previous.entryJsGzipBytes,
    tfjsOnMainThread: slice.tfjsOnMainThread ?? previous.tfjsOnMainThread,
    slices: [...slices, { at: new Date().toISOString().slice(0, 16), what, loadAverage: { start, end } }],
  };
}

export function readResults(path: string): BenchFile {
  return JSON.parse(readFileSync(path, 'utf8')) as BenchFile;
}
