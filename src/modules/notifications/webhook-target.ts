import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { PermanentJobError } from '../../effects/jobs.js';

/**
 * Where webhooks may go. A webhook is a request the service makes on an administrator's behalf, so
 * its target must not be the service's own neighbourhood (loopback, private networks, the cloud
 * metadata address 169.254.169.254, ...): only public unicast addresses, unless WEBHOOK_ALLOWED_HOSTS
 * names the address, its range or the host. Checked when the URL is set and again at every delivery,
 * on the addresses the connection then uses (so a name that resolves differently later, DNS
 * rebinding, cannot switch it).
 */

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** ipaddr.js names every special range; anything but plain unicast is refused. Its names, for people. */
const RANGE_NAMES: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  uniqueLocal: 'a private address',
  carrierGradeNat: 'a shared (carrier-grade NAT) address',
  linkLocal: 'a link-local address',
  multicast: 'a multicast address',
  broadcast: 'a broadcast address',
  unspecified: 'an unspecified address',
};
/** IPv4-compatible IPv6 (::a.b.c.d, deprecated), which ipaddr.js counts as unicast. */
const ALSO_REFUSED: Range[] = [ipaddr.parseCIDR('::/96')];

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}[a-z0-9_])?)*\.?$/i;

export interface AllowList {
  ranges: Range[];
  hosts: Set<string>;
}

/** WEBHOOK_ALLOWED_HOSTS: addresses, CIDR ranges or host names separated by commas or spaces. */
export function parseAllowList(value: string): { allowList: AllowList; invalid: string[] } {
  const allowList: AllowList = { ranges: [], hosts: new Set() };
  const invalid: string[] = [];
  for (const entry of value.split(/[\s,]+/).filter(Boolean)) {
    if (entry.includes('/')) {
      try {
        const [address, bits] = ipaddr.parseCIDR(entry);
        allowList.ranges.push([
          unmapped(address),
          address.kind() === 'ipv6' && unmapped(address).kind() === 'ipv4' ? Math.max(0, bits - 96) : bits,
        ]);
      } catch {
        invalid.push(entry);
      }
    } else if (ipaddr.isValid(entry) && (ipaddr.IPv6.isValid(entry) || ipaddr.IPv4.isValidFourPartDecimal(entry))) {
      const address = unmapped(ipaddr.parse(entry));
      allowList.ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (HOST_NAME.test(entry) && !/(?:^|\.)\d+\.?$/.test(entry)) {
      // Not one ending in a number: that is an address in shorthand (a URL reads 1.2.3 as 1.2.0.3).
      allowList.hosts.add(normalHost(entry));
    } else {
      invalid.push(entry);
    }
  }
  return { allowList, invalid };
}

const unmapped = (a: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 =>
  a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress() ? (a as ipaddr.IPv6).toIPv4Address() : a;
const normalHost = (host: string): string => host.toLowerCase().replace(/\.$/, '');
const inRange = (address: ipaddr.IPv4 | ipaddr.IPv6, [base, bits]: Range): boolean =>
  address.kind() === base.kind() && address.match(base, bits);

/** Why a webhook may not connect to this address, or null when it may. */
export function addressProblem(address: string, allowList: AllowList): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.process(address);
  } catch {
    return 'an address that cannot be read';
  }
  if (allowList.ranges.some((r) => inRange(parsed, r))) return null;
  const range = ALSO_REFUSED.some((r) => inRange(parsed, r)) ? 'reserved' : parsed.range();
  return range === 'unicast' ? null : (RANGE_NAMES[range] ?? 'a reserved address');
}

/** The URL's host as connect() gets it: a name, or an IP literal without brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

const refusal = (host: string, problem: string, resolved = false): string =>
  `${host} ${resolved ? 'resolves to' : 'is'} ${problem}: webhooks go to public addresses only, unless WEBHOOK_ALLOWED_HOSTS allows it`;

/**
 * At configuration time: why this URL is refused, or null. A name is resolved and each of its
 * addresses checked; a name that does not resolve (yet) is accepted, since every delivery checks again.
 */
export async function webhookUrlProblem(
  raw: string,
  allowList: AllowList,
  resolveTimeoutMs = 3000,
): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http:// or https:// URL';
  const host = hostOf(url);
  if (allowList.hosts.has(normalHost(host))) return null;
  if (ipaddr.isValid(host)) {
    const problem = addressProblem(host, allowList);
    return problem && refusal(host, problem);
  }
  const addresses = await Promise.race([
    new Promise<LookupAddress[]>((resolve) =>
      dnsLookup(host, { all: true }, (err, found) => resolve(err ? [] : found)),
    ),
    new Promise<LookupAddress[]>((resolve) => setTimeout(() => resolve([]), resolveTimeoutMs).unref()),
  ]);
  for (const { address } of addresses) {
    const problem = addressProblem(address, allowList);
    if (problem) return refusal(host, problem, true);
  }
  return null;
}

/** A DNS lookup for connect() that refuses a name when any of its addresses is refused. */
function checkedLookup(allowList: AllowList): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refused = addresses.map((a) => addressProblem(a.address, allowList)).find((p) => p !== null);
      if (refused || addresses.length === 0) {
        return callback(
          Object.assign(new Error(refusal(hostname, refused ?? 'no address', true)), {
            code: 'WEBHOOK_TARGET_REFUSED',
          }),
          '',
          0,
        );
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** Delivery failures by kind only: never the receiver's status or the network's error, which would tell what listens where. */
export const WebhookFailure = {
  refused: 'webhook target refused (not a public address)',
  timeout: 'webhook timed out',
  connection: 'webhook connection failed',
  answer: 'webhook answered with a non-2xx status',
} as const;

export interface WebhookRequest {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowList: AllowList;
}

/**
 * POSTs a webhook to a checked address (no redirects, no proxy). Resolves when a 2xx arrives; throws
 * an Error to try again later (timeouts, connection failures, 5xx, 408, 429) or a PermanentJobError.
 */
export async function postWebhook(raw: string, req: WebhookRequest): Promise<void> {
  const url = new URL(raw);
  const host = hostOf(url);
  const permitted = req.allowList.hosts.has(normalHost(host));
  if (!permitted && ipaddr.isValid(host) && addressProblem(host, req.allowList))
    throw new PermanentJobError(WebhookFailure.refused);
  const signal = AbortSignal.timeout(req.timeoutMs);
  const status = await new Promise<number>((resolve, reject) => {
    const send = url.protocol === 'https:' ? https.request : http.request;
    const request = send(url, {
      method: 'POST',
      headers: { ...req.headers, 'content-length': String(Buffer.byteLength(req.body)) },
      agent: false,
      ...(permitted ? {} : { lookup: checkedLookup(req.allowList) }),
      signal,
    });
    request.on('response', (res) => {
      resolve(res.statusCode ?? 0);
      res.destroy();
    });
    request.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'WEBHOOK_TARGET_REFUSED') reject(new PermanentJobError(WebhookFailure.refused));
      else reject(new Error(signal.aborted ? WebhookFailure.timeout : WebhookFailure.connection));
    });
    request.end(req.body);
  });
  if (status >= 200 && status < 300) return;
  // Server errors, timeouts and "slow down" are retried; other answers will not change.
  if (status >= 500 || status === 408 || status === 429) throw new Error(WebhookFailure.answer);
  throw new PermanentJobError(WebhookFailure.answer);
}
