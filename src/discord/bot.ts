import {
  Client,
  Events,
  GatewayIntentBits,
  Options,
  type Interaction,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  MessageFlags,
  type RepliableInteraction,
  Routes,
} from 'discord.js';
import type { APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { Config } from '../config.ts';
import { answererOf, handleInteraction } from '../app/interaction.ts';
import { DRAIN_TIMEOUT_MS, InFlight, type ReplyChannel, stoppingReply } from '../app/respond.ts';
import type { App } from '../app/runtime.ts';
import { editPayload, isPrivate, updatePayload } from '../reply/render.ts';
import type { Logger } from '../log.ts';
import type { ReplyFile } from '../reply/types.ts';
import { autocompleteRequest, caller, commandRequest } from './requests.ts';

/**
 * The Discord gateway transport: a discord.js client with the Guilds intent only, routing slash commands,
 * autocomplete and buttons to the same dispatcher the CLI uses. Every interaction is answered within Discord's
 * 3 s by the rules every Discord transport shares (src/app/respond.ts): a request its command calls slow is
 * acknowledged first, and any other that is still working after 1.5 s is acknowledged then. A failure becomes a
 * private message in the user's language with a reference that is also in the log; the process goes on.
 */

export { DEFER_AFTER_MS, DRAIN_TIMEOUT_MS } from '../app/respond.ts';
/** Members and users kept in discord.js's caches. */
const CACHED_USERS = 1_000;

export interface BotOptions {
  config: Pick<Config, 'token' | 'apiBase' | 'moderatorRoleIds' | 'applicationId' | 'guildId'>;
  app: App;
  logger: Logger;
  /** How long `stop()` waits for interactions in flight; default DRAIN_TIMEOUT_MS. */
  drainTimeoutMs?: number;
}

/** discord.js takes camelCase message options; our payloads are in API field names. Files go as uploads. */
function replyOptions(p: APIInteractionResponseCallbackData, files: ReplyFile[] = []): InteractionReplyOptions {
  return {
    ...(p.content !== undefined ? { content: p.content } : {}),
    ...(p.embeds ? { embeds: p.embeds } : {}),
    ...(p.components ? { components: p.components } : {}),
    ...(files.length ? { files: uploads(files) } : {}),
    allowedMentions: { parse: [], ...(p.allowed_mentions?.users ? { users: p.allowed_mentions.users } : {}) },
    ...(isPrivate(p) ? { flags: MessageFlags.Ephemeral } : {}),
  };
}

function uploads(files: ReplyFile[]) {
  return files.map((f) => ({
    attachment: Buffer.from(f.data),
    name: f.name,
    ...(f.description ? { description: f.description } : {}),
  }));
}

function editOptions(p: APIInteractionResponseCallbackData, files: ReplyFile[] = []): InteractionEditReplyOptions {
  const { flags: _ephemeralIsFixedAtDefer, ...rest } = replyOptions(editPayload(p), files);
  return rest;
}

/** The pressed message made into `p`: as an edit, removing attachments (a chart) the new page does not have. */
function updateOptions(p: APIInteractionResponseCallbackData, files: ReplyFile[] = []): InteractionEditReplyOptions {
  const { flags: _ephemeralIsTheMessages, ...rest } = replyOptions(updatePayload(p), files);
  return { ...rest, attachments: [] };
}

/** What the answering rules send, through discord.js. */
function channelOf(interaction: RepliableInteraction): ReplyChannel {
  let pressed = false;
  return {
    reply: async (p, files) => {
      await interaction.reply(replyOptions(p, files));
    },
    defer: async (privately) => {
      await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
    },
    edit: async (p, files) => {
      // After a deferred update, the message edited is the one whose button was pressed.
      await interaction.editReply(pressed ? updateOptions(p, files) : editOptions(p, files));
    },
    remove: () => interaction.deleteReply(),
    followUp: async (p, files) => {
      await interaction.followUp(replyOptions(p, files));
    },
    update: async (p, files) => {
      if (!interaction.isMessageComponent()) throw new Error('only a button press can update its message');
      await interaction.update(updateOptions(p, files));
    },
    deferUpdate: async () => {
      if (!interaction.isMessageComponent()) throw new Error('only a button press can defer an update');
      pressed = true;
      await interaction.deferUpdate();
    },
  };
}

export class Bot {
  readonly client: Client;
  private readonly inFlight = new InFlight();

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
      if (!this.inFlight.draining) o.logger.warn({ shard, code: event.code }, 'gateway disconnected');
    });
    this.client.on(Events.ShardReconnecting, (shard) => {
      // destroy() closes the socket too; that is not a reconnection worth reporting.
      if (!this.inFlight.draining) o.logger.info({ shard }, 'gateway reconnecting');
    });
    this.client.on(Events.Error, (err) => o.logger.error({ err }, 'client error'));
    this.client.on(Events.Warn, (message) => o.logger.warn({ message }, 'client warning'));
  }

  async start(): Promise<void> {
    await this.client.login(this.o.config.token);
  }

  /** Stop taking interactions, let those in flight finish (bounded), then leave the gateway. */
  async stop(): Promise<void> {
    if (this.inFlight.draining) return;
    this.o.logger.info({ inFlight: this.inFlight.size }, 'shutting down');
    const done = await this.inFlight.drain(this.o.drainTimeoutMs ?? DRAIN_TIMEOUT_MS);
    await this.client.destroy();
    this.o.logger.info(done, 'stopped');
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
    this.inFlight.track(
      (this.inFlight.draining ? this.refuse(interaction) : this.handle(interaction)).catch((err: unknown) =>
        this.o.logger.error({ err, interaction: interaction.id }, 'interaction handler failed'),
      ),
    );
  }

  /** While shutting down: say so privately rather than leave the user with "the application did not respond". */
  private async refuse(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) await interaction.respond([]);
    else if (interaction.isRepliable()) await interaction.reply(replyOptions(stoppingReply(interaction.locale)));
  }

  private handle(interaction: Interaction): Promise<void> {
    const ids = this.o.config.moderatorRoleIds;
    return handleInteraction(
      answererOf(this.o.app),
      {
        id: interaction.id,
        user: interaction.user.id,
        guild: interaction.guildId ?? undefined,
        locale: interaction.locale,
        about:
          interaction.isCommand() || interaction.isAutocomplete()
            ? { command: interaction.commandName }
            : interaction.isButton()
              ? { customId: interaction.customId }
              : {},
        route: () =>
          interaction.isAutocomplete()
            ? { kind: 'autocomplete', request: autocompleteRequest(interaction, ids) }
            : interaction.isChatInputCommand()
              ? { kind: 'command', request: commandRequest(interaction, ids) }
              : interaction.isButton()
                ? { kind: 'button', customId: interaction.customId, caller: caller(interaction, ids) }
                : undefined,
      },
      {
        via: 'discord',
        channel: interaction.isRepliable() ? channelOf(interaction) : undefined,
        choices: (choices) => (interaction.isAutocomplete() ? interaction.respond(choices) : Promise.resolve()),
      },
      { logger: this.o.logger, inFlight: this.inFlight },
    );
  }
}
