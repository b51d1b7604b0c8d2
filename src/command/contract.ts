import type {
  APIApplicationCommandOptionChoice,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { SearchEngine } from '../search/engine.ts';
import type { CommandReply } from '../reply/types.ts';
import type { ChangeSummary, CorpusStatus, Lang } from '../types.ts';
import type { Insights, Via } from '../feedback/types.ts';

/**
 * The contract between transports (Discord, CLI, console) and command modules. A handler knows
 * nothing about how it was reached: it takes a plain request and returns a plain reply.
 */

/** An option value after validation: what Discord would deliver. */
export type OptionValue = string | number | boolean;

export interface CommandRequest {
  command: string;
  subcommand?: string;
  options: Record<string, OptionValue>;
  /** The user's Discord client language (`interaction.locale`), e.g. `vi`, `zh-CN`, `zh-TW`, `en-US`. */
  locale?: string;
  /** Whether the caller may run moderators' commands (checked again by the handler). */
  canModerate: boolean;
  /** Who asked (a Discord user id, or a local name for the CLI). */
  user?: string;
  /** For "More": how many passages were already shown. */
  offset?: number;
  /** Files given to attachment options, by option name (a Discord attachment, or a local path from the CLI). */
  files?: Record<string, UploadedFile>;
}

/** A file handed to a command: its name as uploaded, and a way to read it that never reads past a limit. */
export interface UploadedFile {
  name: string;
  /** Size in bytes, when the transport knows it before reading. */
  size?: number;
  /** The bytes; throws FileTooLargeError when there are more than `maxBytes`. */
  read(maxBytes: number): Promise<Uint8Array>;
}

/** A file that is not where it was said to be, or cannot be read there (a local path that does not exist…). */
export class FileNotReadableError extends Error {
  constructor(
    readonly file: string,
    /** What the system said, e.g. `ENOENT`. */
    readonly reason: string,
  ) {
    super(`${file}: cannot be read (${reason})`);
    this.name = 'FileNotReadableError';
  }
}

export class FileTooLargeError extends Error {
  constructor(
    readonly file: string,
    readonly size: number,
    readonly max: number,
  ) {
    super(`${file}: ${size} bytes is over the ${max}-byte limit`);
    this.name = 'FileTooLargeError';
  }
}

/**
 * What `/corpus` may do to the live corpus, wherever it is kept. Every change is checked against the whole corpus
 * before anything is written, and refused whole (throwing) when it would not load.
 */
export interface CorpusAdmin {
  /** Where the corpus lives, for messages: a folder, or a database named without its password. */
  readonly dir: string;
  status(): CorpusStatus;
  reload(by: string): Promise<ChangeSummary>;
  add(
    upload: { name: string; bytes: Uint8Array },
    o: { replace?: boolean; by: string },
  ): Promise<ChangeSummary & { file: string; replaced: boolean }>;
  remove(sourceId: string, by: string): Promise<ChangeSummary>;
}

/** What every handler may use. The engine is read on each call: a reload swaps it whole. */
export interface CommandContext {
  engine(): SearchEngine;
  defaultLang: Lang;
  /** The live corpus, for moderators' changes; absent where the corpus cannot be changed. */
  store?: CorpusAdmin;
  /** The feedback log, for `/corpus insights`; absent where answers are not recorded. */
  feedback?: { insights(q: { days: number; via?: Via }): Promise<Insights> };
  /** Log an unexpected failure that the handler turns into a reply; returns the reference to show the user. */
  report?(err: unknown): string;
}

export interface AutocompleteRequest extends Omit<CommandRequest, 'offset'> {
  /** The option being typed, and what has been typed so far. */
  focused: { name: string; value: string };
}

export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(request: CommandRequest, context: CommandContext): CommandReply | Promise<CommandReply>;
  /** Every reply is only for the caller (moderators' tools), so an early acknowledgement is private too. */
  private?: boolean;
  /**
   * Its replies depend only on the request (command, options, locale, page, whether the caller moderates) and the
   * index: the same request may be answered again from a kept reply until the corpus changes (src/app/replies.ts).
   */
  cacheable?: boolean;
  /** True when answering this request may take longer than Discord's 3 s: the transport acknowledges first. */
  slow?(request: CommandRequest): boolean;
  /**
   * Present on commands whose replies carry "More" and "Other language" buttons: the option a button puts its
   * query back into when it runs the command again (the question, the name…).
   */
  paging?: { queryOption: string };
  autocomplete?(
    request: AutocompleteRequest,
    context: CommandContext,
  ): Array<APIApplicationCommandOptionChoice<string>>;
}
