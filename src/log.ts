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

export function createLogger(o: LogOptions = {}): Logger {
  // The line is JSON: a secret with quotes, backslashes or control characters is written escaped, so both the
  // raw and the escaped form are removed. Longest first, so a secret that contains another is removed whole.
  const secrets = [
    ...new Set(
      (o.secrets ?? [])
        .filter((s): s is string => typeof s === 'string' && s.length >= 8)
        .flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]),
    ),
  ].sort((a, b) => b.length - a.length);
  // Looked for before anything is replaced: nearly every line has none of them, and is then returned as it is.
  const scrub = (line: string) => {
    for (const s of secrets) if (line.includes(s)) line = line.split(s).join(REDACTED);
    return line.includes('interactions/') || line.includes('webhooks/')
      ? line.replace(INTERACTION_TOKEN_IN_PATH, `$1${REDACTED}`)
      : line;
  };
  return pino(
    {
      level: o.level ?? 'info',
      base: { app: 'deal-qa-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'DISCORD_TOKEN'],
        censor: REDACTED,
      },
      serializers: { err: errorWithoutRequest },
      hooks: { streamWrite: scrub },
    },
    o.destination ?? stdout(),
  );
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
