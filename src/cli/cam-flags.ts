/**
 * The explain command's method-option flags (issue 16): --aug-smooth, --eigen-smooth,
 * --layers a,b,c, --versus <class>, --target logit|probability, --guided <file.npy>. Parsed here and
 * wired into explain.ts with a few lines; the flags and the JSON fields are the test contract.
 */
import {
  type CamOptions,
  type CamResult,
  type GradCamSession,
  SCORE_TARGETS,
  type ScoreTarget,
} from '../gradcam/index';
import { writeNpy } from '../node/npy';

export const CAM_USAGE =
  '[--aug-smooth] [--eigen-smooth] [--layers a,b,c] [--versus N] [--target logit|probability] [--guided g.npy]';

/** Options for node:util parseArgs. */
export const CAM_OPTIONS = {
  'aug-smooth': { type: 'boolean' },
  'eigen-smooth': { type: 'boolean' },
  layers: { type: 'string' },
  versus: { type: 'string' },
  target: { type: 'string' },
  guided: { type: 'string' },
} as const;

export interface CamArgs {
  augSmooth: boolean;
  eigenSmooth: boolean;
  layers?: string[];
  versus?: number;
  target: ScoreTarget;
  /** Where to write the Guided Backpropagation gradient (H x W x C float32 .npy, C = the model's channels). */
  guided?: string;
}

export class CamUsageError extends Error {}

export function parseCamArgs(values: Record<string, string | boolean | undefined>): CamArgs {
  const layers = values.layers as string | undefined;
  const list = layers
    ?.split(',')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (layers != null && list!.length === 0) throw new CamUsageError('--layers needs layer names: a,b,c');
  const versus = values.versus as string | undefined;
  if (versus != null && !/^\d+$/.test(versus)) throw new CamUsageError('--versus must be a class index >= 0');
  const target = (values.target as string | undefined) ?? 'logit';
  if (!(SCORE_TARGETS as readonly string[]).includes(target)) {
    throw new CamUsageError(`--target must be ${SCORE_TARGETS.join(' or ')}`);
  }
  return {
    augSmooth: values['aug-smooth'] === true,
    eigenSmooth: values['eigen-smooth'] === true,
    layers: list,
    versus: versus == null ? undefined : Number(versus),
    target: target as ScoreTarget,
    guided: values.guided as string | undefined,
  };
}

/** The engine's CamOptions for these flags. */
export function camOptions(args: Partial<CamArgs>): CamOptions {
  return {
    augSmooth: args.augSmooth ?? false,
    eigenSmooth: args.eigenSmooth ?? false,
    layers: args.layers,
    versus: args.versus ?? null,
    target: args.target ?? 'logit',
  };
}

/** Whether any option flag was given (a plain run's JSON keeps exactly its fields). */
export function hasCamFlags(args: Partial<CamArgs>): boolean {
  return (
    args.augSmooth === true ||
    args.eigenSmooth === true ||
    args.layers != null ||
    args.versus != null ||
    (args.target ?? 'logit') !== 'logit'
  );
}

/** With option flags: `options` (those in force for the method) and `targetValue` (what was differentiated). */
export function optionFields(args: Partial<CamArgs>, cam: CamResult): Record<string, unknown> {
  return hasCamFlags(args) ? { options: cam.options, targetValue: cam.targetValue } : {};
}

/** --guided: one whole-model backward pass with the guided rule, written as H x W x C float32 (the model input's shape). */
export async function writeGuided(
  args: Partial<CamArgs>,
  session: GradCamSession,
  classIndex: number,
): Promise<Record<string, unknown>> {
  if (!args.guided) return {};
  const g = await session.guided(classIndex);
  const shape = [g.size[0], g.size[1], g.channels];
  await writeNpy(args.guided, g.gradient, shape);
  return { guided: { file: args.guided, shape, backend: g.backend } };
}
