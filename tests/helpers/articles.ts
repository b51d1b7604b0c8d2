/**
 * An article the seed corpus has nothing in common with: added by a test, its one fact (a purple balloon over
 * Moscow) can only be answered from it, so an answer that quotes it comes from the changed corpus.
 */
export const BALLOON_ARTICLE = {
  name: 'khinh-khi-cau.md',
  bytes: new TextEncoder().encode(`---
title: "Khinh khí cầu tím"
lang: vi
url: https://example.com/khinh-khi-cau
---
Liên doanh đã thả một khinh khí cầu tím khổng lồ trên bầu trời Moskva.
`),
};
