// Entry: pick the Api client for this host, then mount the window.
import { mount } from 'svelte';
import './styles/theme.css';
import './styles/base.css';
import App from './App.svelte';
import { pickClient } from './lib/api/pick-client.js';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lost its #app element');
mount(App, { target, props: { client: pickClient() } });
