/** The learning-rate finder beside the run form (lr:find) and its parts. */
export { default as LrFinder } from './LrFinder.svelte';
export { default as LrFinderChart } from './LrFinderChart.svelte';
export * from './lr-finder-view.js';
