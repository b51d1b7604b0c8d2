import type { APIApplicationCommandOptionChoice } from 'discord-api-types/v10';
import type { AutocompleteRequest, CommandRequest } from '../command/contract.ts';
import type { Logger } from '../log.ts';
import { errorReply } from '../reply/render.ts';
import { uiLangFor } from '../text/locale.ts';
import { buttonRequest, type Caller, type Dispatcher, newRef, runAutocomplete } from './dispatch.ts';
import { type Answered, type Answering, type Origin, recordVote, runAnswer, voteOf } from './feedback.ts';
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
  /** The reply, with 👍/👎 when it is an answer, and what records it once it was sent (src/app/feedback.ts). */
  run(request: CommandRequest, origin: Origin): Promise<Answered>;
  suggest(request: AutocompleteRequest): Promise<Choice[]>;
  /** Record a 👍/👎 press; what came of it, for the log. Never rejects. */
  vote(customId: string, user: string | undefined, origin: Origin): Promise<string>;
}

/** Answers from a dispatcher that is ready. */
export function answererOf(d: Answering): Answerer {
  return {
    commands: d.commands,
    run: (request, origin) => runAnswer(d, request, origin),
    suggest: (request) => Promise.resolve(runAutocomplete(d, request)),
    vote: (customId, user, origin) => recordVote(d, customId, user, origin),
  };
}

/** How a transport sends the answer to one interaction. */
export interface InteractionIO {
  /** The way it came, for the feedback log. */
  via: Origin['via'];
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
  let exchange = io.channel && new Exchange(io.channel, incoming.locale, o.inFlight);
  const origin: Origin = { via: io.via, guild: incoming.guild };
  try {
    const route = incoming.route();
    if (!route) {
      o.logger.debug(log, 'interaction ignored');
      return;
    }
    if (route.kind === 'autocomplete') {
      const choices = await d.suggest(route.request);
      await io.choices(choices);
      // A fifth of a server's interactions, logged only at debug: the line is not made when it would be dropped.
      if (o.logger.isLevelEnabled('debug'))
        o.logger.debug({ ...log, kind: 'autocomplete', choices: choices.length, ms: ms(started) }, 'interaction');
      return;
    }
    if (!exchange) throw new Error(`a ${route.kind} interaction that cannot be answered with a message`);
    if (route.kind === 'command') {
      const { request } = route;
      const outcome = await answer(d.commands, request, exchange, () => d.run(request, origin));
      o.logger.info(
        { ...log, kind: 'command', subcommand: request.subcommand, ...outcome, ms: ms(started) },
        'interaction',
      );
      return;
    }
    if (voteOf(route.customId)) {
      // A vote is acknowledged at once without a new message (the answer stays as it was), and recorded after;
      // whatever the storage does, the member has nothing more to see.
      await exchange.acknowledge();
      const vote = await d.vote(route.customId, route.caller.user, origin);
      o.logger.info({ ...log, kind: 'vote', vote, ms: ms(started) }, 'interaction');
      return;
    }
    // The next page or the other language replaces the message pressed; the id says which command runs again,
    // so a slow one defers (its update) the same way.
    exchange = new Exchange(exchange.channel, incoming.locale, o.inFlight, true);
    const request = buttonRequest(d, route.customId, route.caller);
    const outcome = request
      ? await answer(d.commands, request, exchange, () => d.run(request, origin))
      : await answer(d.commands, { command: '', options: {}, ...route.caller }, exchange, () =>
          Promise.resolve({ reply: errorReply(uiLangFor(incoming.locale), 'buttonInvalid'), sent: () => undefined }),
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
