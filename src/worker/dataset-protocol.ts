/** Plain data of the dataset calls between the page and the worker (no tfjs types: the page imports it). */
import type { BoxFrame } from '../dataset/map-box';
import type { MethodName } from '../gradcam/types';
import type { ColormapName } from '../render/colormaps';

/** A file of the dataset. */
export interface DatasetFileRef {
  file: Blob;
  /** For messages: the file's name. */
  name: string;
}

export interface DatasetImageRequest {
  /** The class to explain in every image (fixed-class mode), or null for each image's own top-1. */
  classIndex: number | null;
  layer: string;
  method: MethodName;
  topK: number;
  /** Side of the square overlay thumbnail, in pixels. */
  thumbnailSize: number;
  colormap: ColormapName;
  opacity: number;
  /** Predictions only (no map, box or thumbnail): the benchmark's forward-only baseline. */
  forwardOnly?: boolean;
}

export interface DatasetImageResult {
  predictions: { index: number; label: string; probability: number }[];
  classIndex: number;
  layer: string;
  method: MethodName;
  /** The map at layer resolution, min-max normalised. */
  width: number;
  height: number;
  lowRes: Float32Array;
  /** What the map's box is computed from when an export asks for it (src/dataset/map-box.ts). */
  frame: BoxFrame;
  /** JPEG overlay thumbnail (square, the photo's centre); null with forwardOnly. */
  thumbnail: Blob | null;
  /** Per file: decode, and its share of the batch's forward pass and maps; its thumbnail. */
  timingsMs: { decode: number; forward: number; cam: number; thumbnail: number };
}

/** One file of a batch: its result, or why it was skipped (not an image, unreadable...). */
export type DatasetBatchItem = DatasetImageResult | { error: string };

export interface OverlayRequest {
  width: number;
  height: number;
  lowRes: Float32Array;
  colormap: ColormapName;
  opacity: number;
  /** Longest side of the PNG (the photo is scaled down to it, never up). */
  maxSide: number;
}
