import type { AnswerRecord, AnswerWithVotes, ShownPassage, Via } from './types.ts';

/**
 * The columns of `feedback_answer`, the same in both engines, to and from a record. The engines differ only in how
 * a time and the passages travel (SQLite: milliseconds and JSON text; PostgreSQL: timestamptz and jsonb).
 */

export interface AnswerRow<Time, Passages> {
  id: string;
  at: Time;
  via: string;
  command: string;
  question: string;
  question_key: string;
  lang: string;
  locale: string | null;
  outcome: string;
  guild: string | null;
  user_hash: string | null;
  page_offset: number;
  passages: Passages;
  up: number | string;
  down: number | string;
}

/** The values of an INSERT, in the column order of `ANSWER_COLUMNS`. */
export const ANSWER_COLUMNS =
  'id, at, via, command, question, question_key, lang, locale, outcome, guild, user_hash, page_offset, passages';

export function answerValues(a: AnswerRecord, at: Date | number): unknown[] {
  return [
    a.id,
    at,
    a.via,
    a.command,
    a.question,
    a.questionKey,
    a.lang,
    a.locale ?? null,
    a.outcome,
    a.guild ?? null,
    a.userHash ?? null,
    a.offset,
    JSON.stringify(a.passages),
  ];
}

export function answerFromRow<Time, Passages>(
  r: AnswerRow<Time, Passages>,
  convert: { at(t: Time): Date; passages(p: Passages): ShownPassage[] },
): AnswerWithVotes {
  return {
    id: r.id,
    at: convert.at(r.at),
    via: r.via as Via,
    command: r.command,
    question: r.question,
    questionKey: r.question_key,
    lang: r.lang,
    ...(r.locale !== null ? { locale: r.locale } : {}),
    outcome: r.outcome,
    ...(r.guild !== null ? { guild: r.guild } : {}),
    ...(r.user_hash !== null ? { userHash: r.user_hash } : {}),
    offset: r.page_offset,
    passages: convert.passages(r.passages),
    up: Number(r.up),
    down: Number(r.down),
  };
}
