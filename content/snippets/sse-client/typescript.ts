export interface SseEvent {
  id: string | undefined;
  type: string;
  data: string;
}

/**
 * Reads a Server-Sent Events stream with fetch (works in browsers and Node 18+, and unlike
 * EventSource can send headers such as Authorization). Reconnects after drops, sending
 * Last-Event-ID so the server replays what was missed; honours the server's `retry:` hint and
 * backs off with jitter when the server keeps failing.
 */
export async function ${1:readEventStream}(
  url: string,
  onEvent: (event: SseEvent) => void,
  signal: AbortSignal,
  headers: Record<string, string> = {},
): Promise<void> {
  let lastEventId: string | undefined;
  let retryMs = ${2:3000};
  let failures = 0;
  while (!signal.aborted) {
    try {
      const response = await fetch(url, {
        headers: { ...headers, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        signal,
      });
      if (!response.ok || !response.body) throw new Error(`HTTP \${response.status}`);
      failures = 0;
      const decoder = new TextDecoder();
      let buffer = '';
      let event: SseEvent = { id: undefined, type: 'message', data: '' };
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            // A blank line dispatches the event; events without data are ignored, as in EventSource.
            if (event.data) {
              if (event.id !== undefined) lastEventId = event.id;
              onEvent({ ...event, data: event.data.replace(/\n\$/, '') });
            }
            event = { id: undefined, type: 'message', data: '' };
            continue;
          }
          if (line.startsWith(':')) continue; // comment / heartbeat
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'data') event.data += value + '\n';
          else if (field === 'event') event.type = value;
          else if (field === 'id') event.id = value;
          else if (field === 'retry' && /^\d+\$/.test(value)) retryMs = Number(value);
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      failures++;
    }
    const delay = failures === 0 ? retryMs : Math.min(60_000, retryMs * 2 ** failures) * (0.5 + Math.random() / 2);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
$0
