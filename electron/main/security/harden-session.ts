// The window's session: no permissions (camera, notifications, geolocation…), no remote
// content at all (the UI is bundled; the Api is IPC), and the UI's strict CSP on every
// response that has headers. The page's own <meta> CSP covers file:// loads.
import type { Session } from 'electron';

const LOCAL_PROTOCOLS = new Set(['file:', 'data:', 'blob:', 'devtools:']);

export function isLocalResource(url: string): boolean {
  try {
    return LOCAL_PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

export function hardenSession(session: Session, csp: string): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isLocalResource(details.url) }));
  session.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } }),
  );
}
