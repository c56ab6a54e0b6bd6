import type { ModelError } from './errors.js';
import type { ModelSpec } from './spec.js';
import { NUM_CLASSES, summarizeModel } from './summary.js';

/** Memory a model may need for its parameters, in bytes (2 GiB, for the whole model and for any one layer). */
export const PARAM_MEMORY_LIMIT_BYTES = 2 * 2 ** 30;
/** float32 weights, their gradients and one optimizer slot: 3 × 4 bytes per parameter. */
export const BYTES_PER_PARAM = 12;

const GIB = 2 ** 30;
// Two decimals near the limit, so "2.00 GiB; the limit is 2 GiB" never reads like a pass.
const gib = (bytes: number): string => (bytes / GIB).toFixed(bytes < 10 * GIB ? 2 : 1);
const LIMIT_TEXT = `the limit is ${PARAM_MEMORY_LIMIT_BYTES / GIB} GiB`;

/**
 * How many output units the model needs and why: one per class, the classes `classes` lists
 * or else every class of the dataset. Example: `{units: 8, why: 'classes lists 8 classes'}`.
 */
export function outputRule(model: Pick<ModelSpec, 'classes'>): { units: number; why: string } {
  return model.classes === undefined
    ? { units: NUM_CLASSES, why: `the dataset has ${NUM_CLASSES} classes` }
    : { units: model.classes.length, why: `classes lists ${model.classes.length} classes` };
}

/**
 * Rules the schema cannot express, checked on a schema-valid model: input 28×28 images flattened
 * once before the first dense layer, a softmax output with one unit per class, reused layers
 * (`transfer`) that leave the output layer new, parameters that fit in memory.
 */
export function checkModelSemantics(model: ModelSpec): ModelError[] {
  const errors: ModelError[] = [];
  const { layers } = model;
  const { units, why } = outputRule(model);
  if (layers.length === 0) {
    return [
      {
        path: 'layers',
        message: `expected at least one layer; a model needs a flatten layer and a dense output layer with ${units} units and softmax`,
      },
    ];
  }

  let flattenAt = -1;
  let reportedUnflattened = false;
  layers.forEach((layer, i) => {
    if (layer.kind === 'flatten') {
      if (flattenAt >= 0) {
        errors.push({ path: `layers[${i}]`, message: `a second flatten layer; the data is already flat after layers[${flattenAt}]` });
      } else flattenAt = i;
    } else if (layer.kind === 'dense' && flattenAt < 0 && !reportedUnflattened) {
      reportedUnflattened = true;
      errors.push({
        path: `layers[${i}]`,
        message:
          'a dense layer before any flatten layer would act on each 28-pixel row of the 28×28 image separately, ' +
          'not on the whole image; put {"kind": "flatten"} before the first dense layer',
      });
    }
  });

  const lastIndex = layers.length - 1;
  const last = layers[lastIndex];
  if (last !== undefined) {
    const at = `layers[${lastIndex}]`;
    if (last.kind !== 'dense') {
      errors.push({
        path: `${at}.kind`,
        message: `the last layer must be dense with ${units} units, one per class, and activation softmax (${why})`,
        received: last.kind,
      });
    } else {
      if (last.units !== units) {
        errors.push({ path: `${at}.units`, message: `the output layer must have ${units} units, one per class (${why})`, received: last.units });
      }
      if (last.activation !== 'softmax') {
        errors.push(
          last.activation === undefined
            ? { path: `${at}.activation`, message: `the output layer must use activation softmax (${why}); omitted means linear` }
            : { path: `${at}.activation`, message: `the output layer must use activation softmax (${why})`, received: last.activation },
        );
      }
    }
  }

  // The output layer is always new: the reused run may have had other classes, and the
  // chapter's transfer recipe replaces the output layer.
  if (model.transfer !== undefined && model.transfer.layers > layers.length - 1) {
    errors.push({
      path: 'transfer.layers',
      message: `expected at most ${layers.length - 1}: every layer but the output layer (layers[${lastIndex}]) can be reused`,
      received: model.transfer.layers,
    });
  }

  errors.push(...checkMemory(model));
  return errors;
}

function checkMemory(model: ModelSpec): ModelError[] {
  const summary = summarizeModel(model);
  const errors: ModelError[] = [];
  for (const row of summary.layers) {
    const bytes = row.params * BYTES_PER_PARAM;
    if (bytes <= PARAM_MEMORY_LIMIT_BYTES) continue;
    const what = row.dense ? `${row.dense.fanIn} × ${row.dense.units} weights` : `${row.params} parameters`;
    errors.push({
      path: row.dense ? `layers[${row.index}].units` : `layers[${row.index}]`,
      message: `this layer needs ${what} (${gib(bytes)} GiB as float32 with gradient and optimizer state); ${LIMIT_TEXT}`,
    });
  }
  const total = summary.params * BYTES_PER_PARAM;
  if (errors.length === 0 && total > PARAM_MEMORY_LIMIT_BYTES) {
    errors.push({
      path: 'layers',
      message: `the model needs ${summary.params} parameters (${gib(total)} GiB as float32 with gradient and optimizer state); ${LIMIT_TEXT}`,
    });
  }
  return errors;
}
