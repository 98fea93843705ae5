/**
 * IPv4/IPv6 addresses and CIDR blocks for the `cidr` content filter. Addresses are held as
 * bigints so one comparison works for both families.
 */
import { parseError, parsedValue, type Parsed } from './parsed';

export interface IpAddress {
  /** 32 for IPv4, 128 for IPv6: two addresses of different widths never match. */
  readonly bits: 32 | 128;
  readonly value: bigint;
}

export interface CidrBlock {
  readonly bits: 32 | 128;
  readonly maskBits: number;
  /** The address shifted right past its host bits, so host bits in the pattern are ignored. */
  readonly network: bigint;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const MASK = /^[+-]?\d+$/;

export function parseIp(text: string): IpAddress | null {
  return parseIpv4(text) ?? parseIpv6(text);
}

function parseIpv4(text: string): IpAddress | null {
  const octets = ipv4Octets(text);
  if (octets === null) return null;
  return { bits: 32, value: octets.reduce((value, octet) => (value << 8n) | BigInt(octet), 0n) };
}

function ipv4Octets(text: string): number[] | null {
  const match = IPV4.exec(text);
  if (match === null) return null;
  const octets = match.slice(1).map(Number);
  return octets.every((octet) => octet <= 255) ? octets : null;
}

/** Full, `::`-compressed, and dotted-tail (`::ffff:10.0.0.1`) forms; zone ids are not addresses. */
function parseIpv6(text: string): IpAddress | null {
  const halves = text.split('::');
  if (!text.includes(':') || halves.length > 2) return null;
  const compressed = halves.length === 2;
  const head = ipv6Groups(halves[0] ?? '', !compressed);
  const tail = compressed ? ipv6Groups(halves[1] ?? '', true) : [];
  if (head === null || tail === null) return null;
  // `::` stands for at least one zero group; without it all eight groups are spelled out.
  const missing = 8 - head.length - tail.length;
  if (compressed ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return { bits: 128, value: groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n) };
}

/** The 16-bit groups of one side of `::`; only the address's last part may be dotted IPv4. */
function ipv6Groups(text: string, mayEndInIpv4: boolean): number[] | null {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    const last = index === parts.length - 1;
    const octets = last && mayEndInIpv4 && part.includes('.') ? ipv4Octets(part) : null;
    if (octets !== null) {
      groups.push(((octets[0] ?? 0) << 8) | (octets[1] ?? 0), ((octets[2] ?? 0) << 8) | (octets[3] ?? 0));
    } else if (IPV6_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}

/**
 * Parses `address/mask` with AWS's checks and messages, in AWS's order (mask before address).
 * AWS rejects a full-length mask (/32, /128): "IPv4 mask bits must be < 32".
 */
export function parseCidr(text: string): Parsed<CidrBlock> {
  const parts = splitLikeJava(text, '/');
  if (parts.length !== 2) return parseError("Malformed CIDR, one '/' required");
  const [addressText = '', maskText = ''] = parts;
  const maskBits = MASK.test(maskText) ? Number(maskText) : NaN;
  if (!Number.isSafeInteger(maskBits) || Math.abs(maskBits) > 2 ** 31 - 1) {
    return parseError('Malformed CIDR, mask bits must be an integer');
  }
  if (maskBits < 0) return parseError('Malformed CIDR, mask bits must not be negative');
  const address = parseIp(addressText);
  if (address === null) return parseError(`Nonstandard IP address: ${addressText}`);
  if (maskBits >= address.bits) {
    return parseError(address.bits === 32 ? 'IPv4 mask bits must be < 32' : 'IPv6 mask bits must be < 128');
  }
  const network = address.value >> BigInt(address.bits - maskBits);
  return parsedValue({ bits: address.bits, maskBits, network });
}

export function cidrContains(block: CidrBlock, address: IpAddress): boolean {
  return address.bits === block.bits && address.value >> BigInt(block.bits - block.maskBits) === block.network;
}

/**
 * AWS splits the operand with Java's `String.split`, which drops trailing empty parts: so
 * "10.0.0.0/" has one part (the "one '/' required" message), not an empty mask.
 */
function splitLikeJava(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
