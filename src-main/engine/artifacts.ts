/** Model (de)serialization in the TF.js layers format, in memory (the run store writes the files). */
import * as tf from '@tensorflow/tfjs';
import './layers/index.js'; // registers the custom classes a saved topology may name

/** What `model.json` + `weights.bin` hold: Keras-style topology, weight manifest, concatenated float32 weights. */
export interface ModelArtifactsData {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightData: ArrayBuffer;
}

/** Serializes a model without touching the file system. */
export async function exportArtifacts(model: tf.LayersModel): Promise<ModelArtifactsData> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const a = captured as tf.io.ModelArtifacts | null;
  if (a === null || a.modelTopology == null || a.weightSpecs == null || a.weightData == null) {
    throw new Error('model.save produced no topology or weights');
  }
  const weightData = Array.isArray(a.weightData) ? tf.io.CompositeArrayBuffer.join(a.weightData) : a.weightData;
  return { modelTopology: a.modelTopology as object, weightSpecs: a.weightSpecs, weightData };
}

/** Loads artifacts produced by {@link exportArtifacts} (custom layers included). */
export function loadArtifacts(artifacts: ModelArtifactsData): Promise<tf.LayersModel> {
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: artifacts.modelTopology,
      weightSpecs: artifacts.weightSpecs,
      weightData: artifacts.weightData,
    }),
  );
}
