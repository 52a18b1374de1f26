/**
 * The mentions found on one page, indexed by text node for hit-testing and by entity for counts and
 * "scroll to first mention". A mention's place is plain boundary points, not a live Range (which the
 * page would pay for on every change of its DOM) nor a StaticRange (below); the scanner replaces
 * mentions when the text under them changes.
 */
import { BLOCK_TAGS } from './skip';

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
  /** The block the mention is in (`blockOf`), once asked. */
  block?: Element | null;
}

export interface StoreListener {
  added(m: PageMention): void;
  removed(m: PageMention): void;
}

/** The text nodes a mention touches. */
export function nodesOf(m: PageMention): readonly Text[] {
  return m.nodes ?? [m.startContainer as Text];
}

/**
 * The block a mention sits in: the nearest block element above its start (its parent when there is
 * none), remembered on the mention. The store counts mentions per block with it, and the highlight window
 * files them by it: its visibility stands for the mention's. Not the text's parent: on a page with inline
 * markup every few words that made nearly every mention a block of its own (25,000 blocks, each with its
 * sets and an observation, on the dense 5 MB page).
 */
export function blockOf(m: PageMention): Element | null {
  if (m.block !== undefined) return m.block;
  const parent = m.startContainer.parentElement;
  let block = parent;
  for (let e = parent; e; e = e.parentElement) {
    if (BLOCK_TAGS.has(e.localName)) {
      block = e;
      break;
    }
  }
  return (m.block = block);
}

/** One mention or several: most text nodes hold one, and an array apiece cost ~1 MB on the dense 5 MB page. */
type NodeEntry = PageMention | PageMention[];

export class MentionStore {
  private byNode = new WeakMap<Text, NodeEntry>();
  private byEntity = new Map<string, Set<PageMention>>();
  /**
   * Mentions per block (pending ones too), so a block read whole can be rescanned without visiting its
   * text nodes when none of them holds a mention.
   */
  private perBlock = new WeakMap<Element, number>();
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
    const block = blockOf(m);
    if (block) this.perBlock.set(block, (this.perBlock.get(block) ?? 0) + 1);
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
    const block = blockOf(m);
    const left = block ? (this.perBlock.get(block) ?? 0) - 1 : 0;
    if (left > 0) this.perBlock.set(block!, left);
    else if (block) this.perBlock.delete(block);
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

  /** Drops every mention touching a text node inside `root`. */
  removeSubtree(root: Node): void {
    const doc = root.ownerDocument ?? (root as Document);
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) this.removeNode(n as Text);
  }

  /**
   * Drops every mention inside block `el` (read whole, about to be scanned again), without visiting its
   * text nodes when none holds a mention.
   */
  removeInBlock(el: Element): void {
    if (this.perBlock.get(el)) this.removeSubtree(el);
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
