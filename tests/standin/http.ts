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
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<BodyParse> {
  if (raw.length === 0) return { ok: true, json: undefined, files: [] };
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      const request = new Request('http://standin.invalid/', {
        method: 'POST',
        headers: { 'content-type': contentType ?? '' },
        body: raw,
      });
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- a test server's bodies are small; no parser to add
      form = await request.formData();
    } catch {
      return {
        ok: false,
        reply: jsonReply(400, {
          code: ErrorCodes.InvalidFormBody,
          message: 'Invalid Form Body',
          errors: { _errors: [{ code: 'MULTIPART_INVALID', message: 'Malformed multipart body.' }] },
        }),
      };
    }
    const files: UploadedFile[] = [];
    let json: unknown;
    const fields: Record<string, unknown> = {};
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') {
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
        } else fields[field] = value;
      } else {
        files.push({
          field,
          filename: value.name,
          contentType: value.type || 'application/octet-stream',
          data: Buffer.from(await value.arrayBuffer()),
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
