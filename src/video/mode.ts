/**
 * The source switch (photo, camera, video file), light enough for the page's first view: the camera's
 * own code is loaded with its controls, and registers how leaving the camera mode stops it.
 */
import { type SourceMode, useVideoStore } from './store';

let stopCamera: (() => void) | null = null;

export function onLeaveCamera(stop: () => void): void {
  stopCamera = stop;
}

export function setMode(mode: SourceMode): void {
  const before = useVideoStore.getState().mode;
  if (before === mode) return;
  if (before === 'camera') stopCamera?.();
  useVideoStore.setState({ mode });
}
