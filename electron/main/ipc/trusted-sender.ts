// One check for every IPC message: it must come from the main frame of our own window,
// showing our own bundled page. Anything else — another window, a subframe, a page that
// somehow navigated elsewhere — is refused before its input is even read.
import type { IpcMainInvokeEvent, WebContents } from 'electron';

export type SenderCheck = (event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>) => boolean;

export function createTrustedSenderCheck(trustedContents: () => WebContents | undefined, pageUrl: string, platform: NodeJS.Platform = process.platform): SenderCheck {
  return (event) => {
    const contents = trustedContents();
    // By id: the same web contents may reach us through more than one JS wrapper.
    if (!contents || event.sender.id !== contents.id) return false;
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    return isSamePage(frame.url, pageUrl, platform);
  };
}

/** file:// URLs of the same file; the hash (the renderer's route) and query do not matter. */
export function isSamePage(url: string, pageUrl: string, platform: NodeJS.Platform = process.platform): boolean {
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(url);
    expected = new URL(pageUrl);
  } catch {
    return false;
  }
  if (actual.protocol !== 'file:' || expected.protocol !== 'file:' || actual.host !== expected.host) return false;
  const normalize = (pathname: string) => {
    const decoded = decodeURIComponent(pathname);
    return platform === 'win32' ? decoded.toLowerCase() : decoded;
  };
  return normalize(actual.pathname) === normalize(expected.pathname);
}
