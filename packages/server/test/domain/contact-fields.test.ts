import { STANDARD_CONTACT_FIELDS, standardFieldOf } from '@blinkpost/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/app-error.js';
import { columnName, normaliseContact, type NormalisedContact } from '../../src/domain/contact-fields.js';

const EMAIL = 'ann@example.com';
const SEPARATOR = fc.constantFrom('', '_', '-', ' ', '.');

/** Any spelling of `name` a spreadsheet or script might use: any casing, any separator, padded. */
function spellingOf(name: string): fc.Arbitrary<string> {
  const words = name.split(/[_-]/);
  const letters = words.join('').length;
  return fc
    .tuple(
      fc.array(fc.boolean(), { minLength: letters, maxLength: letters }),
      fc.array(SEPARATOR, { minLength: words.length - 1, maxLength: words.length - 1 }),
      fc.constantFrom('', ' ', '\t '),
    )
    .map(([upper, seps, pad]) => {
      let i = 0;
      const cased = words.map((w) => [...w].map((c) => (upper[i++] ? c.toUpperCase() : c.toLowerCase())).join(''));
      return pad + cased.map((w, k) => (k === 0 ? w : `${seps[k - 1]}${w}`)).join('') + pad;
    });
}

// Every name the docs promise, paired with the field it means.
const NAMES: [string, string][] = [
  ...STANDARD_CONTACT_FIELDS.map((f): [string, string] => [f, f]),
  ['Phone_Number', 'Phone'],
  ['Company', 'Company_Name'],
  ['Title', 'Job_Title'],
  ['E-mail', 'Email'],
  ['Email_Address', 'Email'],
];
const spelledField = fc
  .constantFrom(...NAMES)
  .chain(([name, field]) => spellingOf(name).map((spelled) => ({ spelled, field })));

// `__proto__` cannot survive JSON parsing on the way in (the HTTP layer refuses it), so it is left out here.
const customKey = fc
  .string({ minLength: 1, maxLength: 20 })
  .filter((k) => k.trim() === k && k !== '' && k !== '__proto__' && standardFieldOf(k) === undefined);

function kept(raw: Record<string, unknown>): NormalisedContact {
  const outcome = normaliseContact(raw, 'contacts[0]');
  if (!outcome.ok) throw new Error(`contact was refused: ${outcome.reason}`);
  return outcome.contact;
}

describe('standard field names', () => {
  it.each([
    ['Email', 'Email'],
    ['email', 'Email'],
    ['E-mail', 'Email'],
    ['First_Name', 'First_Name'],
    ['first_name', 'First_Name'],
    ['firstName', 'First_Name'],
    ['first name', 'First_Name'],
    ['FIRST-NAME', 'First_Name'],
    ['Phone_Number', 'Phone'],
    ['phoneNumber', 'Phone'],
    ['Company', 'Company_Name'],
    ['company name', 'Company_Name'],
    ['Title', 'Job_Title'],
    ['job.title', 'Job_Title'],
    ['Office Phone', 'Office_Phone'],
    ['time_zone', 'Timezone'],
  ])('%j is the %s field', (key, field) => {
    expect(standardFieldOf(key)).toBe(field);
    if (field !== 'Email') expect(kept({ Email: EMAIL, [key]: 'x' }).standard).toEqual({ Email: EMAIL, [field]: 'x' });
  });

  it('maps every casing and separator variant of a standard field or alias to the same field', () => {
    fc.assert(
      fc.property(spelledField, fc.string({ maxLength: 30 }), ({ spelled, field }, value) => {
        expect(standardFieldOf(spelled)).toBe(field);
        const contact = kept(field === 'Email' ? { [spelled]: EMAIL } : { Email: EMAIL, [spelled]: value });
        expect(contact.custom).toEqual({});
        expect(contact.standard[field as keyof NormalisedContact['standard']]).toBe(
          field === 'Email' ? EMAIL : value.trim(),
        );
      }),
    );
  });

  it('names the column of a standard field in snake_case and keeps a custom column as given', () => {
    expect(columnName('First Name')).toBe('first_name');
    expect(columnName('Company')).toBe('company_name');
    expect(columnName('Shoe Size')).toBe('Shoe Size');
    expect(columnName('constructor')).toBe('constructor');
  });

  it('lets the later non-empty value win when two keys name one field', () => {
    expect(kept({ Email: EMAIL, Phone: '+1 555 0100', Phone_Number: '' }).standard.Phone).toBe('+1 555 0100');
    expect(kept({ Email: EMAIL, Phone: '', Phone_Number: '+1 555 0199' }).standard.Phone).toBe('+1 555 0199');
  });
});

