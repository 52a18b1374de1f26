/**
 * Generic body names and acronyms: a generic name ("Coordination Council") names the catalogue's body only
 * when the words that identify that body are nearby, never merely because its parent is named; an
 * acronym ("CIS") is confirmed by the page's own words (member states, related bodies), not only by the
 * catalogue's other entities.
 */
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../../lib/kb/schema';
import { loadData } from '../../../lib/kb/load';
import { defaultDataDir } from '../../../lib/kb/vite-plugin';
import { Matcher } from '../../../lib/match/matcher';
import { buildSpec } from '../../../lib/match/spec';

const real = new Matcher(buildSpec(loadData(defaultDataDir()).catalogue));
const found = (m: Matcher, text: string) => m.scanAll(text).map((x) => `${x.entity}:${text.slice(x.start, x.end)}`);

describe('generic body names (real catalogue)', () => {
  it.each([
    [
      'the anti-drug council near the CSTO',
      'The Coordination Council of the heads of anti-drug authorities of the CSTO member states met.',
      ['csto:CSTO'],
    ],
    [
      'the migration council near the CSTO',
      'The CSTO Coordination Council on illegal migration met in Minsk.',
      ['csto:CSTO'],
    ],
    [
      'the biosafety council by its subject',
      'The Coordination Council, whose remit is biological safety, met.',
      ['csto-biosafety-coordination-council:Coordination Council'],
    ],
    [
      'NATO’s Military Committee',
      "NATO's Military Committee met near the CSTO delegation.",
      ['nato:NATO', 'csto:CSTO'],
    ],
    [
      'the CSTO Military Committee by its chairman',
      'Gerasimov chaired the Military Committee.',
      ['valery-gerasimov:Gerasimov', 'csto-military-committee:Military Committee'],
    ],
    [
      'a secretariat and a council of ministers',
      'The CSTO said the Secretariat and the Council of Ministers agreed.',
      ['csto:CSTO'],
    ],
    ['Russian: the anti-drug council', 'Координационный совет по наркотикам государств — членов ОДКБ', ['csto:ОДКБ']],
    [
      'Russian: the biosafety council',
      'Заседание Координационного совета по биологической безопасности',
      ['csto-biosafety-coordination-council:Координационного совета'],
    ],
  ])('%s', (_name, text, expected) => {
    expect(found(real, text)).toEqual(expected);
  });
});

describe('acronyms confirmed by the page’s words (real catalogue)', () => {
  const P = '\u2029';
  it('confirms CIS from the member states the page names', () => {
    const page = `Drug police from Russia, Belarus and Tajikistan seized heroin.${P}The ministries of the interior of the CIS took part.`;
    expect(found(real, page)).toEqual(['cis:CIS']);
  });
  it('does not confirm CIS from one member state alone', () => {
    expect(
      found(real, `Police in Belarus seized heroin.${P}The ministries of the interior of the CIS took part.`),
    ).toEqual([]);
  });
  it('confirms SCO from three of its members', () => {
    expect(
      found(real, `Ministers from China, India and Pakistan arrived.${P}The SCO foreign ministers' council opened.`),
    ).toEqual(['sco:SCO']);
  });
  it('leaves CIS Benchmarks alone whatever the page says', () => {
    expect(found(real, `Russia and Belarus adopted the CIS Benchmarks.`)).toEqual([]);
  });
});

describe('requires.words (synthetic catalogue)', () => {
  const fact = { text: 't', doc: 'd', quote: 'quote text', start: 0, end: 10 };
  const m = new Matcher(
    buildSpec(
      Catalogue.parse({
        entities: [
          {
            id: 'abc',
            type: 'organisation',
            name: 'ABC',
            role: 'r',
            facts: [fact],
            aliases: [{ text: 'ABC', requires: { words: { terms: ['Alpha', 'Beta', 'Gamma'], min: 2 } } }],
          },
        ],
      }),
    ),
  );
  it.each([
    ['two distinct terms', 'Alpha and Beta. ABC met.', ['abc:ABC']],
    ['any case, whole words only', 'alpha, BETA. ABC met.', ['abc:ABC']],
    ['the same term twice', 'Alpha, Alpha. ABC met.', []],
    ['a term inside a word', 'Alphabet and Beta. ABC met.', []],
    ['no terms', 'ABC met.', []],
  ])('%s', (_name, text, expected) => {
    expect(found(m, text)).toEqual(expected);
  });
});
