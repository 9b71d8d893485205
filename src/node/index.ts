/**
 * The engine's Node entry point (the npm package's `node` export): everything the browser entry has
 * (src/gradcam, no DOM, no Node APIs) plus the Node helpers: backends, model files from disk, PNG/JPEG
 * decoding, .npy and overlay PNGs.
 */
export * from '../gradcam/index';
export { type NodeBackend, setNodeBackend, wasmDistDir } from './backend';
export { decodeImage, imageToTensor, type RgbImage, readImage, sniffImageType } from './decode-image';
export { fileHandler } from './file-handler';
export { encodeNpy, type NpyArray, parseNpy, readNpy, writeNpy } from './npy';
export { encodePng, jet, overlayRgba, resizeMap, writeOverlayPng } from './overlay';
