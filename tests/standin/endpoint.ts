/**
 * HTTP mode: Discord POSTs each interaction to the application's Interactions Endpoint URL, signed with
 * Ed25519 — `X-Signature-Ed25519` (hex) over `X-Signature-Timestamp` + the raw body — and takes the HTTP response
 * as the interaction's first callback. The stand-in holds its own key pair (its public key is what the bot is
 * configured with) and can also sign wrongly on purpose, as Discord does to check an endpoint.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { connect, type Socket } from 'node:net';

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

/**
 * The stand-in's HTTP/1.1 client for the Interactions Endpoint: connections kept open between interactions, as
 * Discord's are, one request at a time on each. Written here rather than node:http's `request`, because the
 * stand-in is also the load generator of bench:http and node:http's client (its agent, header objects, streams
 * and events) cost more CPU per request than the server's own answering of a kept reply: this one writes each
 * request in one piece and reads a response framed by Content-Length (chunked and close-delimited ones are read
 * too). The endpoint tests and bench:http go through it, so a response it misreads fails them.
 */

/** A response head and body read so far on one connection. */
interface Reading {
  resolve(r: EndpointResponse): void;
  /** Bytes received and not yet consumed. */
  buffered: Buffer;
  head?: { status: number; headers: Map<string, string>; bodyStart: number };
}

const CRLF2 = Buffer.from('\r\n\r\n', 'latin1');

class Connection {
  private reading: Reading | undefined;
  /** The connection is closed or will be after this response: it is not reused. */
  done = false;

  constructor(
    readonly socket: Socket,
    private readonly pool: EndpointPool,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err: NodeJS.ErrnoException) => this.end(`${err.message}${err.code ? ` (${err.code})` : ''}`));
    socket.on('close', () => this.end('the connection closed before the response was complete'));
  }

  send(bytes: Buffer, resolve: (r: EndpointResponse) => void): void {
    this.reading = { resolve, buffered: Buffer.alloc(0) };
    this.socket.ref();
    this.socket.write(bytes);
  }

  /** The connection ends: an unfinished response is one the server cut off (or one framed by the close). */
  private end(why: string): void {
    this.done = true;
    this.pool.forget(this);
    this.socket.destroy();
    const r = this.reading;
    if (!r) return;
    this.reading = undefined;
    const head = r.head;
    // A response without Content-Length or chunked framing ends with the connection.
    if (head && !head.headers.has('content-length') && !isChunked(head.headers) && why.startsWith('the connection'))
      r.resolve(response(head, r.buffered.subarray(head.bodyStart)));
    else r.resolve(failure(why));
  }

  private onData(chunk: Buffer): void {
    const r = this.reading;
    if (!r) {
      // Nothing was asked: a server that talks out of turn is not to be trusted with the next request.
      this.end('unexpected data');
      return;
    }
    r.buffered = r.buffered.length ? Buffer.concat([r.buffered, chunk]) : chunk;
    if (!r.head) {
      const at = r.buffered.indexOf(CRLF2);
      if (at < 0) {
        if (r.buffered.length > 64 * 1024) this.end('a response head over 64 KiB');
        return;
      }
      const head = parseHead(r.buffered.toString('latin1', 0, at));
      if (!head) {
        this.end('a malformed response head');
        return;
      }
      // An interim response (100 Continue): the real one follows.
      if (head.status < 200) {
        r.buffered = r.buffered.subarray(at + 4);
        this.onData(Buffer.alloc(0));
        return;
      }
      r.head = { ...head, bodyStart: at + 4 };
    }
    const { head } = r;
    const body = r.buffered.subarray(head.bodyStart);
    let complete: Buffer | undefined;
    let rest = 0;
    const length = head.headers.get('content-length');
    if (length !== undefined) {
      const n = Number(length);
      if (!/^\d+$/.test(length)) {
        this.end('a bad Content-Length');
        return;
      }
      if (body.length >= n) {
        complete = body.subarray(0, n);
        rest = body.length - n;
      }
    } else if (isChunked(head.headers)) {
      const decoded = dechunk(body);
      if (decoded === null) {
        this.end('a malformed chunked body');
        return;
      }
      if (decoded) {
        complete = decoded.body;
        rest = body.length - decoded.used;
      }
    } else return; // ends with the connection
    if (!complete) return;
    this.reading = undefined;
    const keep = rest === 0 && head.headers.get('connection')?.toLowerCase() !== 'close';
    if (keep) this.pool.release(this);
    else {
      this.done = true;
      this.pool.forget(this);
      this.socket.destroy();
    }
    r.resolve(response(head, complete));
  }

  /** Give up on the response (the caller's timeout): the connection cannot be reused. */
  abandon(): void {
    this.reading = undefined;
    this.end('abandoned');
  }
}

