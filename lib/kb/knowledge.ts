/**
 * The knowledge base as the extension uses it at run time, and the queries cards and the reader ask of
 * it. Built at build time (lib/kb/build.ts) and shipped as one JSON module; nothing here touches the DOM.
 */
import type { DocumentMeta, Entity, EntityType } from './schema';
import type { MatcherSpec } from '../match/spec';

export interface KbDocument extends DocumentMeta {
  text: string;
}

export interface CorpusMention {
  doc: string;
  entity: string;
  start: number;
  end: number;
  sentenceStart: number;
  sentenceEnd: number;
  /** Index of the paragraph among the document's paragraphs that mention something. */
  paragraph: number;
}

export interface KnowledgeBase {
  documents: KbDocument[];
  entities: Entity[];
  spec: MatcherSpec;
  mentions: CorpusMention[];
  /** Entities sharing paragraphs with each entity, most shared first. */
  related: Record<string, { entity: string; paragraphs: number }[]>;
}

/** A citation: where in which document a passage sits. */
export interface Citation {
  doc: string;
  docTitle: string;
  /** Date as the document gives it, or empty. */
  docDate: string;
  start: number;
  end: number;
}

export interface CardData {
  id: string;
  type: EntityType;
  name: string;
  role: string;
  parent?: { id: string; name: string };
  facts: { text: string; quote: string; date?: string; cite: Citation }[];
  /** Other passages of the corpus that mention the entity (sentences not already quoted as facts). */
  passages: { sentence: string; cite: Citation }[];
  related: { id: string; name: string; type: EntityType; paragraphs: number }[];
  mentionCount: number;
  documentCount: number;
}

function cite(doc: KbDocument, start: number, end: number): Citation {
  return { doc: doc.id, docTitle: doc.title, docDate: doc.dateText ?? doc.dates[0] ?? '', start, end };
}

export class Knowledge {
  private readonly docs: Map<string, KbDocument>;
  private readonly entities: Map<string, Entity>;

  constructor(readonly kb: KnowledgeBase) {
    this.docs = new Map(kb.documents.map((d) => [d.id, d]));
    this.entities = new Map(kb.entities.map((e) => [e.id, e]));
  }

  entity(id: string): Entity | undefined {
    return this.entities.get(id);
  }

  document(id: string): KbDocument | undefined {
    return this.docs.get(id);
  }

  /** Everything a card shows for an entity, or undefined for an unknown id. */
  card(id: string, limits = { passages: 6, related: 8 }): CardData | undefined {
    const e = this.entities.get(id);
    if (!e) return undefined;
    const facts = e.facts.flatMap((f) => {
      const doc = this.docs.get(f.doc);
      return doc
        ? [{ text: f.text, quote: f.quote, ...(f.date ? { date: f.date } : {}), cite: cite(doc, f.start, f.end) }]
        : [];
    });
    const mine = this.kb.mentions.filter((m) => m.entity === id);
    const seen = new Set<string>();
    const passages: CardData['passages'] = [];
    for (const m of mine) {
      const key = `${m.doc}:${m.sentenceStart}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const quoted = e.facts.some((f) => f.doc === m.doc && f.start < m.sentenceEnd && f.end > m.sentenceStart);
      const doc = this.docs.get(m.doc);
      if (quoted || !doc) continue;
      passages.push({ sentence: doc.text.slice(m.sentenceStart, m.sentenceEnd), cite: cite(doc, m.start, m.end) });
      if (passages.length >= limits.passages) break;
    }
    const related = (this.kb.related[id] ?? []).slice(0, limits.related).flatMap((r) => {
      const other = this.entities.get(r.entity);
      return other ? [{ id: other.id, name: other.name, type: other.type, paragraphs: r.paragraphs }] : [];
    });
    const parent = e.parent ? this.entities.get(e.parent) : undefined;
    return {
      id: e.id,
      type: e.type,
      name: e.name,
      role: e.role,
      ...(parent ? { parent: { id: parent.id, name: parent.name } } : {}),
      facts,
      passages,
      related,
      mentionCount: mine.length,
      documentCount: new Set(mine.map((m) => m.doc)).size,
    };
  }
}
