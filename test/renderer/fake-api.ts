/// <reference path="../../src-renderer/env.d.ts" />
/**
 * An in-memory GradientLabApi for renderer tests: requests go to a per-test
 * handler table, events are pushed with `emit`. Typed from the contract, like the
 * real transports.
 */
import type {
  EventChannel,
  EventChannels,
  GradientLabApi,
  RequestChannel,
  RequestOf,
  ResponseOf,
} from '../../src-shared/ipc/contract.js';
import type { EpochMetrics, LayerDiagnostics } from '../../src-shared/training/metrics.js';

/** Handlers a test provides; a request on any other channel rejects. */
export type FakeHandlers = { [C in RequestChannel]?: (req: RequestOf<C>) => Promise<ResponseOf<C>> };

/** The fake plus what the test inspects. */
export interface FakeApi {
  api: GradientLabApi;
  calls: { channel: RequestChannel; req: unknown }[];
  emit<E extends EventChannel>(channel: E, payload: EventChannels[E]): void;
  listenerCount(channel: EventChannel): number;
}

/** Creates a fake API answering with `handlers`. */
export function fakeApi(handlers: FakeHandlers = {}): FakeApi {
  const listeners = new Map<EventChannel, Set<(p: unknown) => void>>();
  const calls: FakeApi['calls'] = [];
  const api: GradientLabApi = {
    invoke(channel, req) {
      calls.push({ channel, req });
      const h = handlers[channel] as ((r: typeof req) => Promise<ResponseOf<typeof channel>>) | undefined;
      return h ? h(req) : Promise.reject(new Error(`no fake handler for ${channel}`));
    },
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
  return {
    api,
    calls,
    emit(channel, payload) {
      for (const l of [...(listeners.get(channel) ?? [])]) l(payload);
    },
    listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
  };
}

/** A dense layer's diagnostics with the given gradient norm (other fields neutral). */
export function layer(spec_index: number, grad_norm: number, activation = 'sigmoid'): LayerDiagnostics {
  return {
    name: `dense_${spec_index}`,
    spec_index,
    activation,
    grad_norm,
    weight_norm: 1,
    act_mean: 0.5,
    act_std: 0.1,
    inactive_fraction: 0,
    inactive_kind: activation === 'relu' ? 'dead' : 'saturated',
  };
}

/** Epoch metrics whose diagnostics say "vanishing" (first/last hidden gradient ratio 1e-4) unless `healthy`. */
export function epochMetrics(epoch: number, healthy = false): EpochMetrics {
  return {
    epoch,
    loss: 1 / epoch,
    accuracy: 0.5 + epoch / 100,
    val_loss: 1.1 / epoch,
    val_accuracy: 0.48 + epoch / 100,
    seconds: 2.5,
    layers: [layer(1, healthy ? 0.5 : 1e-5), layer(2, 0.1), layer(3, 0.1, 'softmax')],
  };
}
