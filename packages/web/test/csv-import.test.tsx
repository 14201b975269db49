// @vitest-environment happy-dom
import type { AddContactsResult } from '@blinkpost/contract';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { CsvImport } from '../src/pages/lists/csv-import.tsx';
import { autoMap, mapRows, readCsv } from '../src/pages/lists/csv-mapping.ts';

afterEach(cleanup);

describe('CSV parsing and mapping', () => {
  it('auto-maps common headers to contact fields and keeps the rest as custom fields', () => {
    expect(
      autoMap(['E-mail Address', 'First Name', 'surname', 'Company', 'Job Title', 'LinkedIn', '', 'email']),
    ).toEqual(['Email', 'First_Name', 'Last_Name', 'Company_Name', 'Job_Title', 'custom', 'skip', 'custom']);
  });

  it('keeps the line each record starts on, across quoted line breaks and blank lines', () => {
    const table = readCsv('\uFEFFemail,note\r\na@x.io,"two\nlines"\r\n\r\nb@x.io,"say ""hi"""\n');
    expect(table).toEqual({
      headers: ['email', 'note'],
      headerError: null,
      rows: [
        { line: 2, fields: ['a@x.io', 'two\nlines'] },
        { line: 5, fields: ['b@x.io', 'say "hi"'] },
      ],
    });
  });

  it('reads a file separated by semicolons or tabs', () => {
    expect(readCsv('Email;Name\na@x.io;"Ann; Jr"\n').rows).toEqual([{ line: 2, fields: ['a@x.io', 'Ann; Jr'] }]);
    expect(readCsv('Email\tName\na@x.io\tAnn, Jr\n').rows).toEqual([{ line: 2, fields: ['a@x.io', 'Ann, Jr'] }]);
  });

  it('sends a custom column under a key the API cannot take for a standard field', () => {
    const { headers, rows } = readCsv('Email,Company,email\nann@x.io,Annco,ann@home.io\n');
    const { contacts } = mapRows(headers, rows, ['Email', 'custom', 'custom']);
    expect(contacts[0]?.contact).toEqual({ Email: 'ann@x.io', Company_custom: 'Annco', email_custom: 'ann@home.io' });
  });

  it('reports malformed rows and rows without a usable email by line', () => {
    const { headers, rows } = readCsv('email,name\nok@x.io,A\n,B\nnot-an-email,C\nz@x.io,D,extra\n"y@x.io"z,E\n');
    const { contacts, bad } = mapRows(headers, rows, ['Email', 'First_Name']);
    expect(contacts).toEqual([{ line: 2, contact: { Email: 'ok@x.io', First_Name: 'A' } }]);
    expect(bad).toEqual([
      { line: 3, reason: 'Email is empty' },
      { line: 4, reason: '"not-an-email" is not an email address' },
      { line: 5, reason: 'has 3 cells, the header 2' },
      { line: 6, reason: '"z" after a closing quote (write a quote inside a field as "")' },
    ]);
  });

  it('names a malformed header row', () => {
    expect(readCsv('"Email"x,Name\na@x.io,Ann\n')).toMatchObject({
      headers: [],
      headerError:
        'The header row (line 1) is malformed: "x" after a closing quote (write a quote inside a field as "").',
    });
  });
});

describe('CSV import', () => {
  const CSV = [
    'Email,First Name,Plan',
    'a@x.io,Ann,pro',
    'bad,Bob,free',
    'c@x.io,Cy,pro',
    'd@x.io,Di,free',
    'e@x.io,Ed,pro',
  ].join('\n');

  it('imports in batches with the overridden mapping and names bad rows, the server’s too, by line', async () => {
    const user = userEvent.setup();
    const batches: { contacts: Record<string, string>[]; dedupe: boolean }[] = [];
    const importBatch = async (contacts: Record<string, string>[], dedupe: boolean): Promise<AddContactsResult> => {
      batches.push({ contacts, dedupe });
      // The server refuses the second contact of the first batch (c@x.io, line 4).
      const invalid = batches.length === 1 ? [{ index: 1, email: 'c@x.io', reason: 'Email domain has no MX' }] : [];
      return { list_id: 'l', added: contacts.length - invalid.length, duplicates: 0, invalid, contacts: [] };
    };
    render(<CsvImport importBatch={importBatch} batchSize={2} />);
    fireEvent.change(screen.getByLabelText('Or paste CSV'), { target: { value: CSV } });

    expect(screen.getByLabelText('Field for column Email')).toHaveProperty('value', 'Email');
    expect(screen.getByLabelText('Field for column First Name')).toHaveProperty('value', 'First_Name');
    expect(screen.getByLabelText('Field for column Plan')).toHaveProperty('value', 'custom');
    expect(screen.getAllByRole('row')).toHaveLength(6); // header and the five rows previewed

    await user.selectOptions(screen.getByLabelText('Field for column Plan'), 'skip');
    await user.click(screen.getByLabelText(/dedupe/));
    await user.click(screen.getByRole('button', { name: 'Import 5 rows' }));

    await waitFor(() => expect(screen.getByTestId('csv-result')).toBeTruthy());
    expect(batches.map((b) => b.contacts.map((c) => c.Email))).toEqual([
      ['a@x.io', 'c@x.io'],
      ['d@x.io', 'e@x.io'],
    ]);
    expect(batches[0]?.contacts[0]).toEqual({ Email: 'a@x.io', First_Name: 'Ann' });
    expect(batches.every((b) => b.dedupe === false)).toBe(true);
    expect(screen.getByRole('status').textContent).toContain('Added 3');
    expect(screen.getByTestId('csv-bad-rows').textContent).toBe(
      'Line 3: "bad" is not an email addressLine 4: Email domain has no MX',
    );
    expect(screen.getByTestId('csv-progress')).toHaveProperty('value', 4);
  });

  it('will not import without an Email column', async () => {
    const user = userEvent.setup();
    render(<CsvImport importBatch={() => Promise.reject(new Error('not called'))} />);
    fireEvent.change(screen.getByLabelText('Or paste CSV'), { target: { value: CSV } });
    await user.selectOptions(screen.getByLabelText('Field for column Email'), 'custom');
    expect(screen.getByRole('alert').textContent).toBe('Map one column to Email.');
    expect(screen.getByRole('button', { name: 'Import 5 rows' })).toHaveProperty('disabled', true);
  });
});
