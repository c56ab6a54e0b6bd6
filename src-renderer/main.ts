/** Renderer entry: creates the app-wide state and mounts the shell. */
import { mount } from 'svelte';
import App from './App.svelte';
import { EditorState } from './features/editor/editor.svelte.js';
import { WizardState } from './features/wizard/wizard.svelte.js';
import { RunsState } from './features/runs/runs-state.svelte.js';
import { getApi, getConnection } from './lib/api.js';
import { AppState } from './state/app.svelte.js';
import { seedEditor } from './state/editor-seed.js';
import { TrainingState } from './state/training.svelte.js';

const api = getApi();
const connection = getConnection();
const app = new AppState(api, connection);
const training = new TrainingState(api);
const editor = new EditorState();
const wizard = new WizardState();
const runs = new RunsState(api);
// All live for the whole page, so their cleanups are never needed.
app.start();
training.connect();

// The first model: the chapter's LeakyReLU net, once main can answer (lab mode may still be connecting).
let seeded = false;
const trySeed = () => {
  if (seeded || connection.state().kind !== 'open') return;
  seeded = true;
  seedEditor(editor, api).catch(() => (seeded = false));
};
connection.subscribe(trySeed);
trySeed();

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');

mount(App, { target, props: { app, training, api, editor, wizard, runs } });
