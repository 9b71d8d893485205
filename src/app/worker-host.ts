/** The page's engine host: each engine is a fresh model worker behind a GradcamBridge. */
import { GradcamBridge } from '../worker/bridge';
import type { DebugOptions } from '../worker/protocol';
import { threadsFor } from '../worker/wasm-threads';
import type { EngineHost } from './engine';

export function workerHost(debug: DebugOptions): EngineHost {
  return {
    async start(request, onLost, threads) {
      const bridge = new GradcamBridge(onLost);
      try {
        const options = threads === undefined ? debug : { ...debug, threads };
        return { engine: bridge, backend: await bridge.start(request, options) };
      } catch (error) {
        bridge.terminate();
        throw error;
      }
    },
    threads: (use, multiplyAdds) =>
      threadsFor(
        use,
        {
          cores: navigator.hardwareConcurrency,
          isolated: self.crossOriginIsolated === true,
          cap: debug.threads,
        },
        multiplyAdds,
      ),
  };
}
