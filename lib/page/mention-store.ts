/**
 * The mentions found on one page, indexed by text node for hit-testing and by entity for counts and
 * "scroll to first mention". Ranges are StaticRanges: unlike live Ranges they cost the page nothing
 * when its DOM changes; the scanner replaces them when the text under them changes.
 */

export interface PageMention {
  entity: string;
  /** Alias rule index in the matcher spec. */
  rule: number;
  range: StaticRange;
  /** Every text node the mention touches (usually one; more for `<b>Nikolai</b> Patrushev`). */
  nodes: Text[];
  /** Waiting for page-level evidence: stored, but not drawn or counted. */
  pending: boolean;
}

export interface StoreListener {
  added(m: PageMention): void;
  removed(m: PageMention): void;
}

export class MentionStore {
  private byNode = new WeakMap<Text, PageMention[]>();
  private byEntity = new Map<string, Set<PageMention>>();
  /** Every live mention and pending one, for pruning detached nodes. */
  readonly all = new Set<PageMention>();

  constructor(private readonly listener: StoreListener) {}

  add(m: PageMention): void {
    this.all.add(m);
    for (const n of m.nodes) {
      const list = this.byNode.get(n);
      if (list) list.push(m);
      else this.byNode.set(n, [m]);
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
    for (const n of m.nodes) {
      const list = this.byNode.get(n);
      if (!list) continue;
      const i = list.indexOf(m);
      if (i >= 0) list.splice(i, 1);
      if (!list.length) this.byNode.delete(n);
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
    const list = this.byNode.get(node);
    if (!list) return;
    for (const m of [...list]) this.remove(m);
  }

  /** Mentions (drawn ones) touching `node` at `offset`. */
  at(node: Text, offset: number): PageMention[] {
    const list = this.byNode.get(node);
    if (!list) return [];
    return list.filter((m) => {
      if (m.pending) return false;
      const r = m.range;
      const afterStart = node !== r.startContainer || offset >= r.startOffset;
      const beforeEnd = node !== r.endContainer || offset <= r.endOffset;
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
