/**
 * HTTP plumbing for the stand-in: parsed requests, replies, JSON/multipart body parsing (as sent by
 * @discordjs/rest: `payload_json` + `files[n]`), and the store behind attachment URLs.
 */
import type { APIAttachment } from 'discord-api-types/v10';
import { attachmentObject } from './payloads.ts';
import type { World } from './payloads.ts';
import { ErrorCodes, snowflake } from './util.ts';

export interface UploadedFile {
  /** Form field name, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface ParsedRequest {
  method: string;
  /** Path after `/api/v10`, e.g. `/interactions/123/abc/callback`. */
  route: string;
  segments: string[];
  query: URLSearchParams;
  headers: Record<string, string>;
  /** Parsed JSON body (or multipart `payload_json`); undefined when there was no body. */
  json: unknown;
  files: UploadedFile[];
}

export interface Reply {
  status: number;
  json?: unknown;
  bytes?: Buffer;
  contentType?: string;
  headers?: Record<string, string>;
}

export function jsonReply(status: number, json: unknown): Reply {
  return { status, json };
}

export const NO_CONTENT: Reply = { status: 204 };

/** Result of parsing a request body. */
export type BodyParse = { ok: true; json: unknown; files: UploadedFile[] } | { ok: false; reply: Reply };

/** Parses `application/json` or `multipart/form-data` bodies. */
export function parseBody(raw: Buffer, contentType: string | undefined): BodyParse {
  if (raw.length === 0) return { ok: true, json: undefined, files: [] };
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith('multipart/form-data')) {
    const form = parseMultipart(raw, contentType ?? '');
    if (!form)
      return {
        ok: false,
        reply: jsonReply(400, {
          code: ErrorCodes.InvalidFormBody,
          message: 'Invalid Form Body',
          errors: { _errors: [{ code: 'MULTIPART_INVALID', message: 'Malformed multipart body.' }] },
        }),
      };
    const files: UploadedFile[] = [];
    let json: unknown;
    const fields: Record<string, unknown> = {};
    for (const part of form) {
      if (part.filename === undefined) {
        const value = part.data.toString('utf8');
        if (part.name === 'payload_json') {
          try {
            json = JSON.parse(value);
          } catch {
            return {
              ok: false,
              reply: jsonReply(400, {
                code: ErrorCodes.InvalidJson,
                message: 'The request body contains invalid JSON.',
              }),
            };
          }
        } else fields[part.name] = value;
      } else {
        files.push({
          field: part.name,
          filename: part.filename,
          contentType: part.contentType || 'application/octet-stream',
          data: part.data,
        });
      }
    }
    return { ok: true, json: json ?? (Object.keys(fields).length > 0 ? fields : undefined), files };
  }
  if (ct.startsWith('application/json') || ct === '') {
    try {
      return { ok: true, json: JSON.parse(raw.toString('utf8')), files: [] };
    } catch {
      return {
        ok: false,
        reply: jsonReply(400, { code: ErrorCodes.InvalidJson, message: 'The request body contains invalid JSON.' }),
      };
    }
  }
  return {
    ok: false,
    reply: jsonReply(400, {
      code: ErrorCodes.InvalidFormBody,
      message: 'Invalid Form Body',
      errors: {
        _errors: [
          {
            code: 'CONTENT_TYPE_INVALID',
            message: `Expected "Content-Type" header to be one of {'application/json', 'multipart/form-data'}.`,
          },
        ],
      },
    }),
  };
}

interface FormPart {
  name: string;
  /** Set on a file part (possibly empty), undefined on a plain field. */
  filename: string | undefined;
  contentType: string;
  data: Buffer;
}

/**
 * The parts of a `multipart/form-data` body (RFC 7578), or undefined when it is malformed: no boundary, a part
 * without a name, or no closing delimiter. Written here rather than `Request.formData()`, which costs a bench:http
 * run several times as much CPU per edit with a file; the form tests check both read the same bodies alike.
 */
export function parseMultipart(raw: Buffer, contentType: string): FormPart[] | undefined {
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) return undefined;
  const delimiter = Buffer.from(`--${b}`, 'latin1');
  // What ends a part: the line break before the next delimiter.
  const partEnd = Buffer.from(`\r\n--${b}`, 'latin1');
  let at = raw.indexOf(delimiter);
  if (at < 0) return undefined;
  const parts: FormPart[] = [];
  for (;;) {
    at += delimiter.length;
    // "--" after a delimiter closes the body.
    if (raw[at] === 0x2d && raw[at + 1] === 0x2d) return parts;
    if (raw[at] !== 0x0d || raw[at + 1] !== 0x0a) return undefined;
    const headersEnd = raw.indexOf('\r\n\r\n', at + 2, 'latin1');
    if (headersEnd < 0) return undefined;
    const next = raw.indexOf(partEnd, headersEnd + 4);
    if (next < 0) return undefined;
    const headers = new Map<string, string>();
    for (const line of raw.toString('utf8', at + 2, headersEnd).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    if (!/^form-data\s*(;|$)/i.test(disposition)) return undefined;
    const name = parameter(disposition, 'name');
    if (name === undefined) return undefined;
    parts.push({
      name,
      filename: parameter(disposition, 'filename'),
      contentType: headers.get('content-type') ?? '',
      data: raw.subarray(headersEnd + 4, next),
    });
    at = next + 2;
  }
}

/** A parameter of a Content-Disposition header, quoted (with the %22 / %0D / %0A escapes of browsers) or not. */
function parameter(header: string, key: string): string | undefined {
  const m = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(header);
  if (!m) return undefined;
  if (m[2] !== undefined) return m[2];
  return m[1]!.replace(/\\(.)/g, '$1').replace(/%22/g, '"').replace(/%0D/gi, '\r').replace(/%0A/gi, '\n');
}

interface StoredFile {
  data: Buffer;
  contentType: string;
}

/** Bytes behind attachment URLs on the stand-in (`/attachments/...`, `/ephemeral-attachments/...`). */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  constructor(private readonly world: World) {}

  add(
    kind: 'attachments' | 'ephemeral-attachments',
    filename: string,
    data: Buffer,
    contentType: string,
    extra: Partial<APIAttachment> = {},
  ): APIAttachment {
    const id = snowflake();
    const attachment = attachmentObject(this.world, kind, id, filename, data.length, contentType, extra);
    this.files.set(new URL(attachment.url).pathname, { data, contentType });
    return attachment;
  }

  get(pathname: string): StoredFile | undefined {
    return this.files.get(pathname);
  }
}
