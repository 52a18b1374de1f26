import { describe, expect, it } from 'vitest';
import { Catalogue } from '../../../lib/kb/schema';
import { buildSpec } from '../../../lib/match/spec';
import { Matcher } from '../../../lib/match/matcher';

const fact = { text: 't', doc: 'd', quote: 'quote text', start: 0, end: 10 };
const catalogue = Catalogue.parse({
  paradigms: {
    'ru-ev': { endings: ['', 'а', 'у', 'ым', 'е'] },
    'ru-soft': { strip: 'ь', endings: ['ь', 'я', 'ю', 'ем', 'е'] },
  },
  entities: [
    {
      id: 'csto',
      type: 'organisation',
      name: 'CSTO',
      role: 'r',
      facts: [fact],
      aliases: [
        { text: 'CSTO' },
        { text: 'Collective Security Treaty Organization', case: 'insensitive' },
        { text: 'ОДКБ', lang: 'ru' },
      ],
    },
    {
      id: 'sco',
      type: 'organisation',
      name: 'SCO',
      role: 'r',
      facts: [fact],
      aliases: [
        { text: 'Shanghai Cooperation Organization', case: 'insensitive' },
        {
          text: 'SCO',
          requires: { near: ['Shanghai', 'member'], page: ['sco', 'csto'] },
          veto: { after: ['Group', 'Unix'] },
        },
      ],
    },
    {
      id: 'rats',
      type: 'body',
      name: 'RATS',
      role: 'r',
      facts: [fact],
      aliases: [
        { text: 'SCO RATS' },
        { text: 'RATS SCO' },
        { text: 'SCO Regional Anti-Terrorist Structure', case: 'insensitive' },
        { text: 'RATS', requires: { near: ['SCO', 'anti-terrorist'], page: ['sco'] } },
      ],
    },
    {
      id: 'kanal',
      type: 'operation',
      name: 'Operation Kanal',
      role: 'r',
      facts: [fact],
      aliases: [
        { text: 'Operation Kanal', case: 'insensitive' },
        {
          text: 'Channel',
          requires: { near: ['operation', 'anti-drug', 'Kanal'], window: 40 },
          veto: { before: ['English', 'Panama'] },
        },
        {
          text: 'Canal',
          requires: { near: ['operation', 'anti-drug'] },
          veto: { before: ['Panama'], after: ['+', 'Plus'] },
        },
      ],
    },
    {
      id: 'patrushev',
      type: 'person',
      name: 'Nikolai Patrushev',
      role: 'r',
      facts: [fact],
      aliases: [
        { text: 'Nikolai Patrushev' },
        { text: 'Patrushev' },
        { text: 'Патрушев', lang: 'ru', paradigm: 'ru-ev' },
      ],
    },
    {
      id: 'zas',
      type: 'person',
      name: 'Stanislav Zas',
      role: 'r',
      facts: [fact],
      aliases: [{ text: 'Stanislav Zas' }, { text: 'Зась', lang: 'ru', paradigm: 'ru-soft' }],
    },
    {
      id: 'markov',
      type: 'person',
      name: 'Sergei Markov',
      role: 'r',
      facts: [fact],
      aliases: [
        { text: 'Sergei Markov' },
        { text: 'Markov', requires: { page: ['markov'] }, veto: { after: ['chain'] } },
      ],
    },
  ],
});
const matcher = new Matcher(buildSpec(catalogue));
const found = (text: string) => matcher.scanAll(text).map((m) => `${m.entity}:${text.slice(m.start, m.end)}`);

describe('Matcher', () => {
  it.each([
    ['The CSTO met.', ['csto:CSTO']],
    ["The CSTO's summit", ['csto:CSTO']],
    ['The CSTO’s summit', ['csto:CSTO']],
    ['THE CSTO SUMMIT', ['csto:CSTO']],
    ['the csto summit', []],
    ['CSTOS and XCSTO', []],
    ['collective security treaty organization', ['csto:collective security treaty organization']],
    ['Collective\u00a0Security\nTreaty   Organization', ['csto:Collective\u00a0Security\nTreaty   Organization']],
    ['Nikolai Patru\u00adshev spoke', ['patrushev:Nikolai Patru\u00adshev']],
    ['Patrushev said', ['patrushev:Patrushev']],
    ['слова Патрушева и Патрушеву', ['patrushev:Патрушева', 'patrushev:Патрушеву']],
    ['Патрушевский', []],
    ['у Зася и Засем', ['zas:Зася', 'zas:Засем']],
    ['ОДКБ и НАТО', ['csto:ОДКБ']],
    ['cis-trans isomers and rats in the attic', []],
    ['the English Channel crossing', []],
    ['The anti-drug operation "Channel" ("Kanal") seized', ['kanal:Channel']],
    ['They swam the Channel.', []],
    ['the Panama Canal', []],
    ['the annual anti-drug operation "Canal" through the CSTO', ['kanal:Canal', 'csto:CSTO']],
    ['anti-drug Canal+ broadcast', []],
    ['SCO Group sued IBM over SCO Unix', []],
    ['The Shanghai Cooperation Organization (SCO) met', ['sco:Shanghai Cooperation Organization', 'sco:SCO']],
    ['SCO member states met', ['sco:SCO']],
    ['RATs are remote-access trojans; RATS', []],
    ['the SCO RATS council and RATS SCO', ['rats:SCO RATS', 'rats:RATS SCO']],
    ['the SCO Regional Anti-Terrorist Structure met', ['rats:SCO Regional Anti-Terrorist Structure']],
    ['A Markov chain. Markov said', []],
    ['Sergei Markov recalled. Markov said. A Markov chain', ['markov:Sergei Markov', 'markov:Markov']],
    ['Operation Kanal', ['kanal:Operation Kanal']],
  ])('%s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('leaves page evidence to the caller in scan()', () => {
    const { mentions, pending } = matcher.scan('RATS met.');
    expect(mentions).toEqual([]);
    expect(pending.map((p) => p.entity)).toEqual(['rats']);
  });

  it('does not cross block separators', () => {
    expect(found('Nikolai\u2029Patrushev')).toEqual(['patrushev:Patrushev']);
    expect(found('operation\u2029the Channel')).toEqual([]);
  });
});
