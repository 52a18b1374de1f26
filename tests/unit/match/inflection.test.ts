/**
 * Multi-word Russian names in every case: each word of an alias inflects through its own paradigm (data,
 * `alias.words`) and every combination goes into the automaton.
 */
import { describe, expect, it } from 'vitest';
import { loadData } from '../../../lib/kb/load';
import { defaultDataDir } from '../../../lib/kb/vite-plugin';
import { Matcher } from '../../../lib/match/matcher';
import { buildSpec, expandWords } from '../../../lib/match/spec';

const matcher = new Matcher(buildSpec(loadData(defaultDataDir()).catalogue));
const found = (text: string) => matcher.scanAll(text).map((m) => `${m.entity}:${text.slice(m.start, m.end)}`);

describe('expandWords', () => {
  const noun = { strip: 'ия', endings: ['ия', 'ии', 'ию', 'ией'] };
  const adj = { strip: 'ая', endings: ['ая', 'ой', 'ую', 'ою'] };
  it('inflects the words that have a paradigm and keeps the others', () => {
    expect(expandWords('Шанхайская организация сотрудничества', [adj, noun, undefined])).toContain(
      'Шанхайской организацией сотрудничества',
    );
    expect(expandWords('Шанхайская организация сотрудничества', [adj, noun, undefined])).toHaveLength(16);
  });
  it('with agree, pairs the k-th endings only', () => {
    const hard = { strip: '', endings: ['', 'а', 'у', 'ом', 'е'] };
    const ev = { strip: '', endings: ['', 'а', 'у', 'ым', 'е'] };
    expect(expandWords('Владимир Путин', [hard, ev], true)).toEqual([
      'Владимир Путин',
      'Владимира Путина',
      'Владимиру Путину',
      'Владимиром Путиным',
      'Владимире Путине',
    ]);
    expect(() => expandWords('Шанхайская организация', [adj, { strip: 'ия', endings: ['ия', 'ии'] }], true)).toThrow(
      /as many endings/,
    );
  });
  it('refuses a word count that does not match', () => {
    expect(() => expandWords('Шанхайская организация', [adj])).toThrow(/2 words but 1 entries/);
  });
  it('refuses a word that does not end as its paradigm strips', () => {
    expect(() => expandWords('Совет безопасности', [noun, undefined])).toThrow(/does not end with "ия"/);
  });
});

describe('every case of the long Russian names', () => {
  it.each([
    [
      'csto',
      [
        'Организация Договора о коллективной безопасности',
        'Организации Договора о коллективной безопасности',
        'Организацию Договора о коллективной безопасности',
        'Организацией Договора о коллективной безопасности',
        'Организации договора о коллективной безопасности',
      ],
    ],
    [
      'sco',
      [
        'Шанхайская организация сотрудничества',
        'Шанхайской организации сотрудничества',
        'Шанхайскую организацию сотрудничества',
        'Шанхайской организацией сотрудничества',
      ],
    ],
    [
      'cis',
      [
        'Содружество Независимых Государств',
        'Содружества Независимых Государств',
        'Содружеству Независимых Государств',
        'Содружеством Независимых Государств',
        'Содружестве Независимых Государств',
        'Содружества независимых государств',
      ],
    ],
    [
      'rats',
      [
        'Региональная антитеррористическая структура',
        'Региональной антитеррористической структуры',
        'Региональную антитеррористическую структуру',
        'Региональной антитеррористической структурой',
        'Региональной антитеррористической структуры ШОС',
      ],
    ],
    [
      'russian-security-council',
      [
        'Совет безопасности Российской Федерации',
        'Совета безопасности Российской Федерации',
        'Совету безопасности РФ',
        'Советом безопасности России',
        'Совете безопасности (СБ) РФ',
        'Совбеза РФ',
        'Совбезе России',
        'СБ РФ',
      ],
    ],
    [
      'wilayat-khorasan',
      [
        'Вилаят Хорасан',
        'Вилаята Хорасан',
        'Вилаяту Хорасан',
        'Вилаятом Хорасан',
        'Вилаяте Хорасан',
        'Вилаята «Хорасан»',
      ],
    ],
    [
      'isis',
      [
        'Исламское государство',
        'Исламского государства',
        'Исламскому государству',
        'Исламским государством',
        'Исламском государстве',
      ],
    ],
    ['nikolai-bordyuzha', ['Николай Бордюжа', 'Николая Бордюжи', 'Николаю Бордюже', 'Николаем Бордюжей']],
  ])('%s', (entity, forms) => {
    for (const form of forms) expect(found(`Сообщение: ${form} — и только.`), form).toEqual([`${entity}:${form}`]);
  });

  it('marks the lower-case RATS name after "Исполком" as one mention', () => {
    expect(found('Исполком региональной антитеррористической структуры подготовил доклад')).toEqual([
      'rats:региональной антитеррористической структуры',
    ]);
  });

  it('keeps abbreviations and mixed forms', () => {
    expect(found('Директор Исполкома РАТС ШОС, страны СНГ и секретарь Совбеза РФ')).toEqual([
      'rats:РАТС ШОС',
      'cis:СНГ',
      'russian-security-council:Совбеза РФ',
    ]);
  });

  it('leaves the UN Security Council and a school council alone', () => {
    expect(found('Совбез ООН и Совет Безопасности ООН; Совет безопасности школы')).toEqual([]);
  });
});
