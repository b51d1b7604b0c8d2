import type { Command, CommandRequest } from '../command/contract.ts';
import { optionNames, subcommandsOf, validateOptions } from '../command/options.ts';
import { localFiles } from './files.ts';

/**
 * Command lines, from the shell (one option per argument) or typed in the console (one line).
 * An option is `name:value`; the value is everything after the first colon.
 */

export class UsageError extends Error {}

export interface Parsed {
  command: Command;
  subcommand?: string;
  raw: Record<string, string>;
}

export function parseArgs(commands: Map<string, Command>, args: string[]): Parsed {
  const [first, ...rest] = args;
  if (!first)
    throw new UsageError(
      `usage: cli <command> [<subcommand>] [<option>:<value> ...] [--locale <locale>] [--json]; commands: ${[...commands.keys()].join(', ')}`,
    );
  const name = first.replace(/^\//, '');
  const command = commands.get(name);
  if (!command) throw new UsageError(`unknown command "${name}" (commands: ${[...commands.keys()].join(', ')})`);
  let subcommand: string | undefined;
  if (subcommandsOf(command).length && rest[0] && !rest[0].includes(':')) subcommand = rest.shift();
  const raw: Record<string, string> = {};
  for (const arg of rest) {
    const colon = arg.indexOf(':');
    if (colon <= 0) throw new UsageError(`"${arg}" is not an option: write <option>:<value>`);
    const key = arg.slice(0, colon);
    if (key in raw) throw new UsageError(`option "${key}" given twice`);
    raw[key] = arg.slice(colon + 1);
  }
  return { command, ...(subcommand ? { subcommand } : {}), raw };
}

/**
 * A console line such as `/who name:MegaFon lang:vi` or `/ask question:Ai là CEO? lang:vi`: an option
 * starts at a space followed by one of the command's option names and a colon, so values may hold
 * spaces and colons.
 */
export function splitLine(commands: Map<string, Command>, line: string): string[] {
  const trimmed = line.trim();
  const head = /^\/?(\S+)(?:\s+|$)/.exec(trimmed);
  if (!head) return [];
  const command = commands.get(head[1]!);
  let rest = trimmed.slice(head[0].length);
  const out = [head[1]!];
  if (!command) return [...out, ...rest.split(/\s+/).filter(Boolean)];
  const subs = subcommandsOf(command);
  const sub = /^(\S+)(?:\s+|$)/.exec(rest);
  if (subs.length && sub && subs.includes(sub[1]!)) {
    out.push(sub[1]!);
    rest = rest.slice(sub[0].length);
  }
  const names = optionNames(command, out[1]);
  if (!rest) return out;
  const starts = [0];
  const re = new RegExp(`\\s+(?=(?:${names.map((n) => n.replace(/[-]/g, '\\-')).join('|') || '\\0'}):)`, 'g');
  for (const m of rest.matchAll(re)) starts.push(m.index);
  starts.push(rest.length);
  for (let i = 0; i + 1 < starts.length; i++) {
    const piece = rest.slice(starts[i], starts[i + 1]).trim();
    if (piece) out.push(piece);
  }
  return out;
}

/**
 * The request a shell command line stands for (`who name:MegaFon lang:vi`, already split into words): parsed,
 * checked against the command's definition, attachment options read from local paths. Throws UsageError or
 * OptionError for a bad line.
 */
export function requestFromArgs(
  commands: Map<string, Command>,
  args: string[],
  caller: { locale?: string | undefined; user: string },
): CommandRequest {
  const parsed = parseArgs(commands, args);
  const options = validateOptions(parsed.command, parsed.subcommand, parsed.raw, caller.locale);
  return {
    command: parsed.command.data.name,
    ...(parsed.subcommand ? { subcommand: parsed.subcommand } : {}),
    options,
    files: localFiles(parsed.command, parsed.subcommand, options),
    ...(caller.locale ? { locale: caller.locale } : {}),
    canModerate: true,
    user: caller.user,
  };
}

/**
 * The request a `--batch` line stands for (`{"command":"ask","options":{"question":"…"}}`): checked like a command
 * line; option values may be typed (`true`, `3`) or text.
 */
export function requestFromObject(
  commands: Map<string, Command>,
  r: {
    command: string;
    subcommand?: string | undefined;
    options?: Record<string, string | number | boolean> | undefined;
  },
  caller: { locale?: string | undefined; user: string },
): CommandRequest {
  const name = r.command.replace(/^\//, '');
  const command = commands.get(name);
  if (!command)
    throw new UsageError(`unknown command "${name.slice(0, 40)}" (commands: ${[...commands.keys()].join(', ')})`);
  const options = validateOptions(command, r.subcommand, r.options ?? {}, caller.locale);
  return {
    command: name,
    ...(r.subcommand ? { subcommand: r.subcommand } : {}),
    options,
    files: localFiles(command, r.subcommand, options),
    ...(caller.locale ? { locale: caller.locale } : {}),
    canModerate: true,
    user: caller.user,
  };
}
