// Paths into a call's arguments, as conditions and `increment_from` write them:
// `args.pipeline`, `args.a.b[0]`, `args.items[2].price`, `args["key.with.dots"]`.

export type ArgPathSegment = string | number;

export type ArgPathParse = { ok: true; segments: ArgPathSegment[] } | { ok: false; message: string };

const NAME = /^[^.[\]"\s]+/;

export function parseArgPath(path: string): ArgPathParse {
  const bad = (why: string): ArgPathParse => ({
    ok: false,
    message: `expected a path into the arguments such as args.amount or args.items[0].price, got '${path}' (${why})`,
  });
  if (path !== 'args' && !path.startsWith('args.') && !path.startsWith('args[')) return bad('it must start with args.');
  const segments: ArgPathSegment[] = [];
  let rest = path.slice(4);
  while (rest.length > 0) {
    if (rest.startsWith('.')) {
      const name = NAME.exec(rest.slice(1));
      if (!name) return bad('a name is missing after a dot');
      segments.push(name[0]);
      rest = rest.slice(1 + name[0].length);
      continue;
    }
    const index = /^\[(\d+)\]/.exec(rest);
    if (index) {
      segments.push(Number(index[1]));
      rest = rest.slice(index[0].length);
      continue;
    }
    const quoted = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
    if (quoted) {
      try {
        segments.push(JSON.parse(`"${quoted[1] ?? ''}"`) as string);
      } catch {
        return bad('invalid escape in a quoted name');
      }
      rest = rest.slice(quoted[0].length);
      continue;
    }
    return bad(`cannot read '${rest}'`);
  }
  if (segments.length === 0) return bad('name an argument after args.');
  return { ok: true, segments };
}

/** The value at the path, or undefined when any step is missing. Never reads inherited properties. */
export function readArgPath(args: unknown, segments: readonly ArgPathSegment[]): unknown {
  let current: unknown = args;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current) || segment >= current.length) return undefined;
      current = current[segment];
    } else {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}
