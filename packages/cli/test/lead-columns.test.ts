import { describe, expect, it } from 'vitest';
import { contactOf } from '@blinkpost/contract';
import { mapArg, mapColumns } from '../src/commands/lead-columns.js';

const none = { map: {}, skip: [] };

describe('mapColumns', () => {
  it('maps both SalesBlink casings and the API aliases to standard fields; the rest are custom', () => {
    const header = ['Email', 'first_name', 'First Name', 'Last_Name', 'company', 'Tier', ''];
    expect(mapColumns(header, none)).toEqual([
      { column: 'Email', field: 'Email', custom: false },
      { column: 'first_name', field: 'First_Name', custom: false },
      { column: 'First Name', field: 'First_Name', custom: false },
      { column: 'Last_Name', field: 'Last_Name', custom: false },
      { column: 'company', field: 'Company_Name', custom: false },
      { column: 'Tier', field: 'Tier', custom: true },
      { column: '', field: null, custom: false },
    ]);
  });

  it('knows the export synonyms the dashboard knows, by header and by --map', () => {
    const header = ['Work Email', 'Given Name', 'Surname', 'Organization', 'Notes', 'Org'];
    expect(mapColumns(header, { map: { Org: 'organisation' }, skip: [] })).toEqual([
      { column: 'Work Email', field: 'Email', custom: false },
      { column: 'Given Name', field: 'First_Name', custom: false },
      { column: 'Surname', field: 'Last_Name', custom: false },
      { column: 'Organization', field: 'Company_Name', custom: false },
      { column: 'Notes', field: 'Notes', custom: true },
      { column: 'Org', field: 'Company_Name', custom: false },
    ]);
  });

  it('--map overrides a header (to a standard or a custom field) and --skip-column leaves one out', () => {
    const choices = { map: mapArg('Org=company', mapArg('E-Mail Addr=email')), skip: ['Notes'] };
    expect(
      mapColumns(['E-Mail Addr', 'Org', 'Notes', 'Email'], { ...choices, map: { ...choices.map, Email: 'Old Email' } }),
    ).toEqual([
      { column: 'E-Mail Addr', field: 'Email', custom: false },
      { column: 'Org', field: 'Company_Name', custom: false },
      { column: 'Notes', field: null, custom: false },
      { column: 'Email', field: 'Old Email', custom: true },
    ]);
  });

  it('refuses a choice naming no column, and a file without an email column', () => {
    expect(() => mapColumns(['Email'], { map: { Mail: 'email' }, skip: [] })).toThrow('no column "Mail" in the file');
    expect(() => mapColumns(['Email'], { map: {}, skip: ['Phone'] })).toThrow('no column "Phone"');
    expect(() => mapColumns(['Name', 'Reach'], none)).toThrow('no column holds the email address');
    expect(() => mapArg('Email')).toThrow('must be "Column Header=field"');
    expect(() => mapArg('Email=')).toThrow('--skip-column');
  });
});

describe('contactOf', () => {
  it('trims values, leaves empty cells out, and lets the later non-empty column of one field win', () => {
    const mapping = mapColumns(['Email', 'First Name', 'first_name', 'Tier', 'Skip'], { map: {}, skip: ['Skip'] });
    expect(contactOf(mapping, [' ann@x.test ', 'Ann', '', ' ', 'secret'])).toEqual({
      Email: 'ann@x.test',
      First_Name: 'Ann',
    });
    expect(contactOf(mapping, ['bo@x.test', 'Bo', 'Bob', 'gold', ''])).toEqual({
      Email: 'bo@x.test',
      First_Name: 'Bob',
      Tier: 'gold',
    });
  });
});