const isChunked = (headers: Map<string, string>) => /(^|,)\s*chunked\s*$/i.test(headers.get('transfer-encoding') ?? '');

function response(head: { status: number; headers: Map<string, string> }, body: Buffer): EndpointResponse {
  return { status: head.status, contentType: head.headers.get('content-type') ?? '', body: Buffer.from(body) };
}

const failure = (why: string): EndpointResponse => ({
  status: 0,
  contentType: '',
  body: Buffer.alloc(0),
  failure: why,
});

/** Status line and headers (names in lower case, repeated ones joined with ", "), or undefined when malformed. */
function parseHead(text: string): { status: number; headers: Map<string, string> } | undefined {
  const lines = text.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})(?: |$)/.exec(lines[0] ?? '');
  if (!status) return undefined;
  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const before = headers.get(name);
    headers.set(name, before === undefined ? value : `${before}, ${value}`);
  }
  return { status: Number(status[1]), headers };
}

/** A whole chunked body: the bytes, and how many were read; false while incomplete; null when malformed. */
function dechunk(raw: Buffer): { body: Buffer; used: number } | false | null {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at, 'latin1');
    if (eol < 0) return false;
    const size = parseInt(raw.toString('latin1', at, eol).split(';')[0]!.trim(), 16);
    if (!Number.isInteger(size) || size < 0) return null;
    if (size === 0) {
      // The last chunk, then trailers (none expected) and an empty line.
      const end = raw.indexOf('\r\n\r\n', eol, 'latin1');
      if (end < 0) return false;
      return { body: Buffer.concat(parts), used: end + 4 };
    }
    if (raw.length < eol + 2 + size + 2) return false;
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** Kept-open connections to one endpoint (host and port). */
class EndpointPool {
  private readonly idle: Connection[] = [];
  private readonly open = new Set<Connection>();

  constructor(private readonly options: { host: string; port: number }) {}

  take(): Connection {
    const kept = this.idle.pop();
    if (kept) return kept;
    const c = new Connection(connect(this.options), this);
    this.open.add(c);
    return c;
  }

  release(c: Connection): void {
    // Closed while it was busy (`close`): now that its response is in, it goes.
    if (c.done) {
      this.forget(c);
      c.socket.destroy();
      return;
    }
    // Idle connections do not keep the process alive.
    c.socket.unref();
    this.idle.push(c);
  }

  forget(c: Connection): void {
    this.open.delete(c);
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
  }

  /** Close every idle connection now, and the busy ones once their response is in. */
  close(): void {
    for (const c of [...this.idle]) {
      c.done = true;
      this.forget(c);
      c.socket.destroy();
    }
    for (const c of this.open) c.done = true;
  }
}

const pools = new Map<string, { pool: EndpointPool; path: string; head: string }>();

/** Where a URL points: parsed once per endpoint, not once per interaction. */
function endpointOf(url: string) {
  let e = pools.get(url);
  if (!e) {
    const u = new URL(url);
    if (u.protocol !== 'http:') throw new Error(`stand-in: the endpoint must be http:// on this machine (got ${url})`);
    const port = Number(u.port || 80);
    e = {
      pool: new EndpointPool({ host: u.hostname.replace(/^\[|\]$/g, ''), port }),
      path: `${u.pathname}${u.search}`,
      head: `host: ${u.host}\r\n`,
    };
    pools.set(url, e);
  }
  return e;
}

/**
 * Close the kept-open connections: the next interactions connect anew (as Discord's do after a while), so a worker
 * that started after the others gets connections too instead of none of the old ones.
 */
export function reconnectToEndpoints(): void {
  for (const { pool } of pools.values()) pool.close();
  pools.clear();
}

/** Characters a header line may not hold (they would split the request). */
const BAD_HEADER = /[\r\n]/;

/** POST `body` to the endpoint; never throws (a failure is status 0), never waits past `timeoutMs`. */
export function postToEndpoint(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<EndpointResponse> {
  const { pool, path, head } = endpointOf(url);
  let text = `POST ${path} HTTP/1.1\r\n${head}`;
  for (const [name, value] of Object.entries(headers)) {
    if (BAD_HEADER.test(name) || BAD_HEADER.test(value) || name.toLowerCase() === 'content-length')
      throw new Error(`stand-in: header ${JSON.stringify(name)} cannot be sent`);
    text += `${name}: ${value}\r\n`;
  }
  text += `content-length: ${body.length}\r\n\r\n`;
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(text, 'latin1') + body.length);
  const at = bytes.write(text, 'latin1');
  body.copy(bytes, at);
  return new Promise((resolve) => {
    const connection = pool.take();
    const timer = setTimeout(() => {
      connection.abandon();
      resolve(failure(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    connection.send(bytes, (r) => {
      clearTimeout(timer);
      resolve(r);
    });
  });
}
