/**
 * HTTP mode: Discord POSTs each interaction to the application's Interactions Endpoint URL, signed with
 * Ed25519 — `X-Signature-Ed25519` (hex) over `X-Signature-Timestamp` + the raw body — and takes the HTTP response
 * as the interaction's first callback. The stand-in holds its own key pair (its public key is what the bot is
 * configured with) and can also sign wrongly on purpose, as Discord does to check an endpoint.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Agent, request } from 'node:http';
import { urlToHttpOptions } from 'node:url';

/** How a request is signed: properly, not at all, with a garbled signature, or by another application's key. */
export type SignatureMode = 'valid' | 'missing' | 'bad' | 'other-key';

/** What the endpoint answered. `status` 0: no answer (refused connection, reset, or the timeout passed). */
export interface EndpointResponse {
  status: number;
  contentType: string;
  body: Buffer;
  /** Why there was no answer, when status is 0. */
  failure?: string;
}

function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  return Buffer.from(jwk.x!, 'base64url').toString('hex');
}

/** The stand-in's application key pair, and another one for "signed by someone else". */
export class InteractionSigner {
  /** The public key as the Developer Portal shows it (64 hex characters): the bot's DISCORD_PUBLIC_KEY. */
  readonly publicKey: string;
  private readonly privateKey: KeyObject;
  private readonly otherKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('ed25519');
    this.publicKey = rawPublicKey(pair.publicKey);
    this.privateKey = pair.privateKey;
    this.otherKey = generateKeyPairSync('ed25519').privateKey;
  }

  /** The headers Discord sends with `body`, signed as `mode` says. */
  headers(body: Buffer, mode: SignatureMode = 'valid'): Record<string, string> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Discord-Interactions/1.0 (+https://discord.com)',
    };
    if (mode === 'missing') return headers;
    const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), body]);
    const signature = sign(null, signed, mode === 'other-key' ? this.otherKey : this.privateKey);
    // Garbled: a well-formed signature of something else (the last byte of the message changed).
    if (mode === 'bad') signature.set(sign(null, Buffer.concat([signed, Buffer.from('x')]), this.privateKey));
    headers['x-signature-ed25519'] = signature.toString('hex');
    headers['x-signature-timestamp'] = timestamp;
    return headers;
  }
}

/** Connections to endpoints are kept open between interactions, as Discord's are. */
let agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/**
 * Close the kept-open connections: the next interactions connect anew (as Discord's do after a while), so a worker
 * that started after the others gets connections too instead of none of the old ones.
 */
export function reconnectToEndpoints(): void {
  agent.destroy();
  agent = new Agent({ keepAlive: true, maxSockets: Infinity });
}

/** Where a URL points, as node:http takes it: parsed once per endpoint, not once per interaction. */
let parsed: { url: string; options: ReturnType<typeof urlToHttpOptions> } | undefined;
function target(url: string): ReturnType<typeof urlToHttpOptions> {
  if (parsed?.url !== url) parsed = { url, options: urlToHttpOptions(new URL(url)) };
  return parsed.options;
}

/**
 * POST `body` to the endpoint; never throws (a failure is status 0), never waits past `timeoutMs`. node:http
 * rather than fetch: the stand-in is also the load generator of bench:http, and fetch costs several times more
 * CPU per request.
 */
export function postToEndpoint(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<EndpointResponse> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: EndpointResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const failed = (why: string) => {
      done({ status: 0, contentType: '', body: Buffer.alloc(0), failure: why });
      req.destroy();
    };
    const req = request(
      { ...target(url), method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', (err) => failed(err.message));
        res.on('aborted', () => failed('the response was cut off'));
      },
    );
    const timer = setTimeout(() => failed(`no answer within ${timeoutMs} ms`), timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => failed(`${err.message}${err.code ? ` (${err.code})` : ''}`));
    req.end(body);
  });
}
