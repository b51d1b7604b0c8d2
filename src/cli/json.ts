import type { CommandReply } from '../reply/types.ts';

/**
 * The scripting contract, version 2: what `--json` and `--batch` print for a reply (the schema is in the README
 * and checked in tests/cli-contract.test.ts).
 */

export const CONTRACT_VERSION = 2;

export interface JsonAttachment {
  filename: string;
  content_type: string;
  description?: string;
  size: number;
  /** The file's bytes, base64. */
  data: string;
}

export function replyJson(reply: CommandReply, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const attachments: JsonAttachment[] = (reply.files ?? []).map((f) => ({
    filename: f.name,
    content_type: f.contentType,
    ...(f.description ? { description: f.description } : {}),
    size: f.data.byteLength,
    data: Buffer.from(f.data).toString('base64'),
  }));
  return {
    version: CONTRACT_VERSION,
    ...extra,
    reply: reply.payload,
    citations: reply.citations,
    outcome: reply.outcome ?? (reply.error ? 'refused' : 'answered'),
    attachments,
  };
}

/** A line of `--batch` that could not be run: why, in one line. */
export function errorJson(
  kind: 'json' | 'request' | 'usage' | 'options' | 'locale',
  message: string,
  extra: Record<string, unknown> = {},
) {
  return { version: CONTRACT_VERSION, ...extra, outcome: 'refused', error: { kind, message } };
}
