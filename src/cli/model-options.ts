/**
 * Command-line model options: --preprocess <preset | JSON>, --labels <file>, --resize
 * stretch|center-crop, and the metadata found beside a model folder (metadata.json, labels files).
 * explain.ts (and any command that loads a model) spreads MODEL_OPTION_FLAGS into parseArgs.
 */
import type { LoadedModel, LoadOptions, MetadataFinding, Preprocess } from '../gradcam/index';
import { PRESET_IDS, parsePreprocess } from '../gradcam/preprocessing/presets';
import { readLabelsOrMetadataFile, sidecarMetadata } from '../node/model-metadata';
import type { ResolvedModel } from '../node/resolve-model';

export const MODEL_OPTION_FLAGS = {
  preprocess: { type: 'string' },
  labels: { type: 'string' },
  resize: { type: 'string' },
} as const;

export const MODEL_OPTIONS_USAGE =
  '[--preprocess <preset|JSON>] [--labels <file>] [--resize stretch|center-crop]';

export interface ModelOptions {
  preprocess?: Preprocess;
  labelsFile?: string;
  resize?: 'stretch' | 'center-crop';
}

/** Parses the flags' values; throws `UsageError` (the caller's class) with a plain message. */
export function parseModelOptions(
  values: Record<string, string | boolean | undefined>,
  UsageError: new (message: string) => Error,
): ModelOptions {
  const out: ModelOptions = {};
  const preprocess = values.preprocess as string | undefined;
  if (preprocess != null) {
    try {
      out.preprocess = parsePreprocess(preprocess, '--preprocess');
    } catch (error) {
      throw new UsageError(
        `${(error as Error).message} (presets: ${PRESET_IDS.join(', ')}; or JSON such as ` +
          `'{"color":"bgr","scale":1,"offset":0,"mean":[103.939,116.779,123.68]}')`,
      );
    }
  }
  const resize = values.resize as string | undefined;
  if (resize != null) {
    if (resize !== 'stretch' && resize !== 'center-crop')
      throw new UsageError('--resize must be stretch or center-crop');
    out.resize = resize;
  }
  if (values.labels != null) out.labelsFile = values.labels as string;
  return out;
}

/** loadModel options: sidecar metadata of a model folder, then --labels, with --preprocess winning. */
export async function modelLoadOptions(resolved: ResolvedModel, options: ModelOptions): Promise<LoadOptions> {
  const metadata: MetadataFinding[] = resolved.sidecarsOf ? await sidecarMetadata(resolved.sidecarsOf) : [];
  if (options.labelsFile) metadata.push(await readLabelsOrMetadataFile(options.labelsFile));
  const overrides = options.preprocess ? { preprocess: options.preprocess } : undefined;
  return { metadata, overrides, metaSource: resolved.metaSource };
}

/** --resize changes how the photo meets the input, keeping the rest of the preprocessing in force. */
export function applyResize(model: LoadedModel, options: ModelOptions): void {
  if (!options.resize) return;
  const current = model.meta.preprocess;
  if ((current.resize ?? 'stretch') === options.resize) return;
  model.setPreprocess({ ...current, resize: options.resize });
  model.sources = {
    ...model.sources,
    preprocess: `${model.sources.preprocess ?? 'default'} + --resize ${options.resize}`,
  };
}
