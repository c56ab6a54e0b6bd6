/** Shared bits of the engine's custom layers. */
import * as tf from '@tensorflow/tfjs';

/** Constructor arguments every tfjs layer accepts (name, inputShape, …). */
export type BaseLayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** The keyword arguments tfjs passes to `Layer.call`; `training` is true only inside a training step. */
export type CallKwargs = Record<string, unknown>;

/** The single input tensor of a one-input layer. */
export function onlyInput(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (x === undefined) throw new Error('layer expects exactly one input tensor. Received: []');
  return x;
}

/**
 * Seed for the n-th noise draw of a layer. tfjs' seeded samplers restart from the seed on
 * every call, so a fixed seed would repeat the same mask each step; a per-call counter
 * gives a fresh but reproducible stream.
 */
export function callSeed(seed: number, call: number): string {
  return `${seed}:${call}`;
}

/** A random 32-bit seed for layers built without one (not reproducible). */
export function randomSeed(): number {
  return Math.floor(Math.random() * 0xffffffff) + 1;
}
