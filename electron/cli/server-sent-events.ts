// Server-Sent Events, framed by `eventsource-parser` (the SDK's own dependency): SseParser
// is push-based (the bridge feeds it from node:http); readServerSentEvents reads a fetch
// body with it (the CLI following /api/events). An event with no name is a 'message', and
// the last id given is carried on the events after it, as EventSource does.
import { createParser, type EventSourceParser } from 'eventsource-parser';

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export async function* readServerSentEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  for await (const chunk of body) yield* parser.feed(decoder.decode(chunk, { stream: true }));
}

export class SseParser {
  private completed: SseEvent[] = [];
  private lastId: string | undefined;
  private readonly parser: EventSourceParser = createParser({
    onEvent: (message) => {
      if (message.id !== undefined) this.lastId = message.id;
      const id = this.lastId;
      this.completed.push({ event: message.event ?? 'message', data: message.data, ...(id !== undefined ? { id } : {}) });
    },
  });

  /** Feeds decoded text; returns the events it completed. */
  feed(text: string): SseEvent[] {
    this.parser.feed(text);
    if (this.completed.length === 0) return NONE;
    const events = this.completed;
    this.completed = [];
    return events;
  }
}

/** Shared empty answer: most chunks of a stream complete no event. */
const NONE: SseEvent[] = [];
