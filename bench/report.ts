/** The benchmark's JSON file and printed table. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
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
  model: string;
  case: CaseName;
  browser?: string;
  note?: string;
}

export interface Ratio {
  env: string;
  backend: string;
  model: string;
  name: 'new-image / forward' | 'class-switch / forward' | 'top5-batched / forward';
  value: number;
  target: number;
  met: boolean;
}

export interface SoakReport extends SoakSeries {
  env: string;
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
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string; browser?: string };
  options: Record<string, unknown>;
  results: BenchResult[];
  ratios: Ratio[];
  soak: SoakReport[];
  entryJsGzipBytes?: number;
  tfjsOnMainThread?: boolean;
  targets: Record<string, string>;
}

export function machineInfo(): BenchFile['machine'] {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

const RATIO_TARGETS: Record<Ratio['name'], number> = {
  'new-image / forward': 1.15,
  'class-switch / forward': 0.1,
  'top5-batched / forward': 1.3,
};

/** The ratios the issue asks for, from results of the same run (same env, backend and model). */
export function computeRatios(results: BenchResult[]): Ratio[] {
  const ratios: Ratio[] = [];
  const groups = new Map<string, BenchResult[]>();
  for (const result of results) {
    const key = `${result.env}|${result.backend}|${result.model}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  for (const group of groups.values()) {
    const forward = group.find((result) => result.case === 'forward');
    if (!forward) continue;
    const pairs: [Ratio['name'], string][] = [
      ['new-image / forward', 'new-image'],
      ['class-switch / forward', 'class-switch'],
      ['top5-batched / forward', 'top5-batched'],
    ];
    for (const [name, caseName] of pairs) {
      const other = group.find((result) => result.case === caseName);
      if (!other) continue;
      const value = Math.round((other.medianMs / forward.medianMs) * 1000) / 1000;
      ratios.push({
        env: forward.env,
        backend: forward.backend,
        model: forward.model,
        name,
        value,
        target: RATIO_TARGETS[name],
        met: value <= RATIO_TARGETS[name],
      });
    }
  }
  return ratios;
}

export function printTable(file: BenchFile): void {
  const rows = file.results.map((result) => [
    result.env,
    result.backend,
    result.model,
    result.case,
    result.medianMs.toFixed(1),
    result.minMs.toFixed(1),
    result.maxMs.toFixed(1),
    String(result.runs),
  ]);
  const header = ['env', 'backend', 'model', 'case', 'median ms', 'min', 'max', 'runs'];
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
        `  ${ratio.env}/${ratio.backend}/${ratio.model}  ${ratio.name} = ${ratio.value} (<= ${ratio.target}) ${ratio.met ? 'met' : 'MISSED'}`,
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

export function readResults(path: string): BenchFile {
  return JSON.parse(readFileSync(path, 'utf8')) as BenchFile;
}
