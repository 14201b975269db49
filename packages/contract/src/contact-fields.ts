import { STANDARD_CONTACT_FIELDS, type StandardContactField } from './contacts.schema.js';

/** Lower-case with separators removed: `First_Name`, `first-name` and `firstName` meet here. */
export const fieldKey = (name: string): string => name.toLowerCase().replace(/[\s_\-.]/g, '');

const ALIASES: Record<string, StandardContactField> = {
  email: 'Email',
  emailaddress: 'Email',
  phonenumber: 'Phone',
  company: 'Company_Name',
  title: 'Job_Title',
  officephonenumber: 'Office_Phone',
  timezone: 'Timezone',
  tz: 'Timezone',
};
for (const name of STANDARD_CONTACT_FIELDS) ALIASES[fieldKey(name)] = name;

/** The standard field a key names, or `undefined` for a custom field. */
export const standardFieldOf = (key: string): StandardContactField | undefined => {
  const k = fieldKey(key);
  // Own keys only: a custom field named "constructor" must not find Object.prototype's.
  return Object.hasOwn(ALIASES, k) ? ALIASES[k] : undefined;
};
