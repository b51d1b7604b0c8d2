import { createInterface } from 'node:readline';
import { buttonRequest, type Dispatcher, runAutocomplete } from '../app/dispatch.ts';
import { type Answering, recordVote, runAnswer, voteOf } from '../app/feedback.ts';
import type { CommandReply } from '../reply/types.ts';
import { choicesOf, OptionError, optionNames, subcommandsOf } from '../command/options.ts';
import { stripControls } from '../text/controls.ts';
import { buttonsOf, payloadToText } from './plain.ts';
import { requestFromArgs, splitLine, UsageError } from './parse.ts';

/**
 * The local console: type a slash-command line (`/who name:MegaFon lang:vi`) and see the reply as the
 * bot would send it. Tab completes commands, options and autocomplete values. Fed from a pipe, it
 * answers each line and exits at the end of input. `/press <n>` presses the n-th button of the last reply ("More",
 * "Other language", 👍, 👎), as a member would on Discord.
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
    const names = [...commands.keys(), 'press'].map((n) => `/${n} `);
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

/** What the console remembers between lines: the last reply, whose buttons `/press` presses. */
export interface Session {
  last?: CommandReply;
}

const PRESS = /^\/?press(?:\s+(\S+))?\s*$/i;

/** Answer one console line; returns the text to print. */
export async function answerLine(
  d: Answering,
  line: string,
  locale: string | undefined,
  color: boolean,
  session: Session = {},
): Promise<string> {
  try {
    const press = PRESS.exec(line.trim());
    if (press) return await pressButton(d, press[1], locale, color, session);
    const request = requestFromArgs(d.commands, splitLine(d.commands, line), { locale, user: 'console' });
    const { reply, sent } = await runAnswer(d, request, { via: 'console' });
    session.last = reply;
    const text = payloadToText(reply.payload, color, { numberButtons: true });
    sent();
    return text;
  } catch (err) {
    if (err instanceof UsageError || err instanceof OptionError) return `! ${stripControls(err.message)}`;
    throw err;
  }
}

async function pressButton(
  d: Answering,
  which: string | undefined,
  locale: string | undefined,
  color: boolean,
  session: Session,
): Promise<string> {
  const buttons = session.last ? buttonsOf(session.last.payload) : [];
  if (!buttons.length) return '! the last reply has no buttons';
  const n = Number(which);
  const button = Number.isInteger(n) && n >= 1 ? buttons[n - 1] : undefined;
  if (!button)
    return `! /press <n>: n from 1 to ${buttons.length} (${buttons.map((b, i) => `${i + 1} ${b.label}`).join(', ')})`;
  if (voteOf(button.customId)) {
    const done = await recordVote(d, button.customId, 'console', { via: 'console' });
    return done === 'recorded' ? `(${button.label} recorded)` : `! ${button.label} not recorded (${done})`;
  }
  const request = buttonRequest(d, button.customId, {
    ...(locale ? { locale } : {}),
    canModerate: true,
    user: 'console',
  });
  if (!request) return '! this button is no longer valid';
  const { reply, sent } = await runAnswer(d, request, { via: 'console' });
  session.last = reply;
  const text = payloadToText(reply.payload, color, { numberButtons: true });
  sent();
  return text;
}

export async function runConsole(d: Answering, o: ConsoleOptions): Promise<void> {
  const session: Session = {};
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
    if (line.trim()) o.output.write(`${await answerLine(d, line, o.locale, o.color, session)}\n`);
    if (interactive) rl.prompt();
  }
}
