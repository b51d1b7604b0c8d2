import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs (one JSON object per line) for the Discord runtime. Secrets are removed twice: fields with
 * secret names are redacted, and the final line is scrubbed of the secret values themselves, so a token that
 * reaches a log through an error message or a URL still never gets written.
 */

export type { Logger } from 'pino';

export interface LogOptions {
  level?: string;
  /** Values that must never be written (the bot token, interaction tokens are not needed). */
  secrets?: Array<string | undefined>;
  /** Where lines go; stdout by default. */
  destination?: DestinationStream;
}

const REDACTED = '[redacted]';

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
  const scrub = (line: string) => secrets.reduce((out, s) => out.split(s).join(REDACTED), line);
  return pino(
    {
      level: o.level ?? 'info',
      base: { app: 'deal-qa-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'DISCORD_TOKEN'], censor: REDACTED },
      hooks: secrets.length ? { streamWrite: scrub } : {},
    },
    o.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
