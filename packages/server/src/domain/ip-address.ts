/** The kind of network an IP address belongs to; only `public` ones are webhook targets by default. */
export type AddressKind =
  'public' | 'private' | 'loopback' | 'link-local' | 'cgnat' | 'multicast' | 'unspecified' | 'reserved';

type Range = readonly [prefix: string, bits: number, kind: AddressKind];

// IANA's special-purpose IPv4 registry, less the ranges that are ordinary public unicast.
const IPV4_RANGES: readonly Range[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

/** A dotted quad as a 32-bit number; `undefined` for anything else (no octal, hex or short forms). */
function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined;
    n = n * 256 + Number(part);
  }
  return n;
}

const IPV4_TABLE = IPV4_RANGES.map(([prefix, bits, kind]) => ({ base: parseIpv4(prefix) ?? 0, bits, kind }));

function classifyIpv4(n: number): AddressKind {
  for (const { base, bits, kind } of IPV4_TABLE) {
    const size = 2 ** (32 - bits);
    if (n >= base && n < base + size) return kind;
  }
  return 'public';
}

/** An IPv6 address as its eight 16-bit groups (a zone index is dropped); `undefined` when it is not one. */
function parseIpv6(text: string): number[] | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%[^%]*$/, '');
  const halves = bare.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const pieces = s.split(':');
    for (const [i, piece] of pieces.entries()) {
      const v4 = i === pieces.length - 1 && piece.includes('.') ? parseIpv4(piece) : undefined;
      if (v4 !== undefined) out.push(Math.floor(v4 / 0x10000), v4 % 0x10000);
      else if (/^[0-9a-f]{1,4}$/i.test(piece)) out.push(parseInt(piece, 16));
      else return undefined;
    }
    return out;
  };
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...Array<number>(missing).fill(0), ...tail] : undefined;
}

const v4Of = (hi: number, lo: number): number => hi * 0x10000 + lo;

function classifyIpv6(g: number[]): AddressKind {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroUpTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUpTo(8)) return 'unspecified';
  if (zeroUpTo(7) && g7 === 1) return 'loopback';
  // ::ffff:a.b.c.d reaches the IPv4 host itself; so does the NAT64 well-known prefix, through a gateway.
  if (zeroUpTo(5) && g5 === 0xffff) return classifyIpv4(v4Of(g6, g7));
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyIpv4(v4Of(g6, g7));
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'private';
  if (g0 === 0x2002) return classifyIpv4(v4Of(g1, g2)); // 6to4 carries its IPv4 host in bits 16-47
  if (g0 === 0x2001 && (g1 === 0 || g1 === 0x0db8)) return 'reserved'; // Teredo, documentation
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // unique local
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // site-local (deprecated)
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  // Only 2000::/3 is allocated as global unicast; the rest (IPv4-compatible ::a.b.c.d, 100::/64…) is not.
  return (g0 & 0xe000) === 0x2000 ? 'public' : 'reserved';
}

/** The kind of an IPv4 or IPv6 address (IPv4-mapped IPv6 as its IPv4 host); `undefined` when it is not an address. */
export function classifyAddress(address: string): AddressKind | undefined {
  const v4 = parseIpv4(address);
  if (v4 !== undefined) return classifyIpv4(v4);
  const v6 = address.includes(':') ? parseIpv6(address) : undefined;
  return v6 ? classifyIpv6(v6) : undefined;
}
