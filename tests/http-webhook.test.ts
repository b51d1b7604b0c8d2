/**
 * The HTTP endpoint's client for interaction webhooks (src/http/webhook.ts), against a small server on 127.0.0.1
 * that records what it is sent and answers as told: bodies as Discord reads them (JSON, or multipart with
 * `payload_json` and `files[n]`), Discord's errors with their codes, and a 429 waited out.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode, WebhookClient, WebhookError } from '../src/http/webhook.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** What the server answers next (one per request, in order); then 204. */
interface Answer {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

describe('the webhook client', () => {
  let server: Server;
  let base: string;
  const received: Received[] = [];
  const answers: Answer[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
        const a = answers.shift() ?? { status: 204 };
        const text = a.json === undefined ? '' : JSON.stringify(a.json);
        res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const fresh = () => {
    received.length = 0;
    answers.length = 0;
    return new WebhookClient(base);
  };

  it('sends a JSON body to the route under /v10 and returns the JSON answer', async () => {
    const client = fresh();
    answers.push({ status: 200, json: { id: '42', content: 'hi' } });
    const answer = await client.call('PATCH', '/webhooks/1/tok/messages/@original', { content: 'hi' });
    expect(answer).toEqual({ id: '42', content: 'hi' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'PATCH', url: '/api/v10/webhooks/1/tok/messages/@original' });
    expect(received[0]!.headers['content-type']).toBe('application/json');
    expect(received[0]!.headers['user-agent']).toMatch(/^DiscordBot \(/);
    expect(received[0]!.headers.authorization).toBeUndefined();
    expect(JSON.parse(received[0]!.body.toString('utf8'))).toEqual({ content: 'hi' });
    client.close();
  });

  it('sends files as multipart form data that a form parser reads back: payload_json, then files[n]', async () => {
    const client = fresh();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 13, 10, 45, 45, 255]);
    const payload = { content: 'chart “ở đây”', attachments: [{ id: 0, filename: 'chart "1".png' }] };
    await client.call('POST', '/webhooks/1/tok', payload, [
      { name: 'chart "1".png', contentType: 'image/png', data: png },
      { name: 'notes.txt', contentType: 'text/plain', data: new TextEncoder().encode('a\r\n--b') },
    ]);
    const [req] = received;
    expect(req!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const request = new Request('http://x.invalid/', {
      method: 'POST',
      headers: { 'content-type': req!.headers['content-type']! },
      body: req!.body,
    });
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- a test's small bodies; what the stand-in reads them with
    const form = await request.formData();
    expect([...form.keys()]).toEqual(['payload_json', 'files[0]', 'files[1]']);
    expect(JSON.parse(form.get('payload_json') as string)).toEqual(payload);
    const file = form.get('files[0]');
    const notes = form.get('files[1]');
    if (typeof file === 'string' || typeof notes === 'string' || !file || !notes) throw new Error('expected two files');
    expect(file.type).toBe('image/png');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(png);
    expect(await notes.text()).toBe('a\r\n--b');
    client.close();
  });

  it('throws Discord’s refusal with its status and code, and returns nothing for 204', async () => {
    const client = fresh();
    answers.push({ status: 404, json: { code: 10015, message: 'Unknown Webhook' } });
    const err: unknown = await client.call('PATCH', '/webhooks/1/gone/messages/@original', { content: 'x' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WebhookError);
    expect(err).toMatchObject({ status: 404, code: 10015, message: expect.stringContaining('Unknown Webhook') });
    await expect(client.call('DELETE', '/webhooks/1/tok/messages/@original')).resolves.toBeUndefined();
    expect(received[1]).toMatchObject({ method: 'DELETE', body: Buffer.alloc(0) });
    client.close();
  });

  it('waits out a 429 for as long as Discord says, then sends the call again', async () => {
    const client = fresh();
    answers.push({ status: 429, json: { message: 'You are being rate limited.', retry_after: 0.05, global: false } });
    answers.push({ status: 429, json: {}, headers: { 'retry-after': '0' } });
    answers.push({ status: 200, json: { id: '7' } });
    await expect(client.call('POST', '/webhooks/1/tok', { content: 'again' })).resolves.toEqual({ id: '7' });
    expect(received.map((r) => r.body.toString('utf8'))).toEqual(Array(3).fill('{"content":"again"}'));
    // Not forever: after a few, the 429 is the caller's.
    for (let i = 0; i < 10; i++) answers.push({ status: 429, json: { retry_after: 0 } });
    await expect(client.call('POST', '/webhooks/1/tok', { content: 'no' })).rejects.toMatchObject({ status: 429 });
    client.close();
  });

  it('sends a call again, once, on a fresh connection when the kept-open one is reset as it goes out', async () => {
    // A server that resets a connection at its second request, as one that closed an idle connection just then.
    const seen = new WeakMap<object, number>();
    let requests = 0;
    const resetting = createServer((req, res) => {
      requests++;
      const n = (seen.get(req.socket) ?? 0) + 1;
      seen.set(req.socket, n);
      req.resume();
      if (n === 2) req.socket.resetAndDestroy();
      else req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
    const client = new WebhookClient(`http://127.0.0.1:${(resetting.address() as AddressInfo).port}/api`);
    try {
      await client.call('PATCH', '/webhooks/1/tok/messages/@original', { content: 'one' });
      await expect(client.call('PATCH', '/webhooks/1/tok/messages/@original', { content: 'two' })).resolves.toBe(
        undefined,
      );
      expect(requests).toBe(3);
    } finally {
      client.close();
      resetting.closeAllConnections();
      await new Promise((resolve) => resetting.close(resolve));
    }
  });

  it('encodes a body without files as plain JSON', () => {
    expect(encode({ a: 1 }, [])).toEqual({ bytes: Buffer.from('{"a":1}'), contentType: 'application/json' });
  });
});
