import type { StateCreator } from 'zustand';
import { DEFAULT_MODEL_ID } from '../../gradcam/catalogue';
import type { MethodName } from '../../gradcam/types';
import type { ColormapName } from '../../render/colormaps';
import type { ViewMode } from '../../render/draw-heatmap';
import type { BackendRequest } from '../../worker/protocol';
import type { AppState } from '../store';

/** What the user chose: everything here is reflected in the URL. */
export interface SettingsSlice {
  modelId: string;
  /** null = the top prediction. */
  classIndex: number | null;
  /** null = the model's default layer. */
  layer: string | null;
  method: MethodName;
  opacity: number;
  colormap: ColormapName;
  viewMode: ViewMode;
  backendRequest: BackendRequest;
}

export const DEFAULT_SETTINGS: SettingsSlice = {
  modelId: DEFAULT_MODEL_ID,
  classIndex: null,
  layer: null,
  method: 'gradcam',
  opacity: 0.5,
  colormap: 'jet',
  viewMode: 'overlay',
  backendRequest: 'auto',
};

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = () => ({
  ...DEFAULT_SETTINGS,
});
