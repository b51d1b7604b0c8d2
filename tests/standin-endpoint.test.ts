import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postToEndpoint, reconnectToEndpoints } from './standin/endpoint.ts';

/**
 * The stand-in's own HTTP/1.1 client for the Interactions Endpoint (tests/standin/endpoint.ts): each way a server
 * may frame its response is read whole, a connection is kept open only when it may be, and a server that fails
 * gives a failed request (status 0), never a throw or a hang.
 */

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  reconnectToEndpoints();
  for (const s of servers.splice(0)) s.close();
});

interface Raw {
  url: string;
  /** Each request's bytes as the server read them, and the connection it came on. */
  requests: Array<{ text: string; connection: number }>;
}

/** A server that answers each request with `answer(n)` (written in the pieces given) on the raw socket. */
async function rawServer(answer: (n: number, socket: Socket) => void): Promise<Raw> {
  const raw: Raw = { url: '', requests: [] };
  let connections = 0;
  const server: Server = createServer((socket) => {
    const connection = ++connections;
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      const head = buffered.indexOf('\r\n\r\n');
      if (head < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(buffered.slice(0, head))?.[1] ?? 0);
      if (buffered.length < head + 4 + length) return;
      raw.requests.push({ text: buffered.slice(0, head + 4 + length), connection });
      buffered = buffered.slice(head + 4 + length);
      answer(raw.requests.length, socket);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => server.close() });
  raw.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/interactions`;
  return raw;
}

const post = (url: string, body = '{"type":1}', timeoutMs = 5_000) =>
  postToEndpoint(url, Buffer.from(body), { 'content-type': 'application/json', 'x-test': 'yes' }, timeoutMs);

describe("the stand-in's endpoint client", () => {
  it('sends one well-formed request and keeps the connection for the next', async () => {
    const raw = await rawServer((_, socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{"type":1}');
    });
    const a = await post(raw.url, '{"type":1,"x":"é"}');
    const b = await post(raw.url);
    expect(a).toEqual({ status: 200, contentType: 'application/json', body: Buffer.from('{"type":1}') });
    expect(b.status).toBe(200);
    expect(raw.requests.map((r) => r.connection)).toEqual([1, 1]);
    const lines = raw.requests[0]!.text.split('\r\n');
    expect(lines[0]).toBe('POST /interactions HTTP/1.1');
    expect(lines).toContain(`host: ${new URL(raw.url).host}`);
    expect(lines).toContain('x-test: yes');
    expect(lines).toContain(`content-length: ${Buffer.byteLength('{"type":1,"x":"é"}')}`);
    expect(raw.requests[0]!.text.endsWith(Buffer.from('{"type":1,"x":"é"}').toString('latin1'))).toBe(true);
  });

  it('reads a response split anywhere, chunked, or ended by the close; and 100 Continue before it', async () => {
    const raw = await rawServer((n, socket) => {
      if (n === 1) {
        const text = 'HTTP/1.1 201 Created\r\ncontent-length: 11\r\ncontent-type: text/plain\r\n\r\nhello world';
        for (let i = 0; i < text.length; i += 7) setTimeout(() => socket.write(text.slice(i, i + 7)), i);
      } else if (n === 2) {
        socket.write(
          'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n',
        );
        setTimeout(() => socket.write('6;x=y\r\n world\r\n0\r\n\r\n'), 20);
      } else {
        socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{"type":');
        setTimeout(() => socket.end('4}'), 20);
      }
    });
    expect(await post(raw.url)).toEqual({ status: 201, contentType: 'text/plain', body: Buffer.from('hello world') });
    expect((await post(raw.url)).body.toString()).toBe('hello world');
    expect((await post(raw.url)).body.toString()).toBe('{"type":4}');
    // Chunked responses keep the connection; the close-delimited one could not.
    expect(raw.requests.map((r) => r.connection)).toEqual([1, 1, 1]);
    expect((await post(raw.url)).body.toString()).toBe('{"type":4}');
    expect(raw.requests.at(-1)!.connection).toBe(2);
  });

  it('opens a new connection after "connection: close", and after the server closes an idle one', async () => {
    const raw = await rawServer((n, socket) => {
      socket.write(`HTTP/1.1 200 OK\r\ncontent-length: 2\r\n${n === 1 ? 'connection: close\r\n' : ''}\r\n{}`);
      if (n === 1) socket.end();
      if (n === 2) setTimeout(() => socket.destroy(), 10);
    });
    expect((await post(raw.url)).status).toBe(200);
    expect((await post(raw.url)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect((await post(raw.url)).status).toBe(200);
    expect(raw.requests.map((r) => r.connection)).toEqual([1, 2, 3]);
  });

  it('fails, without throwing, on a cut-off response, a malformed one, a refused connection and silence', async () => {
    const raw = await rawServer((n, socket) => {
      if (n === 1) socket.end('HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\n{"ty');
      else if (n === 2) socket.write('SMTP ready\r\n\r\n');
      // The third is never answered.
    });
    expect(await post(raw.url)).toMatchObject({ status: 0, failure: expect.stringMatching(/closed/) });
    expect(await post(raw.url)).toMatchObject({ status: 0, failure: 'a malformed response head' });
    expect(await post(raw.url, '{}', 200)).toMatchObject({ status: 0, failure: 'no answer within 200 ms' });
    const closed = await rawServer(() => undefined);
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await post(closed.url)).toMatchObject({ status: 0, failure: expect.stringMatching(/ECONNREFUSED/) });
  });

  it("reads node:http's own responses, a 413 that closes included", async () => {
    const server = createHttpServer((req, res) => {
      if (Number(req.headers['content-length']) > 1_000) {
        res.writeHead(413, { connection: 'close', 'content-type': 'application/json' }).end('{"error":"too big"}');
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        // No Content-Length: node:http sends it chunked.
        res.write(Buffer.concat(chunks));
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ close: () => server.close() });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/interactions`;
    expect((await post(url, '{"echo":"回声"}')).body.toString()).toBe('{"echo":"回声"}');
    expect(await post(url, 'x'.repeat(5_000))).toMatchObject({ status: 413, body: Buffer.from('{"error":"too big"}') });
    expect((await post(url, '{"again":true}')).body.toString()).toBe('{"again":true}');
  });
});
