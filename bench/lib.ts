import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { autocomplete, chatInput, type InteractionInput } from '../tests/standin/index.ts';

/**
 * What the end-to-end benches share: the interactions users of a Vietnamese and Chinese server would send (the
 * same deterministic mix every run), and the measuring helpers.
 */

/** The mix, as the benches print it. */
export const MIX = '45% /ask, 15% /who, 15% /who autocomplete, 10% /stake, 5% /stake autocomplete, 10% /sources';

export const LOCALES = ['vi', 'zh-CN', 'zh-TW', 'en-US'] as const;
const QUESTIONS = [
  'Liên doanh giữa Alibaba và phía Nga trị giá bao nhiêu?',
  'Alibaba nắm bao nhiêu cổ phần trong liên doanh?',
  'Ai sẽ là CEO của liên doanh?',
  'Mail.ru đang cung cấp những dịch vụ gì?',
  'Ở Nga hiện có khoảng bao nhiêu người dùng mạng vậy?',
  'Tại sao Alibaba lại nhảy vào thị trường Nga?',
  'lien doanh tri gia bao nhieu',
  'MegaFon góp bao nhiêu phần trăm?',
  'Giá cổ phiếu Alibaba hôm nay là bao nhiêu?',
  '合资公司价值多少？',
  '阿里巴巴持有多少股份？',
  '谁将担任合资公司的首席执行官？',
  '俄罗斯直接投资基金占多少股份？',
  '马云对俄罗斯市场说了什么？',
  '全球速卖通在俄罗斯有多少用户？',
  '合資公司價值多少？',
  '誰將擔任合資公司的執行長？',
  '俄羅斯直接投資基金佔多少股份？',
  'How much is the joint venture worth?',
  'Who owns what share of AliExpress Russia?',
];
const WHO_NAMES = [
  'jack-ma',
  'Jack Ma',
  '马云',
  '馬雲',
  'MegaFon',
  'Mail.ru',
  'RDIF',
  'Trương Dũng',
  'Gazprombank',
  'Nobody In The Articles',
];
const WHO_TYPED = ['ma', '马', 'Me', 'R', 'ali', 'Tr', 'Gaz', 'd'];
const PARTIES = ['alibaba', 'MegaFon', '阿里巴巴', 'rdif', 'Mail.ru'];

// A small deterministic generator, so every run sends the same mix.
let seed = 20_180_911;
const rand = () => (seed = (seed * 1_103_515_245 + 12_345) >>> 0) / 2 ** 32;
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

/** Extra options now and then: an explicit language, a private answer. */
const extras = (): Record<string, string | boolean> => {
  const r = rand();
  return r < 0.15 ? { lang: 'vi' } : r < 0.3 ? { lang: 'zh' } : r < 0.4 ? { hide: true } : {};
};

export function nextInteraction(): { kind: string; input: InteractionInput } {
  const how = { locale: pick(LOCALES) };
  const r = rand();
  if (r < 0.45) return { kind: 'ask', input: chatInput('ask', { question: pick(QUESTIONS), ...extras() }, how) };
  if (r < 0.6) return { kind: 'who', input: chatInput('who', { name: pick(WHO_NAMES), ...extras() }, how) };
  if (r < 0.75) return { kind: 'who:autocomplete', input: autocomplete('who', { name: pick(WHO_TYPED) }, 'name', how) };
  if (r < 0.85)
    return {
      kind: 'stake',
      input: chatInput('stake', rand() < 0.4 ? extras() : { party: pick(PARTIES), ...extras() }, how),
    };
  if (r < 0.9)
    return {
      kind: 'stake:autocomplete',
      input: autocomplete('stake', { party: pick(['a', 'Me', '俄', '']) }, 'party', how),
    };
  return { kind: 'sources', input: chatInput('sources', {}, how) };
}

/** The mix of `--distinct`, as the benches print it. */
export const DISTINCT_MIX =
  '100% /ask, each question asked once (one of the /ask questions above with a number of its own after it)';

let asked = 0;

/**
 * An /ask whose question no earlier one asked: a question of the mix followed by a six-digit number the articles
 * never hold, so that no kept reply can answer it and every one is searched and rendered afresh.
 */
export function distinctInteraction(): { kind: string; input: InteractionInput } {
  const question = `${QUESTIONS[asked % QUESTIONS.length]!} ${100_000 + asked}`;
  asked++;
  return { kind: 'ask', input: chatInput('ask', { question, ...extras() }, { locale: pick(LOCALES) }) };
}

/** Nearest-rank percentile of an ascending list. */
export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]! : Number.NaN;

/**
 * CPU time of a process so far, from /proc (utime + stime, in clock ticks of 10 ms: Linux's USER_HZ is 100 on
 * every common architecture); with `thread`, of that one of its threads (its id; the main thread's is the pid).
 * Undefined where there is no /proc.
 */
export function processCpuMs(pid: number | undefined, thread?: number): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // The command name (field 2) may hold spaces; count fields after its closing parenthesis.
    const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Resolves with `p`, or rejects after `ms` naming what was awaited (`bench` names the bench in the message). */
export async function within<T>(bench: string, p: Promise<T>, ms: number, what: string): Promise<T> {
  const timeout = delay(ms, undefined, { ref: false }).then(() =>
    Promise.reject(new Error(`${bench}: no ${what} within ${ms} ms`)),
  );
  return Promise.race([p, timeout]);
}

/** Milliseconds as the tables print them. */
export const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '–');
