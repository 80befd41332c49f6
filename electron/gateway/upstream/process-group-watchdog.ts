// Stdio upstreams lead their own process groups, so that stopping one reaches the real
// server behind an `npx`/`uvx` wrapper. The price: when the gateway is killed (kill -9, a
// crash), nothing signals those groups, and a server that ignores EOF on its stdin runs on,
// orphaned. The watchdog is one tiny `/bin/sh` loop per gateway process, in its own session,
// reading a pipe from the gateway: `+<pgid>` when a group starts, `-<pgid>` when its leader
// exits. When the pipe closes (the gateway process has ended, however it ended) it sends
// SIGTERM to the groups still listed, then SIGKILL after a grace, and exits. A clean
// shutdown has stopped every group already, so then it just exits. It runs only while some
// group is listed: the last one forgotten closes its pipe, so a gateway with no upstreams
// (or one that has stopped) leaves no process behind. POSIX only (Linux and
// macOS: sh, kill and sleep are all it needs); on Windows the job is taskkill /T's.
import { spawn, type ChildProcess } from 'node:child_process';

const GRACE_SECONDS = 2;

const SCRIPT = `
trap '' INT HUP TERM
groups=' '
while IFS= read -r line; do
  case "$line" in
    +*) groups="$groups\${line#+} " ;;
    -*) g="\${line#-}"; case "$groups" in *" $g "*) groups="\${groups%%" $g "*} \${groups#*" $g "}" ;; esac ;;
  esac
done
[ "$groups" = ' ' ] && exit 0
for g in $groups; do kill -s TERM -- "-$g" 2>/dev/null; done
sleep ${GRACE_SECONDS}
for g in $groups; do kill -s KILL -- "-$g" 2>/dev/null; done
`;

let watchdog: ChildProcess | undefined;
let broken = false;
/** The groups the current watchdog knows of. */
const watched = new Set<number>();

function started(): ChildProcess | undefined {
  if (process.platform === 'win32' || broken) return undefined;
  if (watchdog) return watchdog;
  try {
    const child = spawn('/bin/sh', ['-c', SCRIPT], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
    child.on('error', () => (broken = true));
    child.stdin?.on('error', () => (broken = true)); // it died: nothing to tell any more
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.(); // the pipe must not keep the gateway alive
    watchdog = child;
    return child;
  } catch {
    broken = true;
    return undefined;
  }
}

/** A stdio upstream's process group started: the watchdog stops it if this process dies first. */
export function watchProcessGroup(pgid: number): void {
  const child = started();
  if (!child) return;
  watched.add(pgid);
  child.stdin?.write(`+${pgid}\n`);
}

/** Its leader exited: forget the group (its id may be reused by an unrelated process later). */
export function forgetProcessGroup(pgid: number): void {
  if (broken || !watchdog || !watched.delete(pgid)) return;
  if (watched.size > 0) {
    watchdog.stdin?.write(`-${pgid}\n`);
    return;
  }
  // Nothing left to watch: end this watchdog (it exits at once on an empty list); the next group starts a new one.
  watchdog.stdin?.end(`-${pgid}\n`);
  watchdog = undefined;
}
