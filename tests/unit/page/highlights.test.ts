import { describe, expect, it } from 'vitest';
import { highlightCss } from '../../../lib/page/highlight-style';
import { LAYERS, PREFIX_LENGTH, highlightName, randomPrefix } from '../../../lib/page/highlights';

describe('highlight names', () => {
  it('are a random prefix and the layer index, nothing a page could recognise', () => {
    const prefix = randomPrefix();
    expect(prefix).toMatch(new RegExp(`^[a-z][0-9a-z]{${PREFIX_LENGTH - 1}}$`));
    const names = LAYERS.map((l) => highlightName(l, prefix));
    expect(new Set(names).size).toBe(LAYERS.length);
    for (const n of names) expect(n).toMatch(/^[a-z][0-9a-z]{10}$/);
    expect(names.join(' ')).not.toMatch(/context|reader|person|organisation|clip/);
  });

  it('differ from document to document', () => {
    const prefixes = new Set(Array.from({ length: 50 }, () => randomPrefix()));
    expect(prefixes.size).toBe(50);
  });

  it.each(LAYERS.map((l) => [l]))('the stylesheet styles the %s layer under its random name', (layer) => {
    const prefix = randomPrefix();
    expect(highlightCss(prefix)).toContain(`::highlight(${highlightName(layer, prefix)})`);
  });
});
