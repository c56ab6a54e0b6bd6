/** The engine's custom layers and activations; importing this registers them for (de)serialization. */
export { LEAKY_RELU_ACTIVATION_ALPHA, LeakyReluActivation } from './activations.js';
export { SeededAlphaDropout, SeededDropout, type SeededDropoutArgs } from './dropout.js';
export { EluAlpha, type EluAlphaArgs } from './elu.js';
export { RReLU, type RReLUArgs } from './rrelu.js';
