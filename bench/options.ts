/**
 * Command-line filters: `npm run bench -- --env node --backend wasm --model <id> --cases a,b --runs 20
 * --out f`; `--scorecam-channels n` caps Score-CAM's channels everywhere, `--page-loads n` sets the
 * browser's timed reloads; `--update` merges this run's rows into bench/results/latest.json (replacing the
 * same env, backend, threads, model and case), so the full bench can be taken in quiet slices.
 */

export interface BenchOptions {
  envs: ('node' | 'browser')[];
  backends?: string[];
  models?: string[];
  cases?: string[];
  runs: number;
  warmup: number;
  soakRuns: number;
  /** Score-CAM's channel cap on every backend (default: all channels on wasm, 32 on a GPU, 8 on cpu). */
  scorecamChannels?: number;
  /** Timed reloads per page (cold start, cached load); default 3. */
  pageLoads: number;
  out?: string;
  /** Merge into latest.json instead of replacing it. */
  update: boolean;
  /** The production build the browser cases serve (default dist). */
  dist: string;
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export function parseOptions(argv: string[]): BenchOptions {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (name === 'quick' || name === 'update') {
      values.set(name, '1');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    values.set(name, value);
  }
  const known = new Set([
    'env',
    'backend',
    'model',
    'cases',
    'runs',
    'warmup',
    'soak',
    'out',
    'quick',
    'update',
    'dist',
    'scorecam-channels',
    'page-loads',
  ]);
  for (const name of values.keys()) if (!known.has(name)) throw new Error(`unknown option --${name}`);
  const quick = values.has('quick');
  const envs = (list(values.get('env')) ?? ['node', 'browser']) as BenchOptions['envs'];
  for (const env of envs)
    if (env !== 'node' && env !== 'browser') throw new Error(`--env must be node or browser`);
  const number = (name: string, fallback: number) => {
    const value = Number(values.get(name) ?? fallback);
    if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
    return value;
  };
  return {
    envs,
    backends: list(values.get('backend')),
    models: list(values.get('model')),
    cases: list(values.get('cases')),
    runs: number('runs', quick ? 3 : 10),
    warmup: number('warmup', quick ? 1 : 3),
    soakRuns: number('soak', quick ? 20 : 200),
    scorecamChannels: values.has('scorecam-channels') ? number('scorecam-channels', 0) : undefined,
    pageLoads: number('page-loads', quick ? 1 : 3),
    out: values.get('out'),
    update: values.has('update'),
    dist: values.get('dist') ?? 'dist',
  };
}