describe('custom fields', () => {
  it.each(['Shoe Size', 'Phone2', 'LinkedIn URL', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])(
    'keeps %j as a custom field under the name it was given',
    (key) => {
      const contact = kept({ Email: EMAIL, [key]: 'v' });
      expect(contact.custom).toEqual({ [key]: 'v' });
      expect(contact.standard).toEqual({ Email: EMAIL });
    },
  );

  it('keeps any other key exactly as given', () => {
    fc.assert(
      fc.property(customKey, fc.string({ maxLength: 30 }), (key, value) => {
        const contact = kept({ Email: EMAIL, [key]: value });
        expect(contact.custom).toEqual({ [key]: value.trim() });
      }),
    );
  });
});

describe('field values', () => {
  it('stringifies numbers and booleans, in standard and custom fields alike', () => {
    const scalar = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
    fc.assert(
      fc.property(scalar, scalar, (phone, score) => {
        const contact = kept({ Email: EMAIL, Phone: phone, Score: score });
        expect(contact.standard.Phone).toBe(String(phone));
        expect(contact.custom).toEqual({ Score: String(score) });
      }),
    );
  });

  it('skips null values and trims strings', () => {
    expect(kept({ email: `  ${EMAIL}\n`, City: null, Note: '  hi  ' })).toEqual({
      email: EMAIL,
      standard: { Email: EMAIL },
      custom: { Note: 'hi' },
    });
  });

  it('rejects an object or array value with an error naming path.Field', () => {
    const key = fc.oneof(
      spelledField.map((s) => s.spelled),
      customKey,
    );
    const value = fc.oneof(fc.object(), fc.array(fc.anything()));
    fc.assert(
      fc.property(fc.nat(9999), key, value, (index, field, bad) => {
        const path = `contacts[${index}]`;
        let thrown: unknown;
        try {
          normaliseContact({ Email: EMAIL, [field]: bad }, path);
        } catch (err) {
          thrown = err;
        }
        expect(thrown).toBeInstanceOf(AppError);
        const err = thrown as AppError;
        expect(err.code).toBe('invalid_request');
        expect(err.message.startsWith(`${path}.${field} `)).toBe(true);
        expect(err.details).toEqual({ field: `${path}.${field}` });
      }),
    );
  });
});

describe('emails', () => {
  it('refuses a contact without an email, or with an invalid one, naming the reason', () => {
    expect(normaliseContact({ First_Name: 'Ann' }, 'c')).toEqual({ ok: false, email: '', reason: 'Email is missing' });
    expect(normaliseContact({ Email: '   ' }, 'c')).toEqual({ ok: false, email: '', reason: 'Email is missing' });
    const bad = normaliseContact({ Email: 'ann@@example.com' }, 'c');
    expect(bad).toMatchObject({ ok: false, email: 'ann@@example.com' });
    expect(bad.ok ? '' : bad.reason).toMatch(/^Email /);
  });
});

describe('idempotence', () => {
  it('normalising a normalised contact changes nothing', () => {
    const key = fc.oneof(
      spelledField.filter((s) => s.field !== 'Email').map((s) => s.spelled),
      customKey,
    );
    const value = fc.oneof(fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null));
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 8 }), (raw) => {
        const once = kept({ ...raw, Email: EMAIL });
        const twice = kept({ ...once.standard, ...once.custom });
        expect(twice).toEqual(once);
      }),
    );
  });
});
