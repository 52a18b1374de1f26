/**
 * The mentions found on one page, indexed by text node for hit-testing and by entity for counts and
 * "scroll to first mention". A mention's place is plain boundary points, not a live Range (which the
 * page would pay for on every change of its DOM) nor a StaticRange (below); the scanner replaces
 * mentions when the text under them changes.
 */

/**
 * A mention, where it is given as plain boundary points (`startContainer`, `startOffset`, `endContainer`,
 * `endOffset`: the mention is itself a StaticRangeInit) rather than a StaticRange. In a content script's
 * isolated world every DOM object JS holds is an entry in Blink's map of wrappers, and the map rehashes
 * as it grows: a StaticRange kept per mention (31,000 on the dense 5 MB page) doubled what the walk left
 * in it, and the rehashes, 10–11 ms inside one step of the walk (traced), made the longest run of ours on
 * that page. The highlight window makes a StaticRange only while it draws the mention.
 */
export interface PageMention extends StaticRangeInit {
  entity: string;
  /** Alias rule index in the matcher spec. */
  rule: number;
  /**
   * Every text node the mention touches, when it touches more than one (`<b>Nikolai</b> Patrushev`);
   * absent for the usual one, which is `startContainer` (an array per mention was ~1 MB of heap on the
   * dense 5 MB page).
   */
  nodes?: Text[];
  /** Waiting for page-level evidence: stored, but not drawn or counted. */
  pending: boolean;
  /**
   * When the scan met it: text order inside a block (a block is read from its start, in order). Drawn
   * mentions do not arrive in that order: a pending one is drawn when a later one confirms its entity.
   */
  seq?: number;
}

export interface StoreListener {
  added(m: PageMention): void;
  removed(m: PageMention): void;
}

/** The text nodes a mention touches. */
export function nodesOf(m: PageMention): readonly Text[] {
  return m.nodes ?? [m.startContainer as Text];
}

/** One mention or several: most text nodes hold one, and an array apiece cost ~1 MB on the dense 5 MB page. */
type NodeEntry = PageMention | PageMention[];

export class MentionStore {
  private byNode = new WeakMap<Text, NodeEntry>();
  private byEntity = new Map<string, Set<PageMention>>();
  /** Every live mention and pending one, for pruning detached nodes. */
  readonly all = new Set<PageMention>();

  constructor(private readonly listener: StoreListener) {}

  add(m: PageMention): void {
    this.all.add(m);
    for (const n of nodesOf(m)) {
      const entry = this.byNode.get(n);
      if (!entry) this.byNode.set(n, m);
      else if (Array.isArray(entry)) entry.push(m);
      else this.byNode.set(n, [entry, m]);
    }
    if (!m.pending) this.activate(m);
  }

  /** Turns a pending mention into a drawn one once the page confirms its entity. */
  promote(m: PageMention): void {
    if (!m.pending || !this.all.has(m)) return;
    m.pending = false;
    this.activate(m);
  }

  private activate(m: PageMention): void {
    let set = this.byEntity.get(m.entity);
    if (!set) this.byEntity.set(m.entity, (set = new Set()));
    set.add(m);
    this.listener.added(m);
  }

  remove(m: PageMention): void {
    if (!this.all.delete(m)) return;
    for (const n of nodesOf(m)) {
      const entry = this.byNode.get(n);
      if (entry === m) this.byNode.delete(n);
      else if (Array.isArray(entry)) {
        const i = entry.indexOf(m);
        if (i >= 0) entry.splice(i, 1);
        if (entry.length === 1) this.byNode.set(n, entry[0]!);
      }
    }
    if (!m.pending) {
      const set = this.byEntity.get(m.entity);
      set?.delete(m);
      if (set && !set.size) this.byEntity.delete(m.entity);
      this.listener.removed(m);
    }
  }

  /** Drops every mention touching `node` (its text is about to be scanned again). */
  removeNode(node: Text): void {
    const entry = this.byNode.get(node);
    if (!entry) return;
    if (Array.isArray(entry)) for (const m of [...entry]) this.remove(m);
    else this.remove(entry);
  }

  /** Mentions (drawn ones) touching `node` at `offset`. */
  at(node: Text, offset: number): PageMention[] {
    const entry = this.byNode.get(node);
    if (!entry) return [];
    return (Array.isArray(entry) ? entry : [entry]).filter((m) => {
      if (m.pending) return false;
      const afterStart = node !== m.startContainer || offset >= m.startOffset;
      const beforeEnd = node !== m.endContainer || offset <= m.endOffset;
      return afterStart && beforeEnd;
    });
  }

  mentionsOf(entity: string): PageMention[] {
    return [...(this.byEntity.get(entity) ?? [])];
  }

  /** Drawn mentions per entity. */
  counts(): Map<string, number> {
    const out = new Map<string, number>();
    for (const [e, set] of this.byEntity) out.set(e, set.size);
    return out;
  }

  clear(): void {
    for (const m of [...this.all]) this.remove(m);
  }
}
