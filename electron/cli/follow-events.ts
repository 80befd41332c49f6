// `--follow`: the running gateway's events, handed one by one to the command until the
// person interrupts (Ctrl-C / SIGTERM: a normal end, exit 0) or the gateway goes away (an error).
import { CliError } from './output.js';
import type { ApiEvent } from '../../shared/api.js';
import type { RunningGateway } from './running-gateway.js';

export async function followEvents(
  gateway: RunningGateway,
  handlers: { subscribed?: () => void | Promise<void>; event: (message: ApiEvent) => void },
): Promise<void> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const events = await gateway.events(controller.signal);
    await handlers.subscribed?.();
    for (;;) {
      let next: IteratorResult<ApiEvent>;
      try {
        next = await events.next();
      } catch (error) {
        if (controller.signal.aborted) return;
        // A gateway that stops cuts the connection (undici: "terminated").
        throw new CliError(`lost the gateway's event stream at ${gateway.url} (did it stop?): ${(error as Error).message}`);
      }
      if (next.done) break;
      handlers.event(next.value);
    }
    if (!controller.signal.aborted) throw new CliError(`the gateway at ${gateway.url} closed its event stream (did it stop?)`);
  } catch (error) {
    if (controller.signal.aborted) return;
    throw error;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    controller.abort(); // releases the connection if a handler threw
  }
}
