/**
 * The batch flags of `explain` (--images, --out-dir, --shard, --merge). Every other flag (model,
 * method, class, layer, top-k, backend...) is parsed and checked by explain's own parser, so a batch
 * run takes exactly the options a single image does.
 */
import { type ExplainArgs, parseExplainArgs, UsageError } from './explain';

export const BATCH_USAGE =
  'usage: npm run explain -- --model <model> --images DIR --out-dir OUT [--shard K/N] [explain options]\n' +
  '       npm run explain -- --merge OUT1 [OUT2 ...] [--out-dir MERGED]';

export interface Shard {
  /** 1-based: this run's slice. */
  index: number;
  count: number;
}

export interface BatchArgs {
  mode: 'run';
  images: string;
  outDir: string;
  shard: Shard | null;
  explain: ExplainArgs;
}

export interface MergeArgs {
  mode: 'merge';
  inputs: string[];
  /** Where the merged index goes (defaults to the first input). */
  outDir: string;
}

const BATCH_FLAGS = ['--images', '--out-dir', '--shard', '--merge'];
const SINGLE_ONLY = ['--image', '--input-npy', '--out', '--png', '--dump-input', '--guided'];

function flagName(token: string): string {
  return token.split('=')[0];
}

export function isBatchArgv(argv: readonly string[]): boolean {
  return argv.some((t) => flagName(t) === '--images' || flagName(t) === '--merge');
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) throw new UsageError(`--shard must be K/N (e.g. 1/4), got '${text}'`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard ${text}: K must be between 1 and N`);
  }
  return { index, count };
}

export function parseBatchArgs(argv: readonly string[]): BatchArgs | MergeArgs {
  const values = new Map<string, string>();
  const merge: string[] = [];
  let merging = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    const name = flagName(token);
    if (SINGLE_ONLY.includes(name)) throw new UsageError(`${name} is for one image; a batch takes --images`);
    if (name === '--merge') {
      merging = true;
      if (token.includes('=')) merge.push(token.slice(token.indexOf('=') + 1));
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) merge.push(argv[++i]);
      continue;
    }
    if (BATCH_FLAGS.includes(name)) {
      const value = token.includes('=') ? token.slice(token.indexOf('=') + 1) : argv[++i];
      if (value == null || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
      if (values.has(name)) throw new UsageError(`${name} is given twice`);
      values.set(name, value);
      continue;
    }
    rest.push(token);
  }
  if (merging) {
    if (merge.length === 0) throw new UsageError('--merge needs at least one output folder');
    if (values.has('--images')) throw new UsageError('give either --images or --merge, not both');
    if (rest.length > 0 || values.has('--shard')) {
      throw new UsageError(`--merge takes only output folders and --out-dir (got ${rest[0] ?? '--shard'})`);
    }
    return { mode: 'merge', inputs: merge, outDir: values.get('--out-dir') ?? merge[0] };
  }
  const images = values.get('--images');
  const outDir = values.get('--out-dir');
  if (!images) throw new UsageError('--images needs a folder');
  if (!outDir) throw new UsageError('--out-dir is required with --images');
  const shardText = values.get('--shard');
  const shard = shardText == null ? null : parseShard(shardText);
  // explain's parser checks the shared options; the image itself comes from the folder.
  const explain = parseExplainArgs([...rest, '--image', images]);
  return { mode: 'run', images, outDir, shard, explain };
}
