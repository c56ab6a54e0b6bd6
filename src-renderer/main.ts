/** Renderer entry: creates the app-wide state and mounts the shell. */
import { mount } from 'svelte';
import App from './App.svelte';
import { getApi, getConnection } from './lib/api.js';
import { AppState } from './state/app.svelte.js';
import { TrainingState } from './state/training.svelte.js';

const api = getApi();
const app = new AppState(api, getConnection());
const training = new TrainingState(api);
// Both live for the whole page, so their cleanups are never needed.
app.start();
training.connect();

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing from index.html');

mount(App, { target, props: { app, training, api } });
