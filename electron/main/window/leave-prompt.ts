// The unsaved-policy guard, in Electron: the renderer's beforeunload refuses to unload while a
// policy draft is unsaved, and Electron then cancels the close (or the quit) silently unless
// main answers 'will-prevent-unload'. Main asks the person with a native dialog instead.
import { dialog, type BrowserWindow, type Event } from 'electron';

export const LEAVE = 0;
export const STAY = 1;

/** Asks whether to leave with unsaved changes; true means leave (the unload goes on). */
export function askToLeave(window: BrowserWindow): boolean {
  const choice = dialog.showMessageBoxSync(window, {
    type: 'question',
    buttons: ['Leave', 'Stay'],
    defaultId: STAY,
    cancelId: STAY,
    title: 'Unsaved policy changes',
    message: 'Leave without saving your policy changes?',
    detail: 'A policy you edited has not been saved. If you leave now, the changes are lost.',
  });
  return choice === LEAVE;
}

/** Answers each refused unload of `window` with the dialog; `onStay` hears a person's "Stay". */
export function guardUnload(window: BrowserWindow, onStay: () => void): void {
  window.webContents.on('will-prevent-unload', (event: Event) => {
    if (askToLeave(window)) event.preventDefault(); // preventDefault lets the unload go on
    else onStay();
  });
}
