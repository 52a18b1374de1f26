/**
 * The derived index, computed once at build time from validated data: every mention of every entity in
 * the article bodies (with its sentence), which entities share paragraphs.
 * Runs the same matcher the content script runs, so the corpus and the pages agree on what a mention is.
 */
import { Matcher } from '../match/matcher';
import { buildSpec } from '../match/spec';
import { paragraphSpans, type Span } from './paragraphs';
import type { LoadedData } from './load';
import type { CorpusMention, KnowledgeBase } from './knowledge';

function sentences(text: string, para: Span): Span[] {
  const seg = new Intl.Segmenter('en', { granularity: 'sentence' });
  const out: Span[] = [];
  for (const s of seg.segment(text.slice(para.start, para.end))) {
    const trimmed = s.segment.trimEnd();
    if (trimmed) out.push({ start: para.start + s.index, end: para.start + s.index + trimmed.length });
  }
  return out;
}

export function buildKnowledgeBase({ documents, catalogue }: LoadedData): KnowledgeBase {
  const spec = buildSpec(catalogue);
  const matcher = new Matcher(spec);
  const mentions: CorpusMention[] = [];
  const pairCounts = new Map<string, Map<string, number>>();
  const bump = (a: string, b: string) => {
    const row = pairCounts.get(a) ?? new Map<string, number>();
    row.set(b, (row.get(b) ?? 0) + 1);
    pairCounts.set(a, row);
  };

  for (const doc of documents) {
    const bodyText = doc.text.slice(doc.body.start, doc.body.end);
    const found = matcher
      .scanAll(bodyText)
      .map((m) => ({ ...m, start: m.start + doc.body.start, end: m.end + doc.body.start }));
    const paras = paragraphSpans(doc.text, doc.body);
    let pi = 0;
    for (const para of paras) {
      const inPara = found.filter((m) => m.start >= para.start && m.end <= para.end);
      if (!inPara.length) continue;
      const sents = sentences(doc.text, para);
      for (const m of inPara) {
        const s = sents.find((x) => m.start >= x.start && m.start < x.end) ?? para;
        mentions.push({
          doc: doc.id,
          entity: m.entity,
          start: m.start,
          end: m.end,
          sentenceStart: s.start,
          sentenceEnd: s.end,
          paragraph: pi,
        });
      }
      const ents = [...new Set(inPara.map((m) => m.entity))];
      for (const a of ents) for (const b of ents) if (a !== b) bump(a, b);
      pi++;
    }
  }

  const related: KnowledgeBase['related'] = {};
  for (const [a, row] of pairCounts) {
    related[a] = [...row]
      .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
      .map(([entity, paragraphs]) => ({ entity, paragraphs }));
  }

  return {
    documents: documents.map(({ id, file, title, dates, dateText, publisher, author, body, text }) => ({
      id,
      file,
      title,
      dates,
      publisher,
      body,
      text,
      ...(dateText ? { dateText } : {}),
      ...(author ? { author } : {}),
    })),
    entities: catalogue.entities,
    spec,
    mentions,
    related,
  };
}
