import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import type { AutocompleteRequest, CommandRequest } from '../command/contract.ts';
import type { Logger } from '../log.ts';
import { errorReply } from '../reply/render.ts';
import { uiLangFor } from '../text/locale.ts';
import type { CommandReply } from '../reply/types.ts';
import { buttonRequest, type Caller, type Dispatcher, newRef, runAutocomplete, runCommand } from './dispatch.ts';
import { answer, Exchange, type InFlight, type ReplyChannel } from './respond.ts';

/**
 * One Discord interaction, from whichever transport (gateway or HTTP), answered and logged the same way: the
 * transport reads it into a `Route` and says how to send (`InteractionIO`); routing, answering, failures and
 * the log line are done here.
 */

/** What an interaction asks for. */
export type Route =
  | { kind: 'autocomplete'; request: AutocompleteRequest }
  | { kind: 'command'; request: CommandRequest }
  | { kind: 'button'; customId: string; caller: Caller };

export interface Incoming {
  /** For the log: the interaction, who asked, where, in which client language. */
  id: string;
  user: string | undefined;
  guild: string | undefined;
  locale: string | undefined;
  /** For the log, known before reading: the command's name, or the button's custom id. */
  about: { command?: string; customId?: string };
  /** What it asks for; throws on an interaction that cannot be read, undefined for a kind this bot ignores. */
  route(): Route | undefined;
}

type Choice = APIApplicationCommandOptionChoice<string>;

/** What answers the requests interactions make. */
export interface Answerer {
  /** The commands: for routing buttons, and the rules of answering (slow, private). */
  commands: Dispatcher['commands'];
  run(request: CommandRequest): Promise<CommandReply>;
  suggest(request: AutocompleteRequest): Promise<Choice[]>;
}

/** Answers from a dispatcher that is ready. */
export function answererOf(d: Dispatcher): Answerer {
  return {
    commands: d.commands,
    run: (request) => runCommand(d, request),
    suggest: (request) => Promise.resolve(runAutocomplete(d, request)),
  };
}

/** How a transport sends the answer to one interaction. */
export interface InteractionIO {
  /** Messages (commands, buttons); absent where a message cannot answer (autocomplete). */
  channel: ReplyChannel | undefined;
  /** Autocomplete suggestions. */
  choices(choices: Choice[]): Promise<void>;
}

/**
 * Answer one interaction and write its log line. Never throws: a failure is logged with a reference, and the
 * user of a repliable interaction is told privately, with the same reference.
 */
export async function handleInteraction(
  d: Answerer,
  incoming: Incoming,
  io: InteractionIO,
  o: { logger: Logger; inFlight?: InFlight },
): Promise<void> {
  const started = performance.now();
  const log = {
    interaction: incoming.id,
    user: incoming.user,
    guild: incoming.guild,
    locale: incoming.locale,
    ...incoming.about,
  };
  const exchange = io.channel && new Exchange(io.channel, incoming.locale, o.inFlight);
  try {
    const route = incoming.route();
    if (!route) {
      o.logger.debug(log, 'interaction ignored');
      return;
    }
    if (route.kind === 'autocomplete') {
      const choices = await d.suggest(route.request);
      await io.choices(choices);
      o.logger.debug({ ...log, kind: 'autocomplete', choices: choices.length, ms: ms(started) }, 'interaction');
      return;
    }
    if (!exchange) throw new Error(`a ${route.kind} interaction that cannot be answered with a message`);
    if (route.kind === 'command') {
      const { request } = route;
      const outcome = await answer(d.commands, request, exchange, () => d.run(request));
      o.logger.info(
        { ...log, kind: 'command', subcommand: request.subcommand, ...outcome, ms: ms(started) },
        'interaction',
      );
      return;
    }
    // The id says which command runs again and how visibly, so a slow one defers the same way.
    const request = buttonRequest(d, route.customId, route.caller);
    const outcome = request
      ? await answer(d.commands, request, exchange, () => d.run(request))
      : await answer(d.commands, { command: '', options: {}, ...route.caller }, exchange, () =>
          Promise.resolve(errorReply(uiLangFor(incoming.locale), 'buttonInvalid')),
        );
    o.logger.info({ ...log, kind: 'button', ...outcome, ms: ms(started) }, 'interaction');
  } catch (err) {
    const ref = newRef();
    o.logger.error({ ...log, err, ref, ms: ms(started) }, 'interaction failed');
    await exchange
      ?.fail(errorReply(uiLangFor(incoming.locale), 'error', { id: ref }).payload)
      .catch((e: unknown) =>
        o.logger.warn({ err: e, ref, interaction: incoming.id }, 'could not deliver the error message'),
      );
  }
}

function ms(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
