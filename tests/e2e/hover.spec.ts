import { test, expect, hoverMention, markTexts, marks, waitForMarking } from './fixtures';

test.describe('marking a news article', () => {
  test('marks the expected mentions and nothing else', async ({ page, server }) => {
    await page.goto(server.url('/news-article.html'));
    await waitForMarking(page);
    expect(await markTexts(page)).toEqual([
      'CSTO',
      'Rashid Nurgaliyev',
      'Russia’s Security Council',
      'Collective Security Treaty Organization',
      'Nikolai Patrushev',
      'CSTO',
      'CSTO',
      'CSTO Crisis Response Center',
      'Rashid Nurgaliyev',
      'Channel',
      'Kanal',
      'Kanal - Krasnyi Barhan',
      'Shanghai Cooperation Organisation',
      'Regional Anti-Terrorist Structure',
      'RATS',
      'CIS',
      'Taliban',
      'ISIS',
      'Nurgaliyev',
      'CSTO',
      'NATO',
      'ОДКБ',
      'Патрушева',
      'ШОС',
      'Stanislav Zas',
      'Nikolai Bordyuzha',
      'SCO',
    ]);
  });

  test('colours mentions by type', async ({ page, server }) => {
    await page.goto(server.url('/news-article.html'));
    await waitForMarking(page);
    const all = await marks(page);
    expect(all.find((m) => m.text === 'Nikolai Patrushev')?.layer).toBe('person');
    expect(all.find((m) => m.text === 'Channel')?.layer).toBe('operation');
    expect(all.find((m) => m.text === 'Taliban')?.layer).toBe('group');
  });

  test('hovering a mention shows its grounded card', async ({ page, server }) => {
    await page.goto(server.url('/news-article.html'));
    await waitForMarking(page);
    const card = await hoverMention(page, 'Patrushev');
    await expect(card.locator('h2')).toHaveText('Nikolai Patrushev');
    await expect(card.locator('.facts li').first().locator('blockquote')).not.toBeEmpty();
    await expect(card.locator('.facts a.cite').first()).toBeVisible();
  });
});
