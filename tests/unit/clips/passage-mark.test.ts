// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { markPassage, PASSAGE_ID } from '../../../lib/clips/passage-mark';

/** A body of `html`, the clip `text`, the passage `sentence` (its first occurrence after `from` in text). */
function run(html: string, text: string, sentence: string, from = 0) {
  const body = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html').body;
  const start = text.indexOf(sentence, from);
  const ok = markPassage(body, text, { start, end: start + sentence.length });
  return { ok, body, marks: [...body.querySelectorAll(`mark.${PASSAGE_ID}`)] };
}

describe('markPassage', () => {
  const TEXT = 'First. Zas met Patrushev in Minsk. Last.';
  it.each([
    ['one text node', '<p>First. Zas met Patrushev in Minsk. Last.</p>'],
    ['across <b> and <a>', '<p>First. <b>Zas</b> met <a href="#">Patrushev</a> in Minsk. Last.</p>'],
    ['whitespace that differs from the text', '<p>First.</p>\n<p>  Zas   met\nPatrushev in Minsk. Last.</p>'],
  ])('%s: the marks hold exactly the passage, the first has the id', (_, html) => {
    const sentence = 'Zas met Patrushev in Minsk.';
    const { ok, marks } = run(html, TEXT, sentence);
    expect(ok).toBe(true);
    expect(
      marks
        .map((m) => m.textContent)
        .join(' ')
        .replace(/\s+/g, ' '),
    ).toBe(sentence);
    expect(marks[0]!.id).toBe(PASSAGE_ID);
    expect(marks.slice(1).every((m) => m.id === '')).toBe(true);
  });

  it('of two identical sentences, marks the one whose neighbours agree', () => {
    const text = 'Alpha came first.\n\nHe spoke. Beta followed.\n\nHe spoke. Gamma ended it.';
    const html = '<p>Alpha came first.</p><p>He spoke. Beta followed.</p><p>He spoke. Gamma ended it.</p>';
    const second = text.indexOf('He spoke.', text.indexOf('Beta'));
    const { ok, body } = run(html, text, 'He spoke.', second);
    expect(ok).toBe(true);
    expect(body.querySelector(`#${PASSAGE_ID}`)!.closest('p')!.textContent).toBe('He spoke. Gamma ended it.');
  });

  it('changes nothing and says so when the passage is not in the HTML', () => {
    const html = '<p>Something else entirely.</p>';
    const { ok, body } = run(html, 'Zas met Patrushev.', 'Zas met Patrushev.');
    expect(ok).toBe(false);
    expect(body.innerHTML).toBe(html);
  });

  it('keeps the text of the document as it was', () => {
    const html = '<p>First. <b>Zas</b> met <a href="#">Patrushev</a> in Minsk. Last.</p>';
    const { body } = run(html, 'First. Zas met Patrushev in Minsk. Last.', 'Zas met Patrushev in Minsk.');
    expect(body.textContent).toBe('First. Zas met Patrushev in Minsk. Last.');
    expect(body.querySelector('a')!.textContent).toBe('Patrushev');
  });
});
