/**
 * explain: Grad-CAM from the command line.
 *   npm run explain -- --model <folder|model.json|URL|catalogue id> --image <png|jpg> [--class N]
 *     [--layer name] [--method m] [--top-k 5] [--backend cpu|wasm] [--input-npy f.npy]
 *     [--dump-input f.npy] [--out result.json] [--png overlay.png] [--aug-smooth] [--eigen-smooth]
 *     [--layers a,b,c] [--versus N] [--target logit|probability] [--guided g.npy]
 *     [--preprocess <preset|JSON>] [--labels <file>] [--resize stretch|center-crop] (model-options.ts)
 * Prints the result JSON to stdout (or writes --out). Errors: one line on stderr, exit code 2.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import {
  type CropRegion,
  createSession,
  inputToPixel,
  type LoadedModel,
  METHODS,
  type MethodName,
} from '../gradcam/index';
import { type RgbImage, readImage } from '../node/decode-image';
import { readNpy, writeNpy } from '../node/npy';
import { writeOverlayPng } from '../node/overlay';
import { isBatchArgv } from './batch-args';
import { CAM_OPTIONS, CAM_USAGE, type CamArgs, parseCamArgs } from './cam-flags';
import {
  cropImage,
  cropOf,
  explainTensor,
  loadCliModel,
  modelFields,
  photoInput,
  UsageError,
} from './explain-image';
import {
  METRICS_OPTIONS,
  METRICS_USAGE,
  type MetricsArgs,
  metricsFields,
  parseMetricsArgs,
} from './metrics-flags';
import {
  MODEL_OPTION_FLAGS,
  MODEL_OPTIONS_USAGE,
  type ModelOptions,
  parseModelOptions,
} from './model-options';

export const USAGE =
  'usage: npm run explain -- --model <folder|model.json|URL|id> (--image <png|jpg> | --input-npy <f.npy>) ' +
  '[--class N] [--layer name] [--method m] [--top-k 5] [--backend cpu|wasm] [--dump-input f.npy] ' +
  `[--out result.json] [--png overlay.png] ${CAM_USAGE} ${METRICS_USAGE} ${MODEL_OPTIONS_USAGE}`;

export { UsageError } from './explain-image';

export interface ExplainArgs extends MetricsArgs, CamArgs {
  model: string;
  image?: string;
  inputNpy?: string;
  classIndex?: number;
  layer?: string;
  method: MethodName;
  topK: number;
  backend: 'cpu' | 'wasm';
  dumpInput?: string;
  out?: string;
  png?: string;
  modelOptions: ModelOptions;
}

function intArg(name: string, value: string | undefined, min: number): number | undefined {
  if (value == null) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min)
    throw new UsageError(`--${name} must be an integer >= ${min}`);
  return Number(value);
}

export function parseExplainArgs(argv: string[]): ExplainArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        model: { type: 'string' },
        image: { type: 'string' },
        class: { type: 'string' },
        layer: { type: 'string' },
        method: { type: 'string' },
        'top-k': { type: 'string' },
        backend: { type: 'string' },
        'input-npy': { type: 'string' },
        'dump-input': { type: 'string' },
        out: { type: 'string' },
        png: { type: 'string' },
        help: { type: 'boolean' },
        ...METRICS_OPTIONS,
        ...CAM_OPTIONS,
        ...MODEL_OPTION_FLAGS,
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] : String(error));
  }
  if (values.help) throw new UsageError(USAGE);
  const str = (k: string) => values[k] as string | undefined;
  const model = str('model');
  if (!model) throw new UsageError('--model is required');
  const image = str('image');
  const inputNpy = str('input-npy');
  if (!image && !inputNpy) throw new UsageError('--image or --input-npy is required');
  if (image && inputNpy) throw new UsageError('give either --image or --input-npy, not both');
  const method = (str('method') ?? 'gradcam') as MethodName;
  if (!(METHODS as readonly string[]).includes(method)) {
    throw new UsageError(`--method must be one of ${METHODS.join(', ')}`);
  }
  const backend = str('backend') ?? 'wasm';
  if (backend !== 'cpu' && backend !== 'wasm') throw new UsageError('--backend must be cpu or wasm');
  return {
    model,
    image,
    inputNpy,
    classIndex: intArg('class', str('class'), 0),
    layer: str('layer'),
    method,
    topK: intArg('top-k', str('top-k'), 1) ?? 5,
    backend,
    dumpInput: str('dump-input'),
    out: str('out'),
    png: str('png'),
    ...parseMetricsArgs(values),
    modelOptions: parseModelOptions(values, UsageError),
    ...parseCamArgs(values),
  };
}

/** The preprocessed input back to RGB pixels (for --png with --input-npy). */
function inputToImage(data: Float32Array, h: number, w: number, model: LoadedModel): RgbImage {
  const p = model.meta.preprocess;
  const c = model.channels;
  const out = new Uint8Array(h * w * 3);
  for (let i = 0; i < h * w; i++) {
    for (let k = 0; k < 3; k++) {
      const ch = c === 1 ? 0 : p.color === 'bgr' ? 2 - k : k;
      const v = inputToPixel(data[i * c + ch], c === 1 ? 0 : ch, p);
      out[i * 3 + k] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  return { width: w, height: h, data: out };
}

export async function explain(args: ExplainArgs): Promise<Record<string, unknown>> {
  const { model, resolved, load } = await loadCliModel(args);
  const C = model.channels;
  const [H, W] = model.inputSize;
  let x: tf.Tensor4D | undefined;
  let image: RgbImage | undefined;
  let region: CropRegion | undefined;
  const session = createSession(model);
  try {
    if (args.inputNpy) {
      const npy = await readNpy(args.inputNpy);
      const s = npy.shape;
      if (s.length !== 4 || s[0] !== 1 || s[1] !== H || s[2] !== W || s[3] !== C) {
        throw new UsageError(
          `${args.inputNpy} has shape [${s.join(', ')}]; the model needs [1, ${H}, ${W}, ${C}]`,
        );
      }
      x = tf.tensor4d(npy.data, [1, H, W, C]);
    } else {
      image = await readImage(args.image!);
      ({ input: x, region } = photoInput(image, model));
    }
    if (args.dumpInput) await writeNpy(args.dumpInput, (await x.data()) as Float32Array, x.shape);
    if (args.layer) {
      try {
        session.setLayer(args.layer);
      } catch (error) {
        throw new UsageError(error instanceof Error ? error.message : String(error));
      }
    }
    const { result, cam, probability } = await explainTensor(session, resolved.meta.id, x, args, load);
    if (args.png) {
      const base =
        image && region
          ? cropImage(image, region)
          : inputToImage((await x.data()) as Float32Array, H, W, model);
      await writeOverlayPng(args.png, base, cam.heatmap, H, W);
    }
    return {
      ...result,
      ...(await metricsFields(args, model, x, cam.heatmap, result.classIndex, probability, {
        width: image?.width ?? W,
        height: image?.height ?? H,
        crop: cropOf(region),
      })),
      ...modelFields(model, region),
    };
  } finally {
    x?.dispose();
    session.dispose();
    model.dispose();
  }
}

export async function main(argv: string[]): Promise<number> {
  tf.env().set('PROD', true); // silences tfjs's "install tfjs-node" banner on stderr
  try {
    if (isBatchArgv(argv)) return await (await import('./batch')).batchMain(argv);
    const args = parseExplainArgs(argv);
    const result = await explain(args);
    const json = JSON.stringify(result);
    if (args.out) await writeFile(args.out, `${json}\n`);
    else process.stdout.write(`${json}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`explain: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 2;
  }
}

const isMain = process.argv[1] != null && /explain\.ts$/.test(process.argv[1]);
if (isMain) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
