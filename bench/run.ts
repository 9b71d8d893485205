/**
 * `npm run bench [-- --env node|browser --backend wasm --model <id> --cases forward,new-image --runs 20 --out f]`
 * Writes bench/results/<date>.json and latest.json (or --out) and prints a table; with --update the
 * run's rows are merged into latest.json (the full bench in slices, each on a quiet machine).
 * Not part of the pass/fail tests: targets are reported, never asserted.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { benchMarkdown } from './markdown';
import { runNodeBenchmarks } from './node.bench';
import { parseOptions } from './options';
import { measurePageWeight } from './page-weight';
import {
  type BenchFile,
  computeRatios,
  loadAverage,
  machineInfo,
  mergeResults,
  printTable,
  readResults,
  writeResults,
} from './report';

const TARGETS = {
  'new-image / forward': '<= 1.15',
  'class-switch / forward': '<= 0.1 at the default layer',
  'top5-batched / forward': '<= 1.3',
  'mid-layer / forward': '<= 1.5 (Grad-CAM at the middle candidate layer)',
  'forward 1 thread / N threads': '>= 1.6 on the page wasm path with 2 threads',
  'new-image / pytorch-grad-cam': '<= 1 (page wasm, all threads): ResNet50 196 ms, MobileNet v1 0.25 15.7 ms',
  'page forward / node forward': '<= 1',
  soak: 'zero growth in tensors and GPU bytes from run 10 to 200',
  entryJsGzipBytes: '<= 100 KB',
  reference:
    'pytorch-grad-cam (PyTorch 1.13 CPU, 2 threads) on this machine: a new image with Grad-CAM takes ResNet50 196 ms, MobileNet v1 0.25 15.7 ms',
};

const LATEST = 'bench/results/latest.json';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  let file: BenchFile = {
    date: new Date().toISOString().slice(0, 10),
    machine: machineInfo(),
    options: { ...options },
    results: [],
    ratios: [],
    soak: [],
    targets: TARGETS,
  };
  const log = (line: string) => console.error(line);
  if (options.envs.includes('node')) {
    const node = await runNodeBenchmarks(options, log);
    file.results.push(...node.results);
    file.soak.push(...node.soak);
    writeResults(file, options.out ?? 'bench/results/partial.tmp.json'); // kept if the browser part fails
  }
  if (options.envs.includes('browser')) {
    const { runBrowserBenchmarks } = await import('./browser.bench');
    const browser = await runBrowserBenchmarks(options, log);
    file.machine.browser = browser.browser;
    file.results.push(...browser.results);
    file.soak.push(...browser.soak);
  }
  if (existsSync(`${options.dist}/index.html`))
    Object.assign(file, pickWeight(measurePageWeight(options.dist)));
  file.machine.loadAverage = { start: file.machine.loadAverage?.start ?? [], end: loadAverage() };
  if (options.update && existsSync(LATEST)) {
    const what =
      process.argv
        .slice(2)
        .filter((arg) => arg !== '--update')
        .join(' ') || 'everything';
    file = mergeResults(readResults(LATEST), file, what);
  }
  file.ratios = computeRatios(file.results);
  printTable(file);
  const paths = writeResults(file, options.out);
  if (!options.out) {
    writeFileSync('bench/results/latest.md', `${benchMarkdown(file)}\n`);
    paths.push('bench/results/latest.md');
  }
  console.log(`\nwrote ${paths.join(', ')}`);
}

function pickWeight(weight: ReturnType<typeof measurePageWeight>) {
  return { entryJsGzipBytes: weight.entryJsGzipBytes, tfjsOnMainThread: weight.tfjsOnMainThread };
}

// Once the results are written the run is over: a handle left behind (once, after the WebGPU slice:
// results written, the process still alive minutes later) must not hold the caller's shell or lock.
main().then(
  () => process.exit(0),
  (error) => {
    console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
