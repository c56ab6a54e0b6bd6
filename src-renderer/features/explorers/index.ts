/** The chapter's figures, interactive: mount either with `{ api, theme }`. */
export { default as ActivationExplorer } from './ActivationExplorer.svelte';
export { default as InitializerExplorer } from './InitializerExplorer.svelte';
export { default as ExplorersView } from './ExplorersView.svelte';
