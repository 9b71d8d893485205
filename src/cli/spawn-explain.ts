/** Test helper: runs the explain command line as `npm run explain` would, on the test models. */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../node/resolve-model';
import { testModelsDir } from '../node/testing';

const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

export function spawnExplain(args: string[], timeoutMs = 120_000): SpawnSyncReturns<string> {
  return spawnSync(TSX, [join(REPO_ROOT, 'src', 'cli', 'explain.ts'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, GRADCAM_MODELS_DIR: testModelsDir() },
    timeout: timeoutMs,
  });
}
