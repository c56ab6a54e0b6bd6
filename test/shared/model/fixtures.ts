import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The examples folder at the repository root. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/', import.meta.url));

/** File names (without `.json`) of every shipped example, sorted. */
export function exampleIds(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Raw text of one example file. */
export function exampleText(id: string): string {
  return readFileSync(`${EXAMPLES_DIR}${id}.json`, 'utf8');
}

/** A fresh, minimal valid document (the seed's LeakyReLU net) as plain JSON data to mutate in tests. */
export function validDoc(): Record<string, any> {
  return {
    format: 'gradient-lab/model',
    version: 2,
    name: 'test',
    dataset: 'fashion-mnist',
    preprocess: 'scale',
    layers: [
      { kind: 'flatten' },
      { kind: 'dense', units: 300, kernel_initializer: 'he_normal' },
      { kind: 'leaky_relu', alpha: 0.2 },
      { kind: 'dense', units: 100, kernel_initializer: 'he_normal' },
      { kind: 'leaky_relu', alpha: 0.2 },
      { kind: 'dense', units: 10, activation: 'softmax' },
    ],
    training: { optimizer: { name: 'sgd', learning_rate: 0.001 }, epochs: 10, batch_size: 32, seed: 42 },
  };
}
