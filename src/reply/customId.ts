/**
 * Stateless button ids: everything a "More" or "Other language" button needs is written into its `custom_id`, so a
 * button keeps working after a restart and the bot keeps no map of past replies.
 *
 * Scheme, version 2 (always at most MAX_CUSTOM_ID UTF-16 units, hence also code points):
 *
 * ```
 * q2:<kind><lang><hide><form>:<offset>:<command>:<query>
 *     m|o  v|z|a  0|1   =|n|t  base 36  its name  the rest, verbatim (it may contain ':')
 * ```
 *
 * `lang` `a` (any): no language was chosen, the answer policy picks again, as it did for the first page.
 *
 * `form` says how faithful the stored query is:
 * - `=` exact: the query fitted as given, and decodes to the very same string;
 * - `n` normalised: it fitted only in NFC with runs of whitespace collapsed, which searches the same;
 * - `t` shortened: even that did not fit, so its beginning is stored, cut at a word or grapheme boundary.
 *
 * Raw text beats any compact encoding here: a Vietnamese or Chinese character is one UTF-16 unit as text but three
 * or more characters in base64 of UTF-8, so raw text keeps the most of a long query. Version 1 ids (`q1:`, on
 * messages sent before the command name was spelt out) still decode.
 */

import type { Lang } from '../types.ts';
import { MAX_CUSTOM_ID } from './limits.ts';
import { truncate } from './text.ts';

/** What a button asks for: the next page of a reply, or the same question in the other corpus language. */
export interface ButtonAction {
  kind: 'more' | 'other-lang';
  /** The command whose reply the button belongs to (it declares `paging`). */
  command: string;
  query: string;
  /** The corpus language to search; absent: none was chosen, and the answer policy decides as for the first page. */
  lang?: Lang | undefined;
  /** How many hits to skip: a non-negative integer. */
  offset: number;
  /** Reply ephemerally. `false` and absent mean the same, and decode as absent. */
  hide?: boolean;
}

/** Marks our ids and their version; anything else is not ours to decode. */
export const CUSTOM_ID_PREFIX = 'q2:';

const KIND_CODES = { more: 'm', 'other-lang': 'o' } as const satisfies Record<ButtonAction['kind'], string>;
const LANG_CODES = { vi: 'v', zh: 'z', any: 'a' } as const satisfies Record<Lang | 'any', string>;
const FORM = { exact: '=', normalised: 'n', shortened: 't' } as const;
/** Version 1 named the command by one letter. */
const V1_COMMANDS: Readonly<Record<string, string>> = { a: 'ask', s: 'stake', w: 'who' };

const ID_PATTERN = /^q2:([mo])([vza])([01])([=nt]):(0|[1-9a-z][0-9a-z]*):([-_\p{L}\p{N}]{1,32}):(.*)$/su;
const V1_PATTERN = /^q1:([mo])([asw])([vz])([01])([=nt]):(0|[1-9a-z][0-9a-z]*):(.*)$/s;

/**
 * The `custom_id` for `action`, at most MAX_CUSTOM_ID UTF-16 units and code points for any query.
 * @throws if `offset` is not a non-negative safe integer (a bug in the caller).
 */
export function encodeCustomId(action: ButtonAction): string {
  const { kind, command, lang, offset, hide, query } = action;
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw new RangeError(`encodeCustomId: offset must be a non-negative integer (got ${offset})`);
  }
  const head = `${CUSTOM_ID_PREFIX}${KIND_CODES[kind]}${LANG_CODES[lang ?? 'any']}${hide ? '1' : '0'}`;
  const tail = `:${offset.toString(36)}:${command}:`;
  // The form flag is one character, so the room left for the query does not depend on it.
  const room = MAX_CUSTOM_ID - head.length - 1 - tail.length;
  if (query.length <= room) return `${head}${FORM.exact}${tail}${query}`;
  const normalised = query.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (normalised.length <= room) return `${head}${FORM.normalised}${tail}${normalised}`;
  const shortened = truncate(normalised, room, { unit: 'utf-16', ellipsis: '' });
  return `${head}${FORM.shortened}${tail}${shortened}`;
}

/** The action in a custom id made by `encodeCustomId`, or null for anyone else's id or a garbled one. */
export function decodeCustomId(id: string): ButtonAction | null {
  let parts: { kind: string; command: string; lang: string; hide: string; offset: string; query: string } | undefined;
  const v2 = ID_PATTERN.exec(id);
  if (v2) {
    const [, kind = '', lang = '', hide = '', , offset = '', command = '', query = ''] = v2;
    parts = { kind, command, lang, hide, offset, query };
  } else {
    const v1 = V1_PATTERN.exec(id);
    if (!v1) return null;
    const [, kind = '', code = '', lang = '', hide = '', , offset = '', query = ''] = v1;
    parts = { kind, command: V1_COMMANDS[code] ?? '', lang, hide, offset, query };
  }
  const offset = Number.parseInt(parts.offset, 36);
  if (!Number.isSafeInteger(offset) || !parts.command) return null;
  return {
    kind: parts.kind === KIND_CODES.more ? 'more' : 'other-lang',
    command: parts.command,
    query: parts.query,
    ...(parts.lang === LANG_CODES.any
      ? {}
      : { lang: parts.lang === LANG_CODES.vi ? ('vi' as const) : ('zh' as const) }),
    offset,
    ...(parts.hide === '1' ? { hide: true } : {}),
  };
}

// ── Votes ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** A 👍 or 👎 on one recorded answer. */
export interface VoteAction {
  value: 1 | -1;
  answerId: string;
}

/** Marks vote ids: `v1:u:<answer id>` (👍) or `v1:d:<answer id>` (👎). */
export const VOTE_ID_PREFIX = 'v1:';
const VOTE_PATTERN = /^v1:([ud]):([\w-]{1,64})$/;

export function encodeVoteId(v: VoteAction): string {
  if (!/^[\w-]{1,64}$/.test(v.answerId)) throw new RangeError(`encodeVoteId: answerId must be 1-64 of [A-Za-z0-9_-]`);
  return `${VOTE_ID_PREFIX}${v.value === 1 ? 'u' : 'd'}:${v.answerId}`;
}

/** The vote in an id made by `encodeVoteId`, or null for any other id. */
export function decodeVoteId(id: string): VoteAction | null {
  const m = VOTE_PATTERN.exec(id);
  return m ? { value: m[1] === 'u' ? 1 : -1, answerId: m[2]! } : null;
}
