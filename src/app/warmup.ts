import type { OptionValue } from '../command/contract.ts';
import { runAutocomplete, runCommand } from './dispatch.ts';
import type { App } from './runtime.ts';

/**
 * Run every command a few times on questions made from the corpus itself before the bot takes real
 * interactions. A fresh process answers its first few hundred questions several times slower than a warm one
 * (the JIT has not compiled the search and reply code yet); after a restart that would land on the first
 * burst of users. Nothing here is kept: the answers are thrown away.
 */
export async function warmUp(app: App, rounds = 3): Promise<{ runs: number; ms: number }> {
  const started = performance.now();
  const engine = app.store.engine;
  // What no question of the warm-up may happen to make (the spellings of the passages are read for a word typed
  // without diacritics): made before the first real question, not by it.
  engine.prepare();
  const questions = warmUpQuestions(engine.corpus);
  const requests: Array<{ command: string; options: Record<string, OptionValue> }> = [
    ...questions.map((question) => ({ command: 'ask', options: { question } })),
    ...engine.corpus.entities.map((e) => ({ command: 'who', options: { name: e.id } })),
    { command: 'stake', options: { lang: 'vi' } },
    { command: 'stake', options: { lang: 'zh' } },
    { command: 'sources', options: {} as Record<string, OptionValue> },
  ].filter((r) => app.commands.has(r.command));
  let runs = 0;
  for (let round = 0; round < rounds; round++) {
    for (const [i, r] of requests.entries()) {
      await runCommand(app, { ...r, canModerate: false, locale: ['vi', 'zh-CN', 'en-US'][i % 3]!, user: 'warm-up' });
      runs++;
    }
    for (const e of engine.corpus.entities) {
      runAutocomplete(app, {
        command: 'who',
        options: {},
        canModerate: false,
        focused: { name: 'name', value: (e.names[0] ?? e.id).slice(0, 2) },
      });
      runs++;
    }
  }
  return { runs, ms: performance.now() - started };
}

/**
 * The warm-up's questions: the first sentence of each of the first 40 passages (up to 80 characters), then a question
 * of each kind the search reads apart (`FRAMES`), in each language members ask in, about the corpus's entities in
 * turn. A kind's own checks of a candidate (a country said of a company, a count's owner, a post, a date said of
 * whom) are compiled by its first question: at 100,000 passages that question paid several milliseconds more.
 */
export function warmUpQuestions(corpus: {
  passages: ReadonlyArray<{ text: string }>;
  entities?: ReadonlyArray<{ names: readonly string[] }>;
}): string[] {
  const questions = corpus.passages.slice(0, 40).map((p) => p.text.split(/(?<=[.。!?！？])\s*/u)[0]!.slice(0, 80));
  const names = (corpus.entities ?? []).filter((e) => e.names.length > 0).map((e) => e.names);
  if (names.length === 0) return questions;
  let k = 0;
  for (const lang of ['vi', 'zh', 'en'] as const)
    for (const frame of FRAMES[lang]) {
      const ns = names[k++ % names.length]!;
      // A Chinese question names it in characters when it has such a name.
      const name = (lang === 'zh' ? ns.find((n) => /\p{Script=Han}/u.test(n)) : undefined) ?? ns[0]!;
      questions.push(frame.replace('{}', name));
    }
  return questions;
}

/** A question of each kind of answer, by language; `{}` is a name. */
const FRAMES = {
  vi: [
    '{} là ai?',
    '{} là gì?',
    '{} đầu tư bao nhiêu tiền?',
    '{} có bao nhiêu người dùng?',
    '{} nắm bao nhiêu phần trăm cổ phần?',
    '{} thành lập năm nào?',
    '{} có trụ sở ở đâu?',
    'Tại sao {} tham gia?',
    '{} đã nói gì?',
    'CEO của {} là ai?',
    'Tin về {} do báo nào đưa?',
    '{} tên tiếng Anh là gì?',
    '{} tên tiếng Trung là gì?',
    '{} bắt tay với công ty nào của Nga?',
    'Liên doanh với {} tên là gì?',
    '{} hợp tác bao lâu?',
    '{} trị giá bao nhiêu?',
    '{} công bố ở đâu?',
  ],
  zh: [
    '{}是谁？',
    '{}是什么？',
    '{}投资了多少钱？',
    '{}有多少用户？',
    '{}占股多少？',
    '{}是哪一年成立的？',
    '{}总部在哪里？',
    '为什么{}要参与？',
    '{}说了什么？',
    '{}的CEO是谁？',
    '哪家媒体报道了{}？',
    '{}的英文名叫什么？',
    '{}的中文名是什么？',
    '{}和俄罗斯哪家公司合作？',
    '{}合资公司叫什么名字？',
    '{}合作多久？',
    '{}估值多少？',
    '{}在哪里宣布的？',
  ],
  en: [
    'Who is {}?',
    'What is {}?',
    'How much did {} invest?',
    'How many users does {} have?',
    'What stake does {} hold?',
    'When was {} founded?',
    'Where is {} based?',
    'Why did {} join?',
    'What did {} say?',
    "Who is {}'s CEO?",
    'Which outlet reported on {}?',
    "What is {}'s English name?",
    "What is {}'s Chinese name?",
    'Which Russian company did {} partner with?',
    'What is the joint venture with {} called?',
    'How long will {} take?',
    'What is {} worth?',
    'Where did {} announce it?',
  ],
} as const;
