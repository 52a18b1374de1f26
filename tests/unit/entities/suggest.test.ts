/** Suggestions with compromise: recurring names the catalogue and the reader do not know, with samples. */
import nlp from 'compromise';
import { describe, expect, it } from 'vitest';
import { foldForm } from '../../../lib/entities/compile';
import { suggest } from '../../../lib/entities/suggest';
import { loadData } from '../../../lib/kb/load';
import { defaultDataDir } from '../../../lib/kb/vite-plugin';
import { Matcher } from '../../../lib/match/matcher';
import { buildSpec } from '../../../lib/match/spec';

const matcher = new Matcher(buildSpec(loadData(defaultDataDir()).catalogue));
const clips = [
  {
    id: 'a',
    title: 'Appointment',
    text: 'The CSTO named a new chief. On Monday Tasmagambetov took office in Moscow. Officials in Dushanbe welcomed it.',
  },
  {
    id: 'b',
    title: 'Border talks',
    text: 'Talks went on. Later Tasmagambetov visited the Tajik-Afghan border with the CSTO staff. Dushanbe hosted them.',
  },
  { id: 'c', title: 'Other', text: 'A story about Oslo and nothing else. Oslo again.' },
];

describe('suggestions', () => {
  it('proposes names that recur across clips, with counts and two samples, and leaves out what the catalogue marks', async () => {
    const out = await suggest(nlp, clips, matcher, new Set());
    const names = out.map((s) => s.name);
    expect(names).toContain('Tasmagambetov');
    expect(names).toContain('Dushanbe');
    expect(names).not.toContain('CSTO'); // the catalogue's
    expect(names).not.toContain('Oslo'); // one clip only
    const t = out.find((s) => s.name === 'Tasmagambetov')!;
    expect(t).toMatchObject({ count: 2, clips: 2 });
    expect(t.samples.map((s) => s.sentence)).toEqual([
      'On Monday Tasmagambetov took office in Moscow.',
      'Later Tasmagambetov visited the Tajik-Afghan border with the CSTO staff.',
    ]);
  });

  it('never proposes a dismissed name again', async () => {
    const out = await suggest(nlp, clips, matcher, new Set([foldForm('Tasmagambetov')]));
    expect(out.map((s) => s.name)).not.toContain('Tasmagambetov');
  });
});
