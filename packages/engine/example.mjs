import {
  createSession,
  fileHandler,
  findCatalogueEntry,
  imageToTensor,
  loadModel,
  readImage,
  setNodeBackend,
} from '@gradcam-studio/engine';

const [modelJson = 'mobilenet_v1_0.25_224/model.json', photo = 'chelsea.png'] = process.argv.slice(2);
await setNodeBackend('wasm'); // or 'cpu'; in a browser, any tfjs backend (webgpu, webgl, wasm)
const meta = findCatalogueEntry('mobilenet_v1_0.25_224'); // preprocessing + labels; or write your own ModelMeta
const model = await loadModel(fileHandler(modelJson), meta ?? process.exit(1)),
  session = createSession(model);
const pixels = imageToTensor(await readImage(photo)),
  { predictions } = await session.analyze(pixels); // 1 forward pass
const top = await session.heatmap(predictions[0].index, 'gradcam'); // 224x224 map in [0, 1]
const next = await session.heatmap(predictions[1].index, 'gradcam++'); // switch class: no new forward pass
console.log(
  JSON.stringify({
    top: predictions[0].label,
    backend: top.backend,
    size: top.heatmap.length,
    next: next.classIndex,
    forwardPasses: session.forwardPasses,
  }),
);
pixels.dispose();
session.dispose();
model.dispose(); // the caller's tensor, then the engine's
