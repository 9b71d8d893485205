/**
 * What a map at one layer costs against the passes it needs (Node; issue 15's mid-layer question):
 * `npx tsx bench/layer-cost.bench.ts --model resnet50_imagenet --layers activation_48,activation_39
 * [--methods gradcam,layercam] [--runs 5] [--backend wasm|cpu]`. Per layer: the model's forward pass,
 * the head's forward pass from the cached activation (the layers above it), and each method's map
 * (a class switch: the head forward under the tape plus its backward), medians of warm runs, and
 * which backend computed the map (cpu means a missing wasm gradient kernel fell back). Prints JSON.
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { createSession, loadModel, type MethodName } from '../src/gradcam';
import { type NodeBackend, setNodeBackend } from '../src/node/backend';
import { imageToTensor, readImage } from '../src/node/decode-image';
import { REPO_ROOT, resolveModel } from '../src/node/resolve-model';

/**
 * Median wall and CPU milliseconds of `runs` warm runs (after one warm-up). On a shared machine the
 * process's CPU time (wasm runs one thread in Node) is the steadier figure: waiting for a core is
 * not counted.
 */
async function measure(step: () => Promise<unknown>, runs: number, warmup: number) {
  for (let i = 0; i < warmup; i++) await step();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const used = process.cpuUsage();
    await step();
    const { user, system } = process.cpuUsage(used);
    wall.push(performance.now() - start);
    cpu.push((user + system) / 1000);
  }
  const median = (xs: number[]) => Math.round([...xs].sort((a, b) => a - b)[xs.length >> 1] * 10) / 10;
  return { medianMs: median(wall), cpuMs: median(cpu) };
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

async function main(): Promise<void> {
  const id = option('model', 'resnet50_imagenet');
  const runs = Number(option('runs', '5'));
  const methods = option('methods', 'gradcam,layercam').split(',') as MethodName[];
  const backend = option('backend', 'wasm') as NodeBackend;
  await setNodeBackend(backend);
  const { source, meta } = resolveModel(id);
  const model = await loadModel(source, meta);
  const layers = option('layers', model.defaultLayer).split(',');
  const image = imageToTensor(await readImage(`${REPO_ROOT}/public/samples/chelsea.png`));
  const session = createSession(model);
  const { predictions } = await session.analyze(image);
  const classes = [predictions[0].index, predictions[1].index];
  const x = tf.tidy(() => tf.randomUniform([1, ...model.inputSize, model.channels], -1, 1) as tf.Tensor4D);
  const forward = await measure(
    async () => {
      const out = model.tfModel.predict(x) as tf.Tensor;
      await out.data();
      out.dispose();
    },
    runs,
    1,
  );
  const report: Record<string, unknown>[] = [];
  console.error(
    `${id} on ${backend}: forward ${forward.medianMs} ms, cpu ${forward.cpuMs} ms (load ${loadavg()[0].toFixed(1)})`,
  );
  for (const layer of layers) {
    session.setLayer(layer);
    const split = model.split(layer);
    const out = split.forward(x);
    const head = await measure(
      async () => {
        const logits = split.head(out.activation, out.extras);
        await logits.data();
        logits.dispose();
      },
      runs,
      1,
    );
    const shape = out.activation.shape.slice(1);
    tf.dispose([out.logits, out.activation, ...out.extras]);
    await session.heatmap(classes[0], 'gradcam'); // the activation at this layer, once
    const maps: Record<string, { medianMs: number; backend: string }> = {};
    for (const method of methods) {
      let used = '';
      let flip = 0;
      const timing = await measure(
        async () => {
          used = (await session.heatmap(classes[flip++ % 2], method)).backend;
        },
        runs,
        1,
      );
      maps[method] = { ...timing, backend: used };
      const times = (a: number, b: number) => (a / b).toFixed(2);
      console.error(
        `  ${layer} [${shape}]: head forward ${head.medianMs} ms (cpu ${head.cpuMs}), ${method} map ` +
          `${timing.medianMs} ms (cpu ${timing.cpuMs}) on ${used}: cpu ${times(timing.cpuMs, head.cpuMs)} x head ` +
          `forward, ${times(timing.cpuMs, forward.cpuMs)} x forward`,
      );
    }
    report.push({ layer, shape, headForward: head, maps });
  }
  console.log(JSON.stringify({ model: id, backend, forward, load1: loadavg()[0], layers: report }, null, 2));
  tf.dispose([x, image]);
  session.dispose();
  model.dispose();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
