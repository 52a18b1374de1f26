/**
 * Cards for the reader's own entities, through the real background handlers over a fake-indexeddb
 * collection: the card frame (an extension caller) gets the name, note and "From your clips"; a content
 * script, which shares its page with page script, gets none of the reader's words.
 */
import { describe, expect, it, vi } from 'vitest';
import { coreHandlers } from '../../../entrypoints/background/core-handlers';
import { startEntityService } from '../../../entrypoints/background/entities';
import { RESCAN_KEY } from '../../../lib/entities/rescan';
import { EntityStore } from '../../../lib/entities/store';
import { buildKnowledgeBase } from '../../../lib/kb/build';
import { Knowledge } from '../../../lib/kb/knowledge';
import { loadData } from '../../../lib/kb/load';
import { defaultDataDir } from '../../../lib/kb/vite-plugin';
import type { CallerContext } from '../../../lib/protocol/router';
import { fullClip, makeStore } from '../clips/helpers.ts';
import { memoryArea } from './memory-area.ts';

const knowledge = new Knowledge(buildKnowledgeBase(loadData(defaultDataDir())));

const extension: CallerContext = { caller: 'extension', url: 'chrome-extension://x/card.html' };
const content: CallerContext = { caller: 'content', tabId: 1, frameId: 0, url: 'https://attacker.example/' };
const SENTENCE = 'The CSTO said Тасмагамбетову was handed the post on Monday.';

describe("cards for the reader's entities", () => {
  it('give the card frame the passages of the clips, newest first, and a content script nothing of the reader', async () => {
    const t = makeStore('card');
    await t.store.restore({ ...fullClip(1), savedAt: 1_000, text: `Intro. ${SENTENCE} Outro.` });
    await t.store.restore({
      ...fullClip(2),
      savedAt: 3_000,
      text: 'Later: Тасмагамбетов spoke to the CSTO. Nothing else.',
    });
    await t.store.restore({ ...fullClip(3), savedAt: 2_000, text: 'A clip about something else entirely.' });
    const local = memoryArea();
    const service = startEntityService({
      local,
      knowledge,
      store: new EntityStore(t.db),
      onClipsChanged: () => undefined,
    });
    const saved = await service.handlers['entities:save']({
      entity: {
        name: 'Imangali Tasmagambetov',
        type: 'person',
        aliases: [{ text: 'Тасмагамбетов', case: 'sensitive', inflect: 'auto' }],
        near: [],
        window: 60,
        vetoBefore: [],
        vetoAfter: [],
        note: 'A private note',
        overrides: [],
      },
    });
    if (!saved.ok || !saved.saved) throw new Error('not saved');
    const id = saved.saved.id;
    // The re-scan runs in the background: wait until it has cleared its position.
    await vi.waitFor(() => expect(local.area[RESCAN_KEY]).toBeUndefined());

    const refsFor = vi.fn(() => Promise.resolve([]));
    const core = coreHandlers({
      knowledge,
      clips: { refsFor },
      settings: { load: () => Promise.reject(new Error('unused')), update: () => Promise.reject(new Error('unused')) },
      extensionBase: 'chrome-extension://x/',
      openTab: () => Promise.resolve(),
      own: service,
      names: (ids) =>
        Object.fromEntries(
          ids.flatMap((i) =>
            knowledge.entity(i) ? [[i, { name: knowledge.entity(i)!.name, type: knowledge.entity(i)!.type }]] : [],
          ),
        ),
    });

    const full = await core['kb:card']({ entity: id }, extension);
    expect(full.card?.name).toBe('Imangali Tasmagambetov');
    expect(full.card?.role).toBe('A private note');
    expect(full.yours).toBe(true);
    expect(full.fromClips?.passages.map((p) => [p.sentence, p.savedAt])).toEqual([
      ['Later: Тасмагамбетов spoke to the CSTO.', 3_000],
      [SENTENCE, 1_000],
    ]);
    expect(full.fromClips).toMatchObject({ total: 2, clips: 2, firstSaved: 1_000, lastSaved: 3_000 });
    expect(full.fromClips?.related).toContainEqual(expect.objectContaining({ id: 'csto', clips: 2 }));

    const redacted = await core['kb:card']({ entity: id }, content);
    const text = JSON.stringify(redacted);
    for (const secret of ['Imangali', 'Tasmagambetov', 'private note', 'Тасмагамбетов', 'Later:'])
      expect(text).not.toContain(secret);
    expect(redacted.fromClips).toBeUndefined();

    // A catalogue card in the frame shows the reader's passages the same way; a content script gets none.
    const csto = await core['kb:card']({ entity: 'csto' }, extension);
    expect(csto.card?.id).toBe('csto');
    expect(csto.fromClips?.total).toBe(2);
    // Its "Your clips" are the newest clips that name it (the third in its title only), read with the
    // passages: no second query for them.
    expect(csto.clips.map((c) => [c.id, c.savedAt])).toEqual([
      [fullClip(2).id, 3_000],
      [fullClip(3).id, 2_000],
      [fullClip(1).id, 1_000],
    ]);
    expect(refsFor).not.toHaveBeenCalled();
    const cstoInPage = await core['kb:card']({ entity: 'csto' }, content);
    expect(cstoInPage.fromClips).toBeUndefined();
    expect(cstoInPage.clips).toEqual([]);
    t.db.close();
  });
});
