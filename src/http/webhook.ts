import { randomBytes } from 'node:crypto';
import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { setTimeout as delay } from 'node:timers/promises';
import type { ReplyFile } from '../reply/types.ts';

/**
 * The few calls the HTTP endpoint makes back to Discord: edit, delete and follow up an interaction's messages
 * through its webhook (`/webhooks/{application}/{token}…`), authorized by the token in the path. A JSON body, or
 * `multipart/form-data` (`payload_json` and `files[n]`) when files go with it.
 *
 * node:http on kept-open connections rather than @discordjs/rest: these calls need none of its bot-token
 * handling or per-route queues, and it cost several times more CPU per call (bench:http defers and edits in every
 * tenth interaction). A 429 is waited out (Retry-After) and tried again, a few times.
 */

/** Discord's answer to a call it refused: its HTTP status, its JSON error code and message when it sent them. */
export class WebhookError extends Error {
  constructor(
    readonly method: string,
    readonly route: string,
    readonly status: number,
    /** Discord's error code (e.g. 10015, Unknown Webhook); 0 when the body had none. */
    readonly code: number,
    message: string,
  ) {
    super(`${method} ${route}: ${status} ${message}${code ? ` (code ${code})` : ''}`);
    this.name = 'WebhookError';
  }
}

/** A kept-open connection that was reset when a call was sent on it. */
class StaleConnection extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
  }
}

/** How long one call may take, answer included. */
const TIMEOUT_MS = 15_000;
/** Calls refused with 429 are tried again this many times, waiting what Discord says (at most RATE_LIMIT_MAX_MS). */
const RATE_LIMIT_RETRIES = 3;
const RATE_LIMIT_MAX_MS = 10_000;
const USER_AGENT = 'DiscordBot (https://github.com/deal-qa-bot, 0.1.0)';

export class WebhookClient {
  private readonly base: URL;
  private readonly agent: HttpAgent;
  private readonly send: typeof httpRequest;

  /** `apiBase`: Discord's REST base without the version (DISCORD_API_BASE), e.g. `https://discord.com/api`. */
  constructor(apiBase: string) {
    this.base = new URL(`${apiBase.replace(/\/+$/, '')}/v10`);
    const https = this.base.protocol === 'https:';
    this.agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.send = https ? httpsRequest : httpRequest;
  }

  /** `route` under /v10 (e.g. from discord-api-types' `Routes`); the parsed JSON answer, undefined for 204. */
  async call(
    method: 'PATCH' | 'POST' | 'DELETE',
    route: string,
    body?: unknown,
    files?: ReplyFile[],
  ): Promise<unknown> {
    const { bytes, contentType } =
      body === undefined ? { bytes: undefined, contentType: undefined } : encode(body, files);
    let resent = false;
    for (let attempt = 0; ; attempt++) {
      let res: Awaited<ReturnType<WebhookClient['once']>>;
      try {
        res = await this.once(method, route, bytes, contentType);
      } catch (err) {
        // A kept-open connection the server closed just as this call went out on it: Discord never read the call,
        // so it is sent again, once, on a fresh connection (as node:http's documentation advises).
        if (resent || !(err instanceof StaleConnection)) throw err instanceof StaleConnection ? err.cause : err;
        resent = true;
        continue;
      }
      if (res.status === 429 && attempt < RATE_LIMIT_RETRIES) {
        await delay(Math.min(RATE_LIMIT_MAX_MS, retryAfterMs(res)));
        continue;
      }
      const json = parseJson(res.text);
      if (res.status >= 200 && res.status < 300) return json;
      const err = (typeof json === 'object' && json !== null ? json : {}) as { code?: unknown; message?: unknown };
      throw new WebhookError(
        method,
        route,
        res.status,
        typeof err.code === 'number' ? err.code : 0,
        typeof err.message === 'string' ? err.message : res.text.slice(0, 200),
      );
    }
  }

  /** Close the kept-open connections. */
  close(): void {
    this.agent.destroy();
  }

  private once(
    method: string,
    route: string,
    bytes: Buffer | undefined,
    contentType: string | undefined,
  ): Promise<{ status: number; text: string; headers: IncomingMessage['headers'] }> {
    return new Promise((resolve, reject) => {
      const req = this.send(
        {
          protocol: this.base.protocol,
          hostname: this.base.hostname,
          port: this.base.port,
          path: `${this.base.pathname}${route}`,
          method,
          agent: this.agent,
          timeout: TIMEOUT_MS,
          headers: {
            'user-agent': USER_AGENT,
            ...(bytes ? { 'content-type': contentType, 'content-length': bytes.length } : { 'content-length': 0 }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.once('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
            }),
          );
          res.once('error', reject);
        },
      );
      req.once('timeout', () => req.destroy(new Error(`${method} ${route}: no answer within ${TIMEOUT_MS} ms`)));
      req.once('error', (err: NodeJS.ErrnoException) =>
        reject(req.reusedSocket && err.code === 'ECONNRESET' ? new StaleConnection(err) : err),
      );
      req.end(bytes);
    });
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What a 429 says to wait: its JSON `retry_after` (seconds), else its Retry-After header, else a second. */
function retryAfterMs(res: { text: string; headers: IncomingMessage['headers'] }): number {
  const json = parseJson(res.text) as { retry_after?: unknown } | undefined;
  const seconds = typeof json?.retry_after === 'number' ? json.retry_after : Number(res.headers['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
}

/** A JSON body, or with files a multipart one: the JSON as `payload_json`, each file as `files[n]`. */
export function encode(body: unknown, files: ReplyFile[] | undefined): { bytes: Buffer; contentType: string } {
  const json = JSON.stringify(body);
  if (!files?.length) return { bytes: Buffer.from(json, 'utf8'), contentType: 'application/json' };
  const boundary = `----deal-qa-bot-${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="payload_json"\r\nContent-Type: application/json\r\n\r\n${json}\r\n`,
      'utf8',
    ),
  ];
  files.forEach((f, i) => {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="files[${i}]"; filename="${quoted(f.name)}"\r\nContent-Type: ${f.contentType}\r\n\r\n`,
        'utf8',
      ),
      Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength),
      Buffer.from('\r\n', 'utf8'),
    );
  });
  parts.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { bytes: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A file name inside a quoted header parameter: quotes and line breaks escaped as browsers do. */
function quoted(name: string): string {
  return name.replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/"/g, '%22');
}
