import type { StateCreator } from 'zustand';
import type { Preprocess } from '../../gradcam/types';
import type { CustomModelMeta } from '../../worker/protocol';
import type { AppState } from '../store';

/** A model URL on a host outside the page and the catalogue, waiting for the user's go-ahead. */
export interface PendingModelUrl {
  url: string;
  /** Named in "Load model from <host>?". */
  host: string;
  meta: CustomModelMeta;
  /** A dynamic model's size from the link. */
  inputSize?: [number, number] | null;
}

/**
 * The user's own model (src/app/own-model.ts): how the photo is prepared for the model and the size
 * of a dynamic-size model (wanted: changing either re-runs only the analysis), a URL model waiting
 * for the host confirmation, and a labels file for the next own model.
 */
export interface OwnModelSlice {
  /** Wanted: the preprocessing to analyse with; null = the model's own (catalogue or detected). */
  preprocessWanted: Preprocess | null;
  /** Wanted: the input size of a dynamic-size model; null = its metadata's or 224 x 224. */
  inputSizeWanted: [number, number] | null;
  pendingModelUrl: PendingModelUrl | null;
  /** A labels file the user picked: applied to own models (their metadata's labels give way). */
  labelsFile: { name: string; labels: string[] } | null;
}

export const createOwnModelSlice: StateCreator<AppState, [], [], OwnModelSlice> = () => ({
  preprocessWanted: null,
  inputSizeWanted: null,
  pendingModelUrl: null,
  labelsFile: null,
});
