import { createInterface } from 'node:readline';
import { type Dispatcher, runAutocomplete, runCommand } from '../app/dispatch.ts';
import { choicesOf, OptionError, optionNames, subcommandsOf } from '../command/options.ts';
import { payloadToText } from './plain.ts';
import { requestFromArgs, splitLine, UsageError } from './parse.ts';

/**
 * The local console: type a slash-command line (`/who name:MegaFon lang:vi`) and see the reply as the
 * bot would send it. Tab completes commands, options and autocomplete values. Fed from a pipe, it
 * answers each line and exits at the end of input.
 */

export interface ConsoleOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream & { isTTY?: boolean };
  locale?: string;
  color: boolean;
}

export function completer(d: Dispatcher, line: string): [string[], string] {
  const commands = d.commands;
  if (!/\s/.test(line)) {
    const names = [...commands.keys()].map((n) => `/${n} `);
    return [names.filter((n) => n.startsWith(line.startsWith('/') ? line : `/${line}`)), line];
  }
  const parts = splitLine(commands, line);
  const command = commands.get(parts[0] ?? '');
  if (!command) return [[], line];
  const subcommand = subcommandsOf(command).includes(parts[1] ?? '') ? parts[1] : undefined;
  const last = line.slice(line.lastIndexOf(' ') + 1);
  const colon = last.indexOf(':');
  if (colon < 0) {
    const names =
      subcommandsOf(command).length && !subcommand
        ? subcommandsOf(command)
        : optionNames(command, subcommand).map((n) => `${n}:`);
    return [names.filter((n) => n.startsWith(last)), last];
  }
  // Complete a value: choices from the definition, else the command's autocomplete.
  const name = last.slice(0, colon);
  const typed = last.slice(colon + 1);
  let values = choicesOf(command, subcommand, name).map(String);
  if (!values.length && command.autocomplete)
    values = runAutocomplete(d, {
      command: command.data.name,
      ...(subcommand ? { subcommand } : {}),
      options: {},
      canModerate: true,
      focused: { name, value: typed },
    }).map((c) => c.value);
  const matches = values.filter((v) => v.toLowerCase().startsWith(typed.toLowerCase())).map((v) => `${name}:${v}`);
  return [matches.length ? matches : values.map((v) => `${name}:${v}`), last];
}

/** Answer one console line; returns the text to print. */
export async function answerLine(
  d: Dispatcher,
  line: string,
  locale: string | undefined,
  color: boolean,
): Promise<string> {
  try {
    const reply = await runCommand(
      d,
      requestFromArgs(d.commands, splitLine(d.commands, line), { locale, user: 'console' }),
    );
    return payloadToText(reply.payload, color);
  } catch (err) {
    if (err instanceof UsageError || err instanceof OptionError) return `! ${err.message}`;
    throw err;
  }
}

export async function runConsole(d: Dispatcher, o: ConsoleOptions): Promise<void> {
  const interactive = Boolean(o.input.isTTY);
  const rl = createInterface({
    input: o.input,
    output: o.output,
    terminal: interactive,
    ...(interactive ? { completer: (line: string) => completer(d, line) } : {}),
  });
  if (interactive) {
    rl.setPrompt('› ');
    rl.prompt();
  }
  for await (const line of rl) {
    if (line.trim()) o.output.write(`${await answerLine(d, line, o.locale, o.color)}\n`);
    if (interactive) rl.prompt();
  }
}
