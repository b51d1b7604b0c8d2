import { setTimeout as delay } from 'node:timers/promises';
import type { CommandRequest } from '../command/contract.ts';
import { newAnswerId } from '../feedback/feedback.ts';
import type { Via } from '../feedback/types.ts';
import { decodeVoteId } from '../reply/customId.ts';
import type { CommandReply } from '../reply/types.ts';
import { withVoteButtons } from '../reply/votes.ts';
import { type Dispatcher, runCommand } from './dispatch.ts';
import type { ReplyCache } from './replies.ts';
import type { Feedback } from '../feedback/feedback.ts';

/**
 * Answers that members can vote on, and the record of them. The reply is built and returned first; the transport
 * calls `sent()` once it has delivered it, and only then is the answer written, in the background. A storage
 * failure goes to `app.onFeedbackError` (the log) and never to the member.
 */

/** What a transport knows of where a request came from, for the record. */
export interface Origin {
  via: Via;
  guild?: string | undefined;
}

/** A dispatcher that may record: what the transports answer through (`App` is one). */
export interface Answering extends Dispatcher {
  /** Replies kept for the index that made them; each request is run afresh when absent. */
  replies?: ReplyCache;
  /** The feedback log: answers and votes are recorded when it is there. */
  feedback?: Feedback;
  /** Told when the feedback log fails (`what`: answer, vote, purge); the member never is. */
  onFeedbackError?: (err: unknown, what: string) => void;
}

export interface Answered {
  reply: CommandReply;
  /** Record the answer; call once the reply was delivered. Never throws, never waits. */
  sent: () => void;
}

const NOTHING = () => undefined;

/** A vote on an answer not (yet) recorded is tried again this often, this long apart. */
const VOTE_RETRIES = 3;
const VOTE_RETRY_MS = 400;

/** Outcomes that are answers to vote on: anything the command answered, not a refusal or a failure. */
function isAnswer(reply: CommandReply): boolean {
  return (
    !reply.error &&
    !reply.ref &&
    reply.outcome !== undefined &&
    reply.outcome !== 'refused' &&
    reply.outcome !== 'error'
  );
}

/**
 * Run a request (or take its kept reply); an answer of a command that pages (/ask, /who, /stake) gets 👍/👎, with
 * an id of its own each time, and is recorded once sent.
 */
export async function runAnswer(app: Answering, request: CommandRequest, origin: Origin): Promise<Answered> {
  const run = () => runCommand(app, request);
  const reply = await (app.replies ? app.replies.reply(app, request, run) : run());
  const feedback = app.feedback;
  const paging = app.commands.get(request.command)?.paging;
  if (!feedback || !paging || !isAnswer(reply)) return { reply, sent: NOTHING };
  const id = newAnswerId();
  const query = request.options[paging.queryOption];
  const langs = [...new Set(reply.citations.map((c) => c.lang))];
  const lang = langs.length ? langs.join(',') : typeof request.options.lang === 'string' ? request.options.lang : '';
  return {
    reply: withVoteButtons(reply, id),
    sent: () => {
      feedback
        .recordAnswer({
          id,
          via: origin.via,
          command: request.command,
          question: typeof query === 'string' ? query : '',
          lang,
          ...(request.locale ? { locale: request.locale } : {}),
          outcome: reply.outcome ?? 'answered',
          ...(origin.guild ? { guild: origin.guild } : {}),
          user: request.user,
          offset: request.offset ?? 0,
          passages: reply.citations.map((c) => ({
            source: c.source,
            passage: c.passage,
            paragraph: c.paragraph,
            lang: c.lang,
            role: c.role,
          })),
        })
        .catch((err: unknown) => app.onFeedbackError?.(err, 'answer'));
    },
  };
}

/** The vote a button id stands for, or null when it is not one of our vote buttons. */
export function voteOf(customId: string) {
  return decodeVoteId(customId);
}

/**
 * Record a 👍/👎 press. Resolves with what happened (`recorded`, `unknown-answer`, or `off` when nothing records
 * here, `failed` when the storage failed: logged); never rejects.
 */
export async function recordVote(
  app: Answering,
  customId: string,
  user: string | undefined,
  origin: Origin,
): Promise<'recorded' | 'unknown-answer' | 'off' | 'failed' | 'not-a-vote'> {
  const vote = decodeVoteId(customId);
  if (!vote) return 'not-a-vote';
  if (!app.feedback || !user) return 'off';
  try {
    // The answer is written just after its message was sent: a very quick press can arrive first.
    for (let attempt = 0; ; attempt++) {
      const done = await app.feedback.recordVote({ answerId: vote.answerId, user, value: vote.value, via: origin.via });
      if (done === 'recorded' || attempt >= VOTE_RETRIES) return done;
      await delay(VOTE_RETRY_MS);
    }
  } catch (err) {
    app.onFeedbackError?.(err, 'vote');
    return 'failed';
  }
}
