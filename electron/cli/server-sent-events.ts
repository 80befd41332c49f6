// Server-Sent Events as the HTML spec frames them: `data:` lines joined with newlines,
// `event:` naming the event, `id:` carried, a blank line ending it, `:` lines ignored.
// SseParser is push-based (the bridge feeds it from node:http); readServerSentEvents reads
// a fetch body with it (the CLI following /api/events).

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
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id?: string;

  /** Feeds decoded text; returns the events it completed. */
  feed(text: string): SseEvent[] {
    this.buffer += text;
    const events: SseEvent[] = [];
    let start = 0;
    for (let end = this.buffer.indexOf('\n', start); end !== -1; end = this.buffer.indexOf('\n', start)) {
      const line = this.buffer.charCodeAt(end - 1) === 13 ? this.buffer.slice(start, end - 1) : this.buffer.slice(start, end);
      start = end + 1;
      const event = this.line(line);
      if (event) events.push(event);
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') {
      if (this.data.length === 0) {
        this.event = '';
        return undefined;
      }
      const event: SseEvent = { event: this.event || 'message', data: this.data.join('\n'), ...(this.id !== undefined ? { id: this.id } : {}) };
      this.data = [];
      this.event = '';
      return event;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id') this.id = value;
    return undefined;
  }
}
