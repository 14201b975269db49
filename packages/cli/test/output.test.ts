import { describe, expect, it } from 'vitest';
import { Output, renderRecord, renderTable } from '../src/commands/output.js';

describe('remote command output', () => {
  it('aligns a table, shows "-" for empty cells, and cuts long ones to one line', () => {
    const rows = [
      { id: 'a1', name: 'Intro', body: `<p>${'x'.repeat(80)}</p>` },
      { id: 'b22', name: '', body: 'two\nlines' },
    ];
    const table = renderTable(rows, { ID: (r) => r.id, NAME: (r) => r.name, BODY: (r) => r.body });
    expect(table.split('\n')).toEqual([
      'ID   NAME   BODY',
      `a1   Intro  <p>${'x'.repeat(56)}…`,
      'b22  -      two lines',
    ]);
  });

  it('flattens a record: dotted keys, lists joined, Unix-ms times as ISO, object arrays as tables', () => {
    const text = renderRecord(
      {
        id: 's1',
        lists: ['l1', 'l2'],
        sent_at: Date.UTC(2026, 2, 2, 10),
        next_send_at: 0,
        leads: { total: 2, active: 1 },
        steps: [
          { type: 'email', days: undefined },
          { type: 'delay', days: 2 },
        ],
        flowchart: { steps: [] },
      },
      ['flowchart'],
    );
    expect(text).toBe(
      [
        'id            s1',
        'lists         l1, l2',
        'sent_at       2026-03-02T10:00:00.000Z',
        'next_send_at  -',
        'leads.total   2',
        'leads.active  1',
        '',
        'steps:',
        'type   days',
        'email  -',
        'delay  2',
      ].join('\n'),
    );
  });
});

describe('--format csv', () => {
  it('writes the table’s columns as RFC 4180 CSV, whole values, formula cells neutralised', () => {
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = (chunk: string) => {
      written.push(chunk);
      return true;
    };
    try {
      new Output('csv').list(
        [
          { id: 'a1', name: '=HYPERLINK("http://evil.test")', note: `long ${'y'.repeat(80)}` },
          { id: 'b2', name: 'Ann, "the" lead', note: undefined },
        ],
        { ID: (r) => r.id, NAME: (r) => r.name, NOTE: (r) => r.note },
        'nothing',
      );
    } finally {
      process.stdout.write = write;
    }
    expect(written.join('')).toBe(
      'ID,NAME,NOTE\r\n' +
        `a1,"'=HYPERLINK(""http://evil.test"")",long ${'y'.repeat(80)}\r\n` +
        'b2,"Ann, ""the"" lead",\r\n',
    );
  });
});
