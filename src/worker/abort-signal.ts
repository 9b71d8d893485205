/**
 * AbortSignal across postMessage (as Squoosh does): a comlink transfer handler that sends a
 * MessagePort in the signal's place; the other side rebuilds a signal that aborts when the page's
 * does. Registered on both sides (the bridge and the worker) by importing this module.
 */
import * as Comlink from 'comlink';

interface WireSignal {
  port: MessagePort;
  aborted: boolean;
}

Comlink.transferHandlers.set('abort-signal', {
  canHandle: (value: unknown): value is AbortSignal =>
    typeof AbortSignal !== 'undefined' && value instanceof AbortSignal,
  serialize(signal: AbortSignal): [WireSignal, Transferable[]] {
    const { port1, port2 } = new MessageChannel();
    const abort = () => {
      port1.postMessage(null);
      port1.close();
    };
    if (!signal.aborted) signal.addEventListener('abort', abort, { once: true });
    return [{ port: port2, aborted: signal.aborted }, [port2]];
  },
  deserialize({ port, aborted }: WireSignal): AbortSignal {
    const controller = new AbortController();
    if (aborted) {
      controller.abort();
      port.close();
    } else {
      port.onmessage = () => {
        controller.abort();
        port.close();
      };
    }
    return controller.signal;
  },
} as Comlink.TransferHandler<AbortSignal, WireSignal>);
