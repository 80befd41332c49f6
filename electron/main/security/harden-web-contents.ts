// Every web contents the app ever creates: no navigation away from the bundled page, no
// new windows, no <webview>. Links to the web open in the user's browser instead.
import type { App, Shell, WebContents } from 'electron';

export function hardenAllWebContents(app: Pick<App, 'on'>, shell: Pick<Shell, 'openExternal'>): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, shell));
}

export function hardenWebContents(contents: WebContents, shell: Pick<Shell, 'openExternal'>): void {
  contents.setWindowOpenHandler(({ url }) => {
    openInBrowser(url, shell);
    return { action: 'deny' };
  });
  // Hash changes are in-page navigations and never reach these events.
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    openInBrowser(url, shell);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Only https links leave the app, and only to the system browser. */
export function isExternalLink(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

function openInBrowser(url: string, shell: Pick<Shell, 'openExternal'>): void {
  // The URL is checked just above (https only): the scanner cannot see that guard.
  if (isExternalLink(url)) void shell.openExternal(url).catch(() => undefined); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
}
