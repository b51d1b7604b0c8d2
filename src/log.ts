import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs (one JSON object per line) for the Discord runtime. Secrets are removed twice: fields with
 * secret names are redacted, and the final line is scrubbed of the secret values themselves, so a token that
 * reaches a log through an error message or a URL still never gets written.
 *
 * Interaction tokens are secrets too (for 15 minutes they let anyone edit and post the bot's replies), and a
 * discord.js error carries one in its `url`. Every interaction or webhook URL path is scrubbed of its token,
 * and an error's `requestBody` (the reply, with the user's question in it) is left out.
 */

export type { Logger } from 'pino';

export interface LogOptions {
  level?: string;
  /** Values that must never be written (the bot token); interaction tokens in URLs are removed anyway. */
  secrets?: Array<string | undefined>;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

const REDACTED = '[redacted]';

/** `/interactions/<id>/<token>` and `/webhooks/<application>/<token>`: the token is the segment after the id. */
const INTERACTION_TOKEN_IN_PATH = /((?:interactions|webhooks)\/\d+\/)[^/"\s?\\]+/g;

/** pino's error serializer, without what a discord.js error carries about the request: its body. */
function errorWithoutRequest(err: unknown): unknown {
  // Not always an object: the serializer returns what is not an error as it is.
  const out: unknown = pino.stdSerializers.err(err as Error);
  if (out && typeof out === 'object') delete (out as Record<string, unknown>).requestBody;
  return out;
}

/** Fields redacted wherever they are, at the top of a line or one object down. */
const SECRET_FIELDS = new Set(['token', 'authorization']);
/** Fields redacted at the top of a line only. */
const SECRET_TOP_FIELDS = new Set([...SECRET_FIELDS, 'DISCORD_TOKEN']);

const hasSecretField = (v: object) => [...SECRET_FIELDS].some((name) => Object.hasOwn(v, name));

/**
 * `fields` with every secret-named field's value replaced, or `fields` itself when it has none (nearly every line):
 * a copy otherwise, so that the caller's objects are never changed. An error stays an error (same prototype and
 * properties), so that its serializer still takes it for one.
 */
function withoutSecretFields(fields: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in fields) {
    if (!Object.hasOwn(fields, key)) continue;
    const value = fields[key];
    let redacted: unknown;
    if (SECRET_TOP_FIELDS.has(key)) redacted = REDACTED;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value) && hasSecretField(value)) {
      const copy = Object.create(
        Object.getPrototypeOf(value) as object | null,
        Object.getOwnPropertyDescriptors(value),
      ) as Record<string, unknown>;
      for (const name of SECRET_FIELDS) if (Object.hasOwn(copy, name)) copy[name] = REDACTED;
      redacted = copy;
    } else continue;
    out ??= { ...fields };
    out[key] = redacted;
  }
  return out ?? fields;
}

export function createLogger(o: LogOptions = {}): Logger {
  // The line is JSON: a secret with quotes, backslashes or control characters is written escaped, so the raw and
  // the escaped forms are removed (pino escapes a plain string field or message itself, only its quotes and
  // backslashes, leaving a lone surrogate as it is; JSON.stringify escapes that too). Longest first, so a secret
  // that contains another is removed whole.
  const secrets = [
    ...new Set(
      (o.secrets ?? [])
        .filter((s): s is string => typeof s === 'string' && s.length >= 8)
        .flatMap((s) => [s, JSON.stringify(s).slice(1, -1), s.replace(/["\\]/g, '\\$&')]),
    ),
  ].sort((a, b) => b.length - a.length);
  // Looked for before anything is replaced: nearly every line has none of them, and is then returned as it is.
  const scrub = (line: string) => {
    for (const s of secrets) if (line.includes(s)) line = line.split(s).join(REDACTED);
    return line.includes('interactions/') || line.includes('webhooks/')
      ? line.replace(INTERACTION_TOKEN_IN_PATH, `$1${REDACTED}`)
      : line;
  };
  const logger = pino(
    {
      level: o.level ?? 'info',
      base: { app: 'deal-qa-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Fields with secret names, as pino's `redact` would remove them (`token`, `*.token`, `authorization`,
      // `*.authorization`, `DISCORD_TOKEN`), looked for by hand: pino runs its redaction on every field of every
      // line, which was most of the cost of the endpoint's line per interaction.
      formatters: { log: withoutSecretFields, bindings: withoutSecretFields },
      serializers: { err: errorWithoutRequest },
      hooks: { streamWrite: scrub },
    },
    o.destination ?? stdout(),
  );
  // pino gives a child's bindings to no formatter: they are looked at here (every child, and each of theirs,
  // inherits this).
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with each logger as `this`
  const child = logger.child;
  logger.child = function (this: Logger, bindings, options) {
    return child.call(this, withoutSecretFields(bindings), options);
  } as Logger['child'];
  return logger;
}

let stdoutLines: DestinationStream | undefined;

/**
 * Standard output, written once per turn of the event loop with every line logged in it (by any logger of the
 * process), and at exit: a busy endpoint logs several interactions per turn, and one write each woke whatever reads
 * the log as often. A line waits at most until the turn ends; what a process killed outright (SIGKILL) logged in
 * its last turn is lost.
 */
function stdout(): DestinationStream {
  stdoutLines ??= linesPerTurn(pino.destination({ dest: 1, sync: true }));
  return stdoutLines;
}

/** `out`, written once per turn of the event loop with the lines of that turn, and when the process exits. */
export function linesPerTurn(out: { write(text: string): unknown }): DestinationStream {
  const lines = perTurn<string>((turn) => out.write(turn.length === 1 ? turn[0]! : turn.join('')));
  process.on('exit', lines.flush);
  return { write: lines.push };
}

/**
 * Items pushed during one turn of the event loop, handed to `send` together when the turn ends (or at `flush`): one
 * write or message for many, where each would be a system call and wake whoever reads them (log lines, a replica's
 * messages to the primary). In order; `send` is never called with none.
 */
export function perTurn<T>(send: (items: T[]) => void): { push: (item: T) => void; flush: () => void } {
  let queued: T[] = [];
  const flush = () => {
    if (queued.length === 0) return;
    const items = queued;
    queued = [];
    send(items);
  };
  return {
    push: (item) => {
      if (queued.push(item) === 1) setImmediate(flush);
    },
    flush,
  };
}
