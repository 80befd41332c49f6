// Preload (sandboxed, context-isolated): exposes the Api as `window.portcullis` and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './preload/create-bridge.js';

contextBridge.exposeInMainWorld('portcullis', createBridge(ipcRenderer));
