import { setTimeout as delay } from 'node:timers/promises';
import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  Client,
  Events,
  GatewayIntentBits,
  Options,
  type Interaction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  MessageFlags,
  Routes,
} from 'discord.js';
import type { APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { CommandRequest } from '../command/contract.ts';
import type { CommandReply } from '../reply/types.ts';
import type { Config } from '../config.ts';
import { buttonRequest, newRef, runAutocomplete, runCommand } from '../app/dispatch.ts';
import type { App } from '../app/runtime.ts';
import { uiLangFor } from '../text/locale.ts';

import { errorReply } from '../reply/render.ts';
import type { Logger } from '../log.ts';
import { autocompleteRequest, caller, commandRequest } from './requests.ts';

/**
 * The Discord transport: a discord.js client with the Guilds intent only, routing slash commands, autocomplete
 * and buttons to the same dispatcher the CLI uses. Every interaction is answered within Discord's 3 s: a request
 * its command calls slow is acknowledged first, and any other that is still working after DEFER_AFTER_MS is
 * acknowledged then. A failure becomes a private message in the user's language with a reference that is also
 * in the log; the process goes on.
 */

/** Acknowledge ("thinking…") a request still running after this long, well inside Discord's 3 s. */
export const DEFER_AFTER_MS = 1_500;
/** How long shutdown waits for interactions in flight (longer than an attachment download may take). */
export const DRAIN_TIMEOUT_MS = 10_000;
/** Members and users kept in discord.js's caches. */
const CACHED_USERS = 1_000;

export interface BotOptions {
  config: Pick<Config, 'token' | 'apiBase' | 'moderatorRoleIds' | 'applicationId' | 'guildId'>;
  app: App;
  logger: Logger;
  /** How long `stop()` waits for interactions in flight; default DRAIN_TIMEOUT_MS. */
  drainTimeoutMs?: number;
}

const isPrivate = (p: APIInteractionResponseCallbackData) =>
  p.flags !== undefined && (p.flags & MessageFlags.Ephemeral) !== 0;

/** discord.js takes camelCase message options; our payloads are in API field names. */
function replyOptions(p: APIInteractionResponseCallbackData): InteractionReplyOptions {
  return {
    ...(p.content !== undefined ? { content: p.content } : {}),
    ...(p.embeds ? { embeds: p.embeds } : {}),
    ...(p.components ? { components: p.components } : {}),
    allowedMentions: { parse: [], ...(p.allowed_mentions?.users ? { users: p.allowed_mentions.users } : {}) },
    ...(isPrivate(p) ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

function editOptions(p: APIInteractionResponseCallbackData): InteractionEditReplyOptions {
  const { flags: _ephemeralIsFixedAtDefer, ...rest } = replyOptions(p);
  // An edit replaces the whole message: absent parts are sent empty, not left as they were.
  return {
    content: rest.content ?? '',
    embeds: rest.embeds ?? [],
    components: rest.components ?? [],
    allowedMentions: rest.allowedMentions!,
  };
}

type Repliable = ChatInputCommandInteraction | ButtonInteraction;

export class Bot {
  readonly client: Client;
  private readonly inFlight = new Set<Promise<void>>();
  /** Acknowledged ("thinking…") and not yet answered. */
  private readonly waiting = new Set<Repliable>();
  private draining = false;

  constructor(private readonly o: BotOptions) {
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds],
      rest: { api: o.config.apiBase },
      // Nothing the bot says may ping anyone unless a reply names a user explicitly.
      allowedMentions: { parse: [] },
      // Every interaction caches its member and user, and with only the Guilds intent no event ever removes
      // them: bound both (the moderator check reads the interaction's own role ids, not this cache).
      makeCache: Options.cacheWithLimits({
        ...Options.DefaultMakeCacheSettings,
        GuildMemberManager: { maxSize: CACHED_USERS, keepOverLimit: (member) => member.id === member.client.user.id },
        UserManager: { maxSize: CACHED_USERS, keepOverLimit: (user) => user.id === user.client.user.id },
      }),
    });
    this.client.once(Events.ClientReady, (c) => {
      const corpus = o.app.store.corpus;
      if (o.config.applicationId && c.application.id !== o.config.applicationId) {
        o.logger.warn(
          { expected: o.config.applicationId, actual: c.application.id },
          'DISCORD_APPLICATION_ID does not match the token’s application; commands were deployed elsewhere?',
        );
      }
      o.logger.info(
        {
          user: c.user.tag,
          guilds: c.guilds.cache.size,
          articles: corpus.sources.length,
          passages: corpus.passages.length,
          commands: [...o.app.commands.keys()],
        },
        'ready',
      );
      void this.checkDeployed(c.application.id);
    });
    this.client.on(Events.InteractionCreate, (interaction) => this.accept(interaction));
    this.client.on(Events.ShardResume, (shard, replayed) => o.logger.info({ shard, replayed }, 'gateway resumed'));
    this.client.on(Events.ShardDisconnect, (event, shard) => {
      if (!this.draining) o.logger.warn({ shard, code: event.code }, 'gateway disconnected');
    });
    this.client.on(Events.ShardReconnecting, (shard) => {
      // destroy() closes the socket too; that is not a reconnection worth reporting.
      if (!this.draining) o.logger.info({ shard }, 'gateway reconnecting');
    });
    this.client.on(Events.Error, (err) => o.logger.error({ err }, 'client error'));
    this.client.on(Events.Warn, (message) => o.logger.warn({ message }, 'client warning'));
  }

  async start(): Promise<void> {
    await this.client.login(this.o.config.token);
  }

  /** Stop taking interactions, let those in flight finish (bounded), then leave the gateway. */
  async stop(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    const pending = this.inFlight.size;
    this.o.logger.info({ inFlight: pending }, 'shutting down');
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      delay(this.o.drainTimeoutMs ?? DRAIN_TIMEOUT_MS, undefined, { ref: false }),
    ]);
    // Whatever is still "thinking…" would stay so forever: say why instead.
    await Promise.allSettled(
      [...this.waiting].map((i) => i.editReply(editOptions(errorReply(uiLangFor(i.locale), 'shuttingDown').payload))),
    );
    await this.client.destroy();
    this.o.logger.info({ finished: pending - this.inFlight.size, abandoned: this.inFlight.size }, 'stopped');
  }

  /**
   * Compare the commands Discord has (where `npm run deploy` puts them) with this version's, and say which to
   * deploy when they differ: users would otherwise see stale options. Also readies the REST client before the
   * first interaction needs it.
   */
  private async checkDeployed(applicationId: string): Promise<void> {
    const { guildId } = this.o.config;
    try {
      const route = guildId
        ? Routes.applicationGuildCommands(applicationId, guildId)
        : Routes.applicationCommands(applicationId);
      const deployed = ((await this.client.rest.get(route)) as Array<{ name: string }>).map((c) => c.name).sort();
      const here = [...this.o.app.commands.keys()].sort();
      const missing = here.filter((n) => !deployed.includes(n));
      const extra = deployed.filter((n) => !here.includes(n));
      if (missing.length || extra.length)
        this.o.logger.warn(
          { scope: guildId ? 'guild' : 'global', missing, extra },
          'the deployed commands differ from this version: run npm run deploy',
        );
      else this.o.logger.info({ scope: guildId ? 'guild' : 'global', commands: deployed }, 'commands deployed');
    } catch (err) {
      this.o.logger.warn({ err }, 'could not list the deployed commands');
    }
  }

  /** Interactions being answered right now. */
  get busy(): number {
    return this.inFlight.size;
  }

  private accept(interaction: Interaction): void {
    const task = (this.draining ? this.refuse(interaction) : this.handle(interaction)).catch((err: unknown) =>
      this.o.logger.error({ err, interaction: interaction.id }, 'interaction handler failed'),
    );
    this.inFlight.add(task);
    void task.finally(() => this.inFlight.delete(task));
  }

  /** While shutting down: say so privately rather than leave the user with "the application did not respond". */
  private async refuse(interaction: Interaction): Promise<void> {
    const ui = uiLangFor(interaction.locale);
    if (interaction.isAutocomplete()) await interaction.respond([]);
    else if (interaction.isRepliable()) await interaction.reply(replyOptions(errorReply(ui, 'shuttingDown').payload));
  }

  private async handle(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const log = {
      interaction: interaction.id,
      user: interaction.user.id,
      guild: interaction.guildId ?? undefined,
      locale: interaction.locale,
    };
    try {
      if (interaction.isAutocomplete()) {
        const count = await this.autocomplete(interaction);
        this.o.logger.debug(
          { ...log, kind: 'autocomplete', command: interaction.commandName, choices: count, ms: ms(started) },
          'interaction',
        );
        return;
      }
      if (interaction.isChatInputCommand()) {
        const request = commandRequest(interaction, this.o.config.moderatorRoleIds);
        const outcome = await this.answer(interaction, request, () => runCommand(this.o.app, request));
        this.o.logger.info(
          {
            ...log,
            kind: 'command',
            command: request.command,
            subcommand: request.subcommand,
            ...outcome,
            ms: ms(started),
          },
          'interaction',
        );
        return;
      }
      if (interaction.isButton()) {
        // The id says which command runs again and how visibly, so a slow one defers the same way.
        const who = caller(interaction, this.o.config.moderatorRoleIds);
        const request = buttonRequest(this.o.app, interaction.customId, who);
        const outcome = request
          ? await this.answer(interaction, request, () => runCommand(this.o.app, request))
          : await this.answer(interaction, { command: '', options: {}, ...who }, () =>
              Promise.resolve(errorReply(uiLangFor(interaction.locale), 'buttonInvalid')),
            );
        this.o.logger.info(
          { ...log, kind: 'button', customId: interaction.customId, ...outcome, ms: ms(started) },
          'interaction',
        );
        return;
      }
      this.o.logger.debug({ ...log, type: interaction.type }, 'interaction ignored');
    } catch (err) {
      const ref = newRef();
      const what =
        interaction.isCommand() || interaction.isAutocomplete()
          ? { command: interaction.commandName }
          : interaction.isButton()
            ? { customId: interaction.customId }
            : {};
      this.o.logger.error({ ...log, ...what, err, ref, ms: ms(started) }, 'interaction failed');
      if (interaction.isRepliable()) await this.sendError(interaction as Repliable, ref);
    }
  }

  private async autocomplete(interaction: AutocompleteInteraction): Promise<number> {
    const request = autocompleteRequest(interaction, this.o.config.moderatorRoleIds);
    const choices = runAutocomplete(this.o.app, request);
    await interaction.respond(choices);
    return choices.length;
  }

  /** Run the work and deliver its reply, acknowledging first when it is (or turns out to be) slow. */
  private async answer(
    interaction: Repliable,
    request: CommandRequest,
    work: () => Promise<CommandReply>,
  ): Promise<{ outcome: string; deferred: boolean; ref?: string }> {
    const command = this.o.app.commands.get(request.command);
    const privately = command?.private === true || request.options.hide === true;
    // Set by `defer`, which the race below may call.
    let deferred = false as boolean;
    const defer = async () => {
      deferred = true;
      await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
      this.waiting.add(interaction);
    };
    if (command?.slow?.(request)) await defer();
    const running = work();
    if (!deferred) {
      const first = await Promise.race([running, delay(DEFER_AFTER_MS, null, { ref: false })]);
      if (first === null) await defer();
    }
    try {
      const reply = await running;
      await this.deliver(interaction, reply, deferred, privately);
      return {
        outcome: reply.ref ? 'failed' : reply.error ? 'refused' : 'answered',
        deferred,
        ...(reply.ref ? { ref: reply.ref } : {}),
      };
    } finally {
      this.waiting.delete(interaction);
    }
  }

  private async deliver(
    interaction: Repliable,
    reply: CommandReply,
    deferred: boolean,
    deferredPrivately: boolean,
  ): Promise<void> {
    if (!deferred) {
      await interaction.reply(replyOptions(reply.payload));
      return;
    }
    if (isPrivate(reply.payload) && !deferredPrivately) {
      // A public "thinking…" cannot become private: remove it and answer privately instead.
      await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp(replyOptions(reply.payload));
      return;
    }
    await interaction.editReply(editOptions(reply.payload));
  }

  private async sendError(interaction: Repliable, ref: string): Promise<void> {
    const error = errorReply(uiLangFor(interaction.locale), 'error', { id: ref }).payload;
    try {
      if (!interaction.deferred && !interaction.replied) {
        await interaction.reply(replyOptions(error));
      } else if (interaction.deferred && !interaction.replied && interaction.ephemeral) {
        // Still "thinking…", privately: the error takes its place.
        await interaction.editReply(editOptions(error));
      } else {
        // A public "thinking…" must not stay forever, nor show the error to everyone.
        if (interaction.deferred && !interaction.replied) await interaction.deleteReply().catch(() => undefined);
        await interaction.followUp(replyOptions(error));
      }
    } catch (err) {
      this.o.logger.warn({ err, ref, interaction: interaction.id }, 'could not deliver the error message');
    }
  }
}

function ms(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
