// Text from upstreams and clients (tool names, server names, client names, reasons) on a
// terminal: control characters are escaped so they show instead of acting. An ESC starts
// an ANSI sequence that can recolour, move the cursor, rewrite earlier lines or set the
// window title; a CR or a newline can forge a row. C0 and C1 controls and DEL become
// \xNN (\n, \r, \t as such); bidirectional overrides, which reorder what is shown, become \u{…}.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function terminalSafe(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(text)) return text;
  return text.replace(UNPRINTABLE, (char) => {
    const named = NAMED[char];
    if (named) return named;
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
  });
}
