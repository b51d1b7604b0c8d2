/**
 * Small helpers shared by the Discord stand-in: snowflakes, tokens, code-point lengths and
 * Discord-shaped "Invalid Form Body" error trees.
 */
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A fresh, time-ordered Discord snowflake (so discord.js's createdTimestamp is sensible). */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** Random bytes drawn 16 KiB at a time: bench:http makes a token for each of thousands of interactions. */
const POOL_BYTES = 16 * 1024;
let pool = Buffer.alloc(0);
let used = 0;

/** A random URL-safe token of the given byte length (base64url). */
export function randomToken(bytes = 48): string {
  if (bytes > POOL_BYTES) return randomBytes(bytes).toString('base64url');
  if (used + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    used = 0;
  }
  used += bytes;
  return pool.toString('base64url', used - bytes, used);
}

/** Length in Unicode code points, which is how Discord counts message and embed limits. */
export function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A JSON value as `String` writes it (an object as `[object Object]`): for keys, and for messages that echo what
 * was sent. It takes `unknown` because that is what the value is, whatever a null check has narrowed it to.
 */
export function stringOf(v: unknown): string {
  return String(v);
}

export function isSnowflake(v: unknown): v is string {
  return typeof v === 'string' && /^\d{1,20}$/.test(v);
}

/** One leaf of Discord's error tree: `{ code: "BASE_TYPE_MAX_LENGTH", message: "..." }`. */
export interface FormErrorLeaf {
  code: string;
  message: string;
}

/**
 * Collects validation errors into Discord's nested `errors` shape:
 * `{ embeds: { "0": { title: { _errors: [{ code, message }] } } } }`.
 */
export class FormErrors {
  readonly tree: Record<string, unknown> = {};
  /** Flat, readable form of every error: `"embeds.0.title: BASE_TYPE_MAX_LENGTH Must be 256 or fewer in length."`. */
  readonly flat: string[] = [];

  add(path: ReadonlyArray<string | number>, code: string, message: string): void {
    let node: Record<string, unknown> = this.tree;
    for (const key of path) {
      const k = String(key);
      const existing = node[k];
      const next: Record<string, unknown> = isRecord(existing) ? existing : {};
      node[k] = next;
      node = next;
    }
    const list = Array.isArray(node._errors) ? (node._errors as FormErrorLeaf[]) : [];
    list.push({ code, message });
    node._errors = list;
    this.flat.push(`${path.length ? path.join('.') : '(body)'}: ${code} ${message}`);
  }

  /** A method, not a getter: a check after more validation must not be taken for the one before it. */
  isEmpty(): boolean {
    return this.flat.length === 0;
  }
}

/** Discord's standard error body. */
export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: Record<string, unknown>;
}

/** Error codes and messages used by the stand-in (taken from Discord's JSON error code table). */
export const ErrorCodes = {
  General: 0,
  UnknownChannel: 10003,
  UnknownMessage: 10008,
  UnknownWebhook: 10015,
  UnknownApplication: 10002,
  UnknownInteraction: 10062,
  MaxApplicationCommands: 30032,
  MaxDailyApplicationCommandCreates: 30034,
  RequestEntityTooLarge: 40005,
  InteractionAlreadyAcknowledged: 40060,
  MissingAccess: 50001,
  CannotSendEmptyMessage: 50006,
  InvalidFormBody: 50035,
  InvalidApiVersion: 50041,
  InvalidJson: 50109,
} as const;

/** Builds the body of a 400 Invalid Form Body answer. */
export function invalidFormBody(errors: FormErrors): DiscordErrorBody {
  return { code: ErrorCodes.InvalidFormBody, message: 'Invalid Form Body', errors: errors.tree };
}

/** A small deferred promise helper with a bounded wait. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stand-in: timed out after ${ms} ms waiting for ${what()}`)), ms);
    timer.unref();
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
