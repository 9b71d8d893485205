/** The page's engine host: each engine is a fresh model worker behind a GradcamBridge. */
import { GradcamBridge } from '../worker/bridge';
import type { DebugOptions } from '../worker/protocol';
import type { EngineHost } from './engine';

export function workerHost(debug: DebugOptions): EngineHost {
  return {
    async start(request, onLost) {
      const bridge = new GradcamBridge(onLost);
      try {
        return { engine: bridge, backend: await bridge.start(request, debug) };
      } catch (error) {
        bridge.terminate();
        throw error;
      }
    },
  };
}
