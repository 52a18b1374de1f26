/**
 * The reader's entities: validation in plain words that stores nothing, compilation into the matcher's
 * spec (one automaton with the catalogue, Russian case forms through the catalogue's paradigms), and
 * what content scripts accept from storage.
 */
import { describe, expect, it } from 'vitest';
import { compileEntities, mergeSpec, parseCompiled } from '../../../lib/entities/compile';
import { aliasForms, guessParadigm } from '../../../lib/entities/inflect';
import { ReaderEntity, type ReaderEntityInput } from '../../../lib/entities/schema';
import { validateEntity, type ValidationContext } from '../../../lib/entities/validate';
import { loadData } from '../../../lib/kb/load';
import { defaultDataDir } from '../../../lib/kb/vite-plugin';
import { Matcher } from '../../../lib/match/matcher';
import { buildSpec } from '../../../lib/match/spec';

const catalogue = loadData(defaultDataDir()).catalogue;
const corpus = buildSpec(catalogue);
const paradigms = corpus.paradigms!;
const ctx = (others: ValidationContext['others'] = []): ValidationContext => ({
  paradigms,
  corpus,
  corpusNames: Object.fromEntries(catalogue.entities.map((e) => [e.id, e.name])),
  others,
});

let n = 0;
function entity(name: string, aliases: string[], extra: Partial<ReaderEntityInput> = {}): ReaderEntityInput {
  n++;
  return {
    id: `u-test${String(n).padStart(4, '0')}`,
    name,
    type: 'person',
    aliases: aliases.map((text) => ({ text, case: 'sensitive', inflect: 'auto' })),
    createdAt: 1,
    updatedAt: 1,
    ...extra,
  };
}
const parse = (e: ReaderEntityInput) => ReaderEntity.parse(e);

describe('validation', () => {
  it.each([
    ['an empty alias', [' '], 'An alias is empty'],
    ['one letter', ['X'], '"X" is too short'],
    ['a digit and a letter', ['7x'], '"7x" is too short'],
    ['a stop word alone', ['the'], '"the" is too common'],
    ['a Russian stop word', ['сказал'], '"сказал" is too common'],
    ['the same alias twice', ['Kanal', 'kanal'], 'listed twice'],
  ])('refuses %s with a plain message', (_what, aliases, message) => {
    const v = validateEntity(entity('Someone', aliases), ctx());
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problems.join('\n')).toContain(message);
  });

  it('refuses more than 50 aliases, saying how many', () => {
    const aliases = Array.from(
      { length: 51 },
      (_, i) => `Name ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`,
    );
    const v = validateEntity(entity('Many', aliases), ctx());
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problems).toContain('An entity can have at most 50 aliases; this one has 51.');
  });

  it('refuses a 5,001st entity', () => {
    const others = Array.from({ length: 5_000 }, (_, i) => ({ id: `u-x${i}`, name: `E${i}`, aliases: [] }));
    const v = validateEntity(entity('One more', ['One More Name']), ctx(others));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problems[0]).toContain('at most 5,000 entities');
  });

  it('names the catalogue entity an alias already belongs to, and accepts it once the reader chooses theirs', () => {
    const draft = entity('My CSTO', ['CSTO']);
    const v = validateEntity(draft, ctx());
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems).toEqual([]);
    expect(v.clashes).toEqual([
      { alias: 'CSTO', entity: 'csto', name: catalogue.entities.find((e) => e.id === 'csto')!.name },
    ]);
    const again = validateEntity({ ...draft, overrides: ['csto'] }, ctx());
    expect(again.ok).toBe(true);
  });

  it('catches a clash through a case form: the alias inflects into a form the catalogue owns', () => {
    // "Патрушева" is a case form of the catalogue's Патрушев; the reader writes it as a woman's surname.
    const v = validateEntity(
      entity('Patrusheva', ['Патрушева'], { aliases: [{ text: 'Патрушева', case: 'sensitive', inflect: 'auto' }] }),
      ctx(),
    );
    expect(v.ok).toBe(false);
  });

  it("refuses an alias another of the reader's entities has", () => {
    const first = parse(entity('Erlan', ['Тасмагамбетов']));
    const v = validateEntity(entity('Other', ['Тасмагамбетова']), ctx([first]));
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problems[0]).toContain('already an alias of your entity "Erlan"');
  });

  it('accepts a good entity and fills the defaults', () => {
    const v = validateEntity(entity('Imangali Tasmagambetov', ['Tasmagambetov', 'Тасмагамбетов']), ctx());
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.entity).toMatchObject({ near: [], vetoBefore: [], note: '', overrides: [] });
  });
});

