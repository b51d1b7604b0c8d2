import type { APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { Lang } from '../types.ts';

/**
 * What a command answers: the Discord message payload, the passages it quotes, and what came of the request.
 * Built only by the reply helpers (render.ts); transports send the payload as it is.
 */

/** A passage a reply quotes, for scripting (`--json`) and tests. */
export interface Citation {
  source: string;
  passage: string;
  lang: Lang;
  text: string;
  url: string;
  /** The article's title. */
  title: string;
  /** The passage's place in its article (¶ n), from 1. */
  paragraph: number;
  /**
   * Why it is quoted: it answers the question (`answer`), it answers from the other language's articles because
   * the asked language's do not say (`other-language`), or it corrects a quoted passage (`correction`).
   */
  role: 'answer' | 'other-language' | 'correction';
}

/**
 * What came of a request, for scripts and the feedback log: an answer from the asked language's articles, one
 * from the other language's, "not in the sources", a refusal (bad options, no permission, a refused change), or a
 * failure.
 */
export type Outcome = 'answered' | 'other-language' | 'not-in-sources' | 'refused' | 'error';

/** A file sent with a reply (the /stake chart): uploaded as `files[n]`, listed in the payload's `attachments`. */
export interface ReplyFile {
  /** The name the payload's `attachments` entry and any `attachment://` URL use. */
  name: string;
  contentType: string;
  /** Alt text. */
  description?: string;
  data: Uint8Array;
}

export interface CommandReply {
  /** The message payload exactly as it is sent to Discord (API field names). */
  payload: APIInteractionResponseCallbackData;
  /** Files uploaded with the payload; each has an entry in `payload.attachments` with its index as `id`. */
  files?: ReplyFile[];
  citations: Citation[];
  /** What came of it; absent on replies that answer nothing from the articles (`/sources`, `/corpus status`). */
  outcome?: Outcome;
  /** True when the request failed (validation, permission); the payload is then ephemeral. */
  error?: boolean;
  /** Set when a handler failed unexpectedly: the reference the user was given, also in the error log. */
  ref?: string;
}
