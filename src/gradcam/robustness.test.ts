/** Bad models the core must explain clearly: an op without a gradient, a model too large, a stalled download. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setNodeBackend } from '../node/backend';
import { expectNoLeak } from '../node/testing';
import { createSession, loadModel, type ModelMeta } from './index';
import { NO_GRADIENT_OP, noGradientGraph } from './testing/no-gradient-graph';

const META: ModelMeta = {
  id: 'hand-made',
  format: 'graph',
  inputSize: [8, 8],
  preprocess: { scale: 1 / 255, offset: 0 },
  labels: ['a', 'b', 'c'],
};

function graphArtifacts(): tf.io.ModelArtifacts {
  const { modelJson, weights } = noGradientGraph();
  return {
    format: modelJson.format,
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest[0].weights as tf.io.WeightsManifestEntry[],
    weightData: weights.slice().buffer,
  };
}

describe('a GraphModel whose head has an op without a gradient', () => {
  beforeAll(async () => {
    await setNodeBackend('cpu');
  });

  it('names the op and suggests another layer or method; the session keeps working', async () => {
    await expectNoLeak(async () => {
      const model = await loadModel(tf.io.fromMemory(graphArtifacts()), META);
      expect(model.layers.map((l) => l.name)).toEqual(['conv', 'relu', 'd2s']);
      const session = createSession(model, { layer: 'relu' });
      const image = tf.randomUniform([8, 8, 3], 0, 255, 'int32', 7) as tf.Tensor3D;
      const analysis = await session.analyze(image);
      const top = analysis.predictions[0].index;
      await expect(session.heatmap(top, 'gradcam')).rejects.toThrow(
        new RegExp(`'relu'.*op '${NO_GRADIENT_OP}' has no gradient.*Pick a layer after it.*gradient-free`),
      );
      // Afterwards: a gradient-free method at the same layer, and Grad-CAM after the op, both work.
      const eigen = await session.heatmap(top, 'eigencam');
      expect(eigen.lowRes).toHaveLength(64);
      session.setLayer('d2s');
      const after = await session.heatmap(top, 'gradcam');
      expect(after.layerShape).toEqual([16, 16, 1]);
      expect(Math.max(...after.lowRes)).toBeGreaterThan(0);
      image.dispose();
      session.dispose();
      model.dispose();
    });
  });
});

describe('a model too large for the device', () => {
  beforeAll(async () => {
    await setNodeBackend('cpu');
  });

  it('is refused from its manifest, before its weights are read or mismatched', async () => {
    const artifacts = graphArtifacts();
    const huge = [{ name: 'w', shape: [60000, 60000], dtype: 'float32' as const }];
    await expect(loadModel(tf.io.fromMemory({ ...artifacts, weightSpecs: huge }), META)).rejects.toThrow(
      /too large.*13733 MB.*limit 1024 MB/,
    );
    // The limit is an option; the real model is below any sensible one.
    await expect(loadModel(tf.io.fromMemory(artifacts), META, { maxWeightBytes: 1000 })).rejects.toThrow(
      /too large/,
    );
    const model = await loadModel(tf.io.fromMemory(artifacts), META);
    model.dispose();
  });
});

describe('model downloads over HTTP', () => {
  let server: Server;
  let base: string;
  const { modelJson, weights } = noGradientGraph();
  beforeAll(async () => {
    await setNodeBackend('cpu');
    server = createServer((req, res) => {
      const url = req.url ?? '';
      if (url.endsWith('/model.json')) {
        const json = url.startsWith('/huge/')
          ? {
              ...modelJson,
              weightsManifest: [
                { paths: ['weights.bin'], weights: [{ name: 'w', shape: [60000, 60000], dtype: 'float32' }] },
              ],
            }
          : modelJson;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      } else if (url.startsWith('/stall/')) {
        // Headers, a few bytes, then nothing: a stalled download.
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.write(Buffer.from(weights.subarray(0, 16)));
      } else if (url.startsWith('/huge/')) {
        throw new Error('the weights of a too-large model must not be requested');
      } else {
        res.writeHead(200).end(Buffer.from(weights));
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('a download that stalls fails after the stall timeout, naming the file', async () => {
    const started = Date.now();
    await expect(loadModel(`${base}/stall/model.json`, META, { stallTimeoutMs: 500 })).rejects.toThrow(
      /weights\.bin.*stalled.*no data for 0\.5 s/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    // The same model from a server that answers loads (the watchdog does not fire on a healthy download).
    const model = await loadModel(`${base}/ok/model.json`, META, { stallTimeoutMs: 500 });
    expect(model.numClasses).toBe(3);
    model.dispose();
  });

  it('a manifest that is too large is refused before the weights are downloaded', async () => {
    await expect(loadModel(`${base}/huge/model.json`, META)).rejects.toThrow(/too large/);
  });
});
