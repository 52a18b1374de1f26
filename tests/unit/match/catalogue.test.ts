/**
 * The real catalogue's rules against the sentences real pages write: every ambiguous alias has a trap
 * (the ordinary word, the other organisation) that must stay unmarked and a context that marks it.
 */
import { describe, expect, it } from 'vitest';
import { loadData } from '../../../lib/kb/load';
import { defaultDataDir } from '../../../lib/kb/vite-plugin';
import { Matcher } from '../../../lib/match/matcher';
import { buildSpec } from '../../../lib/match/spec';

const matcher = new Matcher(buildSpec(loadData(defaultDataDir()).catalogue));
const found = (text: string) => matcher.scanAll(text).map((m) => `${m.entity}:${text.slice(m.start, m.end)}`);

describe('traps stay unmarked', () => {
  it.each([
    ['rats', 'How to keep rats out of the shed this winter.'],
    ['RATs as trojans', 'Attackers deployed RATs (remote-access trojans) against the bank.'],
    ['cis-trans', 'Chemists explain cis-trans isomerism in alkenes.'],
    ['CIS benchmarks', 'Harden the server with the CIS Benchmarks and CIS Controls.'],
    ['English Channel', 'Ferries across the English Channel resume today.'],
    ['Panama Canal', 'Cruise lines add Panama Canal sailings.'],
    ['Suez Canal', 'A ship blocked the Suez Canal for six days.'],
    ['Canal+', 'The match is on Canal+ tonight.'],
    ['a TV channel', 'The Discovery Channel aired a documentary.'],
    ['Kanal D', 'The series aired on Kanal D in Turkey.'],
    ['the Thunder', 'Sport: the Thunder beat the Lakers 112-104.'],
    ['Thunder alone', 'Thunder rolled over the hills all night.'],
    ['Markov chain', 'A new paper models weather as a Markov chain.'],
    ['hidden Markov', 'Speech recognisers used hidden Markov models.'],
    ['SCO Group', 'The SCO Group sued IBM over Unix code.'],
    ['SCO Unix', 'Old banks still run SCO Unix and SCO OpenServer.'],
    ['Zas as a word', 'The Dutch rapper Zas released an album.'],
    ['Maslov alone', 'Maslov scored twice for the home side.'],
    ['sentence-case words', 'Keep the channel open; the canal is dry; thunder is loud.'],
    ['acronyms inside words', 'CISCO routers, SCOTUS rulings, CSTOs and NATOPS manuals.'],
  ])('%s', (_name, text) => {
    expect(found(text)).toEqual([]);
  });
});

describe('the entity in its context is marked', () => {
  it.each([
    [
      'operation "Channel"',
      'regional anti-drug operations under the general name "Channel" ("Kanal") are conducted.',
      ['operation-kanal:Channel', 'operation-kanal:Kanal'],
    ],
    [
      'operation "Canal"',
      'the annual anti-drug operation "Canal" through the CSTO',
      ['operation-kanal:Canal', 'csto:CSTO'],
    ],
    [
      'stage name',
      'As part of the operation "Channel - Red Barkhan" ("Kanal - Krasnyi Barhan")',
      ['kanal-krasnyi-barhan:Channel - Red Barkhan', 'kanal-krasnyi-barhan:Kanal - Krasnyi Barhan'],
    ],
    [
      'exercise "Thunder"',
      'a special exercise of anti-drug services under the conventional name "Thunder"',
      ['exercise-thunder:Thunder'],
    ],
    ['RATS near SCO', 'The SCO summit praised RATS for its work.', ['sco:SCO', 'rats:RATS']],
    ['reversed acronyms', 'the Council of RATS SCO and the SCO RATS council', ['rats:RATS SCO', 'rats:SCO RATS']],
    ['CIS countries', 'heads of security services of the CIS countries met', ['cis:CIS']],
    [
      'SCO with page evidence',
      'The Shanghai Cooperation Organisation met. Later the SCO said so.',
      ['sco:Shanghai Cooperation Organisation', 'sco:SCO'],
    ],
    [
      'Markov with his full name',
      'Sergei Markov recalled the aims. Markov said more.',
      ['sergei-markov:Sergei Markov', 'sergei-markov:Markov'],
    ],
    ['possessives', "The CSTO's chief and Patrushev’s remarks", ['csto:CSTO', 'nikolai-patrushev:Patrushev']],
    [
      'all-caps headline',
      'PATRUSHEV URGES CIS STATES TO SHARE INTELLIGENCE',
      ['nikolai-patrushev:PATRUSHEV', 'cis:CIS'],
    ],
    [
      'spelling variants',
      'Erlan Sagimbaev and Ruslan Seisembaev; Vilayat Khorasan and Wilayat Khorasan',
      [
        'sagimbayev:Sagimbaev',
        'ruslan-seisembayev:Ruslan Seisembaev',
        'wilayat-khorasan:Vilayat Khorasan',
        'wilayat-khorasan:Wilayat Khorasan',
      ],
    ],
    [
      'Russian case forms',
      'Слова Патрушева, встреча с Патрушевым, письмо Зася, ОДКБ и ШОС',
      ['nikolai-patrushev:Патрушева', 'nikolai-patrushev:Патрушевым', 'stanislav-zas:Зася', 'csto:ОДКБ', 'sco:ШОС'],
    ],
    ['misspelt caption', 'Рашид Нургалив: Ни один из принятых документов', ['rashid-nurgaliyev:Нургалив']],
    ['soft hyphen and nbsp', 'Nikolai\u00a0Bor\u00addyuzha spoke', ['nikolai-bordyuzha:Nikolai\u00a0Bor\u00addyuzha']],
  ])('%s', (_name, text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});
