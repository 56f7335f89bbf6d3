import { createHmac } from 'node:crypto';

export interface WebhookDelivery {
  /** Stable per event: the receiver deduplicates retries by it. */
  eventId: string;
  url: string;
  payload: unknown;
}

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. Signing the timestamp with the
 * body lets receivers reject replays of old captured requests.
 */
export function signPayload(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`\${timestamp}.\${body}`).digest('hex');
  return `t=\${timestamp},v1=\${mac}`;
}

/** 2xx is done; 4xx other than 408/429 will not improve with retries; the rest may. */
const retryable = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/**
 * Delivers one event, retrying network errors and retryable statuses with capped exponential
 * backoff and full jitter. Each attempt is re-signed with a fresh timestamp. Returns the final
 * status; persist failures and keep retrying from a queue for long outages (hours, not seconds).
 */
export async function ${1:sendWebhook}(
  delivery: WebhookDelivery,
  secret: string,
  { maxAttempts = ${2:6}, baseMs = ${3:1000}, maxMs = 60_000, timeoutMs = 10_000 } = {},
): Promise<{ delivered: boolean; status: number | null; attempts: number }> {
  const body = JSON.stringify(delivery.payload);
  let status: number | null = null;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': delivery.eventId,
          'webhook-signature': signPayload(secret, body),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
      if (response.ok) return { delivered: true, status, attempts: attempt };
      if (!retryable(status)) return { delivered: false, status, attempts: attempt };
    } catch {
      status = null; // network error or timeout: retry
    }
    if (attempt < maxAttempts) {
      const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
  return { delivered: false, status, attempts: maxAttempts };
}
$0