describe('inflection through the catalogue paradigms', () => {
  it.each([
    ['Тасмагамбетов', 'ru-masc-ev'],
    ['Назарбаева', 'ru-fem-a'],
    ['Астана', 'ru-fem-a'],
    ['Tasmagambetov', null],
    ['ОДКБ', null],
  ])('%s → %s', (word, paradigm) => expect(guessParadigm(word)).toBe(paradigm));

  it('expands a surname and a two-word name, keeping forms that agree', () => {
    expect(aliasForms('Тасмагамбетов', 'auto', paradigms)).toEqual(
      expect.arrayContaining(['Тасмагамбетов', 'Тасмагамбетова', 'Тасмагамбетову', 'Тасмагамбетовым']),
    );
    expect(aliasForms('Тасмагамбетов', 'none', paradigms)).toEqual(['Тасмагамбетов']);
    expect(aliasForms('Иманградий Тасмагамбетов', 'auto', paradigms)).toContain('Иманградия Тасмагамбетова');
  });
});

describe('compilation into one automaton with the catalogue', () => {
  const mine = [
    parse(entity('Imangali Tasmagambetov', ['Tasmagambetov', 'Тасмагамбетов'])),
    parse(entity('Kanal-Trap', ['Ferghana Route'], { type: 'operation', near: ['drug'], vetoBefore: ['old'] })),
  ];
  const compiled = compileEntities(mine, paradigms, corpus);
  const matcher = new Matcher(mergeSpec(corpus, compiled));
  const found = (t: string) => matcher.scanAll(t).map((m) => `${m.entity}:${t.slice(m.start, m.end)}`);

  it('finds Latin and Russian case forms and the catalogue in the same pass', () => {
    const text = 'Tasmagambetov met the CSTO. Встреча с Тасмагамбетовым и Тасмагамбетову.';
    expect(found(text)).toEqual([
      `${mine[0]!.id}:Tasmagambetov`,
      'csto:CSTO',
      `${mine[0]!.id}:Тасмагамбетовым`,
      `${mine[0]!.id}:Тасмагамбетову`,
    ]);
  });

  it("applies the reader's context words and vetoes in the catalogue's format", () => {
    expect(found('The Ferghana Route is long.')).toEqual([]);
    expect(found('The Ferghana Route for drug trafficking.')).toEqual([`${mine[1]!.id}:Ferghana Route`]);
    expect(found('The old Ferghana Route for drug trafficking.')).toEqual([]);
  });

  it('gives catalogue forms to the reader where they chose theirs', () => {
    const own = compileEntities([parse(entity('Mine', ['CSTO'], { overrides: ['csto'] }))], paradigms, corpus);
    expect(own.claimed).toEqual(['csto']);
    const m = new Matcher(mergeSpec(corpus, own));
    expect(m.scanAll('The CSTO met.').map((x) => x.entity)).toEqual([own.rules[0]!.entity]);
  });

  it('survives storage: parseCompiled accepts its own output and refuses anything malformed', () => {
    expect(parseCompiled(JSON.parse(JSON.stringify(compiled)))).toEqual(compiled);
    expect(parseCompiled(null)).toBeNull();
    expect(parseCompiled({ ...compiled, v: 2 })).toBeNull();
    expect(parseCompiled({ ...compiled, forms: [['x', 99]] })).toBeNull();
    expect(parseCompiled({ ...compiled, forms: [['  ', 0]] })).toBeNull();
    expect(mergeSpec(corpus, null)).toBe(corpus);
  });
});
