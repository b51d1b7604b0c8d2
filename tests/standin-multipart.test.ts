/**
 * The stand-in's multipart/form-data reader (tests/standin/http.ts) against the platform's: bodies written by
 * undici's FormData (what @discordjs/rest sends) and by the endpoint's webhook client read the same by both, and
 * malformed ones are refused.
 */
import { describe, expect, it } from 'vitest';
import { encode } from '../src/http/webhook.ts';
import { parseMultipart } from './standin/http.ts';

/** What the platform's form parser reads: [name, text or { filename, type, bytes }] in order. */
async function platform(body: Buffer, contentType: string) {
  const request = new Request('http://x.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body });
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the reference the stand-in's reader is checked against
  const form = await request.formData();
  const out: Array<[string, unknown]> = [];
  for (const [name, value] of form.entries())
    out.push([
      name,
      typeof value === 'string'
        ? value
        : { filename: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) },
    ]);
  return out;
}

function ours(body: Buffer, contentType: string) {
  const parts = parseMultipart(body, contentType);
  return parts?.map((p): [string, unknown] => [
    p.name,
    p.filename === undefined
      ? p.data.toString('utf8')
      : { filename: p.filename, type: p.contentType, bytes: Buffer.from(p.data) },
  ]);
}

async function serialized(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const response = new Response(form);
  return {
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') ?? '',
  };
}

describe('the stand-in’s multipart reader', () => {
  it('reads what undici’s FormData writes as the platform does: fields, files, odd names and bytes', async () => {
    const form = new FormData();
    form.append('payload_json', JSON.stringify({ content: 'biểu đồ “cổ phần”\r\n--x', attachments: [{ id: 0 }] }));
    form.append(
      'files[0]',
      new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 45, 45, 0, 255])], { type: 'image/png' }),
      'chart.png',
    );
    form.append('files[1]', new Blob(['a\r\n--b'], { type: 'text/plain' }), 'tên "lạ"\r\n.txt');
    form.append('files[2]', new Blob([]), 'empty.bin');
    form.append('note', '');
    const { body, contentType } = await serialized(form);
    const expected = await platform(body, contentType);
    expect(expected.map(([name]) => name)).toEqual(['payload_json', 'files[0]', 'files[1]', 'files[2]', 'note']);
    expect(ours(body, contentType)).toEqual(expected);
  });

  it('reads what the endpoint’s webhook client writes as the platform does', async () => {
    const { bytes, contentType } = encode({ content: 'x', attachments: [{ id: 0, filename: 'chart.png' }] }, [
      { name: 'chart.png', contentType: 'image/png', data: new Uint8Array([1, 2, 3, 13, 10]) },
    ]);
    expect(ours(bytes, contentType)).toEqual(await platform(bytes, contentType));
  });

  it('refuses a body without a boundary, without a closing delimiter, or with a part that has no name', () => {
    const body = Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--b--\r\n');
    expect(ours(body, 'multipart/form-data; boundary=b')).toEqual([['a', 'x']]);
    expect(ours(body, 'multipart/form-data; boundary="b"')).toEqual([['a', 'x']]);
    expect(ours(body, 'multipart/form-data')).toBeUndefined();
    expect(ours(body.subarray(0, body.length - 8), 'multipart/form-data; boundary=b')).toBeUndefined();
    expect(ours(Buffer.from('garbage'), 'multipart/form-data; boundary=b')).toBeUndefined();
    const nameless = Buffer.from('--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n');
    expect(ours(nameless, 'multipart/form-data; boundary=b')).toBeUndefined();
  });
});
