import { useState } from 'preact/hooks';
import type { CardData, Citation } from '../lib/kb/knowledge';
import type { OwnPassage } from '../lib/entities/card';
import type { ClipRef, FromClips } from '../lib/messages';
import type { Suppression } from '../lib/settings/settings';
import FromYourClips from './entities/FromYourClips';

export interface CardProps {
  /** What to show; null while it loads. */
  card: CardData | null;
  /** The reader's own clips that mention the entity. */
  clips: ClipRef[];
  /** Whether the card stays open while the pointer is elsewhere. */
  pinned: boolean;
  /** Offer "not this entity" choices (not on the reader page, where marks are the corpus's own). */
  canSuppress: boolean;
  onPin: (pinned: boolean) => void;
  onClose: () => void;
  /** Switch the card to another entity. */
  onEntity: (id: string) => void;
  /** Open a citation in the reader page. */
  onCite: (cite: Citation) => void;
  onSuppress: (scope: Suppression['scope']) => void;
  onOpenClip: (clip: ClipRef) => void;
  /** Open a passage of the reader's clips in the library's reading view, at the passage. */
  onOpenPassage: (passage: OwnPassage) => void;
  /** Load the next page of "From your clips". */
  onMorePassages?: () => void;
  /** That page is on its way. */
  loadingMore?: boolean;
  /** One of the reader's own entities ("Yours"). */
  yours?: boolean;
  /** Passages from the reader's clips (extension pages only). */
  fromClips?: FromClips;
}

const TYPE_LABEL: Record<string, string> = {
  organisation: 'Organisation',
  body: 'Body',
  person: 'Person',
  operation: 'Operation',
  exercise: 'Exercise',
  event: 'Event',
  programme: 'Programme',
  group: 'Armed group',
  place: 'Place',
  media: 'Media',
};

function CiteLink({ cite, onCite }: { cite: Citation; onCite: (c: Citation) => void }) {
  return (
    <a
      class="cite"
      href="#"
      onClick={(e) => {
        e.preventDefault();
        onCite(cite);
      }}
    >
      {cite.docTitle}
      {cite.docDate ? `, ${cite.docDate}` : ''}
    </a>
  );
}

export default function Card(props: CardProps) {
  const { card, clips, pinned } = props;
  const [allFacts, setAllFacts] = useState(false);
  if (!card) {
    return (
      <section class="card" role="dialog" aria-label="Loading context" aria-busy="true">
        <p class="role">Loading…</p>
      </section>
    );
  }
  const facts = allFacts ? card.facts : card.facts.slice(0, 3);
  return (
    <section class="card" role="dialog" aria-modal="false" aria-labelledby="cr-title" aria-describedby="cr-role">
      <header>
        <div class="title">
          <h2 id="cr-title">{card.name}</h2>
          <span class={`type type-${card.type}`}>{TYPE_LABEL[card.type] ?? card.type}</span>
          {props.yours && <span class="type yours">Yours</span>}
          {card.parent && (
            <button type="button" class="parent" onClick={() => props.onEntity(card.parent!.id)}>
              part of {card.parent.name}
            </button>
          )}
        </div>
        <div class="tools">
          <button
            type="button"
            class="icon"
            aria-pressed={pinned}
            title={pinned ? 'Unpin card' : 'Pin card open'}
            onClick={() => props.onPin(!pinned)}
          >
            {pinned ? 'Unpin' : 'Pin'}
          </button>
          <button type="button" class="icon" title="Close (Esc)" aria-label="Close" onClick={props.onClose}>
            ×
          </button>
        </div>
      </header>
      <p id="cr-role" class="role">
        {card.role}
      </p>
      {/* The reader's own entities have no facts from the corpus: their clips below are the context. */}
      {facts.length > 0 && (
        <>
          <h3>Key facts</h3>
          <ul class="facts">
            {facts.map((f) => (
              <li key={`${f.cite.doc}:${f.cite.start}`}>
                <p class="fact">{f.text}</p>
                <blockquote>“{f.quote}”</blockquote>
                <CiteLink cite={f.cite} onCite={props.onCite} />
              </li>
            ))}
          </ul>
        </>
      )}
      {card.facts.length > facts.length && (
        <button type="button" class="more" onClick={() => setAllFacts(true)}>
          All {card.facts.length} facts
        </button>
      )}
      {card.passages.length > 0 && (
        <>
          <h3>Also mentioned in</h3>
          <ul class="passages">
            {card.passages.map((p) => (
              <li key={`${p.cite.doc}:${p.cite.start}`}>
                <p>{p.sentence}</p>
                <CiteLink cite={p.cite} onCite={props.onCite} />
              </li>
            ))}
          </ul>
        </>
      )}
      {card.related.length > 0 && (
        <>
          <h3>Appears with</h3>
          <ul class="related">
            {card.related.map((r) => (
              <li key={r.id}>
                <button
                  type="button"
                  onClick={() => props.onEntity(r.id)}
                  title={`${TYPE_LABEL[r.type] ?? r.type}; together in ${r.paragraphs} paragraph(s)`}
                >
                  {r.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.fromClips && (
        <FromYourClips
          from={props.fromClips}
          onOpenPassage={props.onOpenPassage}
          onEntity={props.onEntity}
          {...(props.onMorePassages ? { onMore: props.onMorePassages } : {})}
          {...(props.loadingMore ? { loadingMore: true } : {})}
        />
      )}
      {clips.length > 0 && (
        <>
          <h3>Your clips</h3>
          <ul class="clips">
            {clips.map((c) => (
              <li key={c.id}>
                <a
                  href="#"
                  onClick={(e) => {
                    e.preventDefault();
                    props.onOpenClip(c);
                  }}
                >
                  {c.title || c.url}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      <footer>
        {card.documentCount > 0 && (
          <span class="counts">
            {card.mentionCount} mention{card.mentionCount === 1 ? '' : 's'} in {card.documentCount} document
            {card.documentCount === 1 ? '' : 's'}
          </span>
        )}
        {props.canSuppress && (
          <details class="suppress">
            <summary>Not this {card.name}?</summary>
            <button type="button" onClick={() => props.onSuppress('page')}>
              Not here: unmark on this page
            </button>
            <button type="button" onClick={() => props.onSuppress('site')}>
              Unmark on this site
            </button>
            <button type="button" onClick={() => props.onSuppress('everywhere')}>
              Stop marking {card.name}
            </button>
          </details>
        )}
      </footer>
    </section>
  );
}
