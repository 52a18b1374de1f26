/** The printed table. */
export interface Row {
  section: string;
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  result: 'PASS' | 'MISS' | 'pending' | '—';
}

export function printTable(rows: readonly Row[]): void {
  const head = ['figure', 'value', 'baseline', 'ratio', 'target', 'result'];
  const cells = rows.map((r) => [r.figure, r.value, r.baseline, r.ratio, r.target, r.result]);
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(width[i]!)).join(' │ ');
  const rule = width.map((w) => '─'.repeat(w)).join('─┼─');
  const out: string[] = ['', line(head), rule];
  let section = '';
  for (const [i, r] of rows.entries()) {
    if (r.section !== section) {
      section = r.section;
      out.push(`▸ ${section}`);
    }
    out.push(line(cells[i]!));
  }
  out.push('');
  process.stdout.write(out.join('\n') + '\n');
}
