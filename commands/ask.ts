import { ApplicationCommandOptionType } from '../src/reply/discord.ts';
import type { Command } from '../src/command/contract.ts';
import { described, hideOption, langOption } from '../src/command/options.ts';
import { answerFromIndex } from '../src/answers/paged.ts';

/** /ask question:<text> [lang] [hide] [mention]: the best passages that answer a question, cited. */
export default {
  data: {
    name: 'ask',
    ...described('Ask a question about the AliExpress Russia deal', {
      vi: 'Hỏi về thương vụ AliExpress Nga',
      'zh-CN': '询问速卖通俄罗斯合资交易',
      'zh-TW': '詢問速賣通俄羅斯合資交易',
    }),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        ...described('Your question, in Vietnamese, Chinese or English', {
          vi: 'Câu hỏi của bạn (tiếng Việt, tiếng Trung hoặc tiếng Anh)',
          'zh-CN': '你的问题（中文、越南语或英语）',
          'zh-TW': '你的問題（中文、越南語或英語）',
        }),
        required: true,
        min_length: 1,
        max_length: 300,
      },
      langOption,
      hideOption,
      {
        type: ApplicationCommandOptionType.User,
        name: 'mention',
        ...described('Someone to mention in the answer', {
          vi: 'Người được nhắc đến trong câu trả lời',
          'zh-CN': '在回答中提及的人',
          'zh-TW': '在回答中提及的人',
        }),
      },
    ],
  },
  paging: { queryOption: 'question' },
  cacheable: true,
  execute(request, context) {
    return answerFromIndex(String(request.options.question), request, context);
  },
} satisfies Command;
