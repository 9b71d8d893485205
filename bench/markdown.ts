/**
 * Renders a bench results file as the Markdown the README shows:
 *   npx tsx bench/markdown.ts [bench/results/latest.json] > table.md
 */
import { type BenchFile, readResults } from './report';

const HEADLINE_CASES = [
  'forward',
  'new-image',
  'class-switch',
  'top5-batched',
  'top5-separate',
  'method:gradcam',
];

/** The JS heap growth, or n/a where the runtime reports none (a browser worker has no performance.memory). */
function heap(soak: BenchFile['soak'][number]): string {
  if (soak.jsHeapBytes.every((bytes) => bytes === 0)) return 'n/a';
  return `${(soak.growthFrom10To200.jsHeapBytes / 2 ** 20).toFixed(1)} MiB`;
}

function loadRange(slices: NonNullable<BenchFile['slices']>): string {
  const ones = slices
    .flatMap((slice) => [slice.loadAverage.start[0], slice.loadAverage.end[0]])
    .filter(Number.isFinite);
  return `${Math.min(...ones)}-${Math.max(...ones)}`;
}

export function benchMarkdown(file: BenchFile): string {
  const lines: string[] = [];
  const m = file.machine;
  lines.push(
    `Measured ${file.date} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), ${m.os}, Node ${m.node}` +
      (m.browser ? `, ${m.browser} (headless; WebGL/WebGPU on SwiftShader, a software GPU)` : '') +
      (file.slices
        ? `, in ${file.slices.length} slices, each alone on the machine (1-minute load average ${loadRange(file.slices)} at their starts and ends)`
        : m.loadAverage
          ? `, load average ${m.loadAverage.start.join(' ')} at the start and ${m.loadAverage.end?.join(' ') ?? '?'} at the end (1, 5, 15 min)`
          : '') +
      '. Median of the warm runs (min-max in brackets), milliseconds.',
  );
  lines.push('');
  const groups = new Map<string, BenchFile['results']>();
  for (const result of file.results) {
    const isolation = result.env === 'browser' ? (result.isolated ? ' (isolated)' : ' (not isolated)') : '';
    const key = `${result.env} | ${result.backend} | ${result.threads ?? 1}${isolation} | ${result.model}`;
    groups.set(key, [...(groups.get(key) ?? []), result]);
  }
  const cell = (results: BenchFile['results'], name: string) => {
    const r = results.find((x) => x.case === name);
    return r ? `${r.medianMs.toFixed(1)} (${r.minMs.toFixed(1)}-${r.maxMs.toFixed(1)})` : '-';
  };
  lines.push(
    `| env | backend | threads | model | ${HEADLINE_CASES.join(' | ')} | mid-layer | load cold / cached | cold start |`,
  );
  lines.push(`|${' --- |'.repeat(HEADLINE_CASES.length + 7)}`);
  for (const [key, results] of groups) {
    const load = `${cell(results, 'load-cold').split(' ')[0]} / ${cell(results, 'load-cached').split(' ')[0]}`;
    lines.push(
      `| ${key} | ${HEADLINE_CASES.map((name) => cell(results, name)).join(' | ')} | ${cell(results, 'mid-layer')} | ${load} | ${cell(results, 'cold-start').split(' ')[0]} |`,
    );
  }
  lines.push('');
  lines.push('Every method at the default layer, and Guided Backprop of one class (median ms):');
  lines.push('');
  const methods = [
    ...new Set(
      file.results.filter((r) => r.case.startsWith('method:') || r.case === 'guided').map((r) => r.case),
    ),
  ];
  lines.push(
    `| env | backend | threads | model | ${methods.map((name) => name.replace(/^method:/, '')).join(' | ')} |`,
  );
  lines.push(`|${' --- |'.repeat(methods.length + 4)}`);
  for (const [key, results] of groups) {
    if (!results.some((r) => r.case.startsWith('method:'))) continue;
    const cells = methods.map((name) => {
      const r = results.find((x) => x.case === name);
      return r ? `${r.medianMs.toFixed(1)}${r.note?.startsWith('capped') ? `*` : ''}` : '-';
    });
    lines.push(`| ${key} | ${cells.join(' | ')} |`);
  }
  lines.push('');
  // The footnote names each cap this run used (the rows' notes say "capped at N channels").
  const caps = [
    ...new Set(
      file.results
        .filter((r) => r.case === 'method:scorecam' && r.note?.startsWith('capped'))
        .map((r) => `${r.model} on ${r.backend}: ${r.note}`),
    ),
  ];
  lines.push(
    `\\* Score-CAM ${caps.length ? caps.join('; ') : 'capped'} (the others: all channels). On webgl/webgpu (software GPU here) Ablation-CAM and Score-CAM are not run by default.`,
  );
  lines.push('');
  lines.push(
    'Ratios against the targets (new image <= 1.15 x forward, class switch <= 0.1 x forward, top-5 batched <= 1.3 x forward, mid-layer map <= 1.5 x forward; the page on wasm: 1 thread / N threads >= 1.6, a new image no slower than pytorch-grad-cam here, a forward pass no slower than Node):',
  );
  lines.push('');
  lines.push('| env | backend | threads | model | ratio | value | target | |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const ratio of file.ratios) {
    const target = `${ratio.better === 'higher' ? '>=' : '<='} ${ratio.target}`;
    lines.push(
      `| ${ratio.env} | ${ratio.backend} | ${ratio.threads} | ${ratio.model} | ${ratio.name} | ${ratio.value} | ${target} | ${ratio.met ? 'met' : '**missed**'} |`,
    );
  }
  lines.push('');
  lines.push(
    'Memory soak (200 explanations alternating images, classes, layers and methods; growth from run 10 to 200):',
  );
  lines.push('');
  lines.push('| env | backend | model | tensors | tfjs bytes | GPU bytes | JS heap |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const soak of file.soak) {
    const g = soak.growthFrom10To200;
    lines.push(
      `| ${soak.env} | ${soak.backend} | ${soak.model} | ${g.numTensors} | ${g.numBytes} | ${g.numBytesInGPU ?? '-'} | ${heap(soak)} |`,
    );
  }
  if (file.entryJsGzipBytes !== undefined) {
    lines.push('');
    lines.push(
      `Page entry JavaScript: ${(file.entryJsGzipBytes / 1024).toFixed(1)} KiB gzip (target <= 100 KB); tfjs on the main thread: ${file.tfjsOnMainThread ? 'yes' : 'no'}.`,
    );
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('markdown.ts')) {
  console.log(benchMarkdown(readResults(process.argv[2] ?? 'bench/results/latest.json')));
}
