// A practical address check: the dot-atom form of RFC 5321/5322 that real mailboxes use.
// Quoted local parts and IP-literal domains are refused: no outreach tool can send to them safely.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]";
const LOCAL = new RegExp(`^${ATEXT}+(\\.${ATEXT}+)*$`);
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const TLD = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/** Why `address` is not a usable email address, or `null` when it is. */
export function emailProblem(address: string): string | null {
  if (address.length === 0) return 'is empty';
  if (address.length > 254) return 'is longer than 254 characters';
  const at = address.lastIndexOf('@');
  if (at === -1) return 'has no "@"';
  if (at === 0) return 'has nothing before "@"';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64) return 'has a local part longer than 64 characters';
  if (!LOCAL.test(local)) return 'has characters not allowed before "@"';
  const labels = domain.split('.');
  if (labels.length < 2) return 'has no domain with a dot after "@"';
  if (!labels.every((l) => LABEL.test(l))) return 'has an invalid domain';
  if (!TLD.test(labels[labels.length - 1] ?? '')) return 'has an invalid top-level domain';
  return null;
}

/** The form addresses are compared in: trimmed and lower-cased. */
export const emailKey = (address: string): string => address.trim().toLowerCase();
