// Which webhook URLs the server will call (SSRF): http(s) only, and never an address on loopback, link-local,
// private or otherwise non-public ranges unless configured. Checked when an endpoint is registered and again
// on every delivery, against the very address the connection uses (guardedLookup), so a name that later
// resolves elsewhere (DNS rebinding) is refused too.
import { BlockList, isIP } from "node:net";
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import type { WebhookSettings } from "../config.js";

const BLOCKED_V4: [string, number][] = [
  ["0.0.0.0", 8], // "this network", 0.0.0.0
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, cloud metadata (169.254.169.254)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];
const BLOCKED_V6: [string, number][] = [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10],
  ["ff00::", 8], // multicast
  ["2001:db8::", 32],
  // Forms that carry an IPv4 address a gateway or the kernel may reach: IPv4-compatible (`::127.0.0.1`),
  // IPv4-translated (`::ffff:0:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`, RFC 6052 and 8215) and 6to4.
  ["::", 96],
  ["::ffff:0:0:0", 96],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["2002::", 16],
];

const blocked = new BlockList();
for (const [network, prefix] of BLOCKED_V4) blocked.addSubnet(network, prefix, "ipv4");
for (const [network, prefix] of BLOCKED_V6) blocked.addSubnet(network, prefix, "ipv6");

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:127.0.0.1`), or the address itself. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (match) return match[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const high = parseInt(hex[1]!, 16);
    const low = parseInt(hex[2]!, 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join(".");
  }
  return address;
}

export class AddressPolicy {
  private readonly allowed = new BlockList();

  constructor(private readonly settings: Pick<WebhookSettings, "allowPrivateUrls" | "allowedPrivateNetworks">) {
    for (const entry of settings.allowedPrivateNetworks) {
      const [network, prefix] = entry.split("/");
      this.allowed.addSubnet(network!, Number(prefix), isIP(network!) === 6 ? "ipv6" : "ipv4");
    }
  }

  /** Why the server may not connect to `address`, or undefined when it may. */
  refusal(address: string): string | undefined {
    const plain = unmapped(address);
    const family = isIP(plain) === 6 ? "ipv6" : "ipv4";
    if (isIP(plain) === 0) return `${address} is not an IP address`;
    if (!blocked.check(plain, family)) return undefined;
    if (this.settings.allowPrivateUrls || this.allowed.check(plain, family)) return undefined;
    return `${address} is a loopback, link-local or private address`;
  }

  /**
   * A `lookup` for http.request: resolves the name, refuses it when any of its addresses is not allowed, and
   * hands the checked addresses to the socket, so the connection goes to an address that was checked.
   */
  guardedLookup() {
    return (hostname: string, options: LookupAllOptions | { all?: boolean; family?: number }, callback: (...args: any[]) => void) => {
      dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (error, addresses: LookupAddress[]) => {
        if (error) return callback(error);
        const refused = addresses.some((entry) => this.refusal(entry.address));
        if (refused || addresses.length === 0) {
          // The address is not named: the delivery log is the endpoint owner's, and would map internal names.
          const why = refused ? "a loopback, link-local or private address" : "no address";
          return callback(Object.assign(new Error(`${hostname} resolves to ${why}`), { code: "EWEBHOOKADDRESS" }));
        }
        if ((options as { all?: boolean }).all) return callback(null, addresses);
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
  }
}

/** A URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}

/** Resolves a host name (or takes an address literal) to every address it names. */
export async function resolveHost(host: string): Promise<string[]> {
  if (isIP(host)) return [host];
  return new Promise((resolve, reject) =>
    dnsLookup(host, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses.map((entry) => entry.address)))),
  );
}

/**
 * The problem with a webhook URL, or undefined when it may be registered: its form first, then each address
 * its host resolves to now.
 */
export async function webhookUrlProblem(raw: string, policy: AddressPolicy): Promise<string | undefined> {
  if (raw.length > 2048) return "at most 2048 characters";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "is not a URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http or https URL";
  if (url.username || url.password) return "must not carry credentials";
  if (url.hash) return "must not have a fragment";
  const host = hostOf(url);
  let addresses: string[];
  try {
    addresses = await resolveHost(host);
  } catch {
    return `host ${host} does not resolve`;
  }
  const refused = addresses.map((address) => policy.refusal(address)).find(Boolean);
  if (!refused) return undefined;
  // A name's addresses are not told: any brand could otherwise read the server's internal DNS through this answer.
  const what = isIP(host) ? `points at ${refused}` : `host ${host} resolves to a loopback, link-local or private address`;
  return `${what}; webhook URLs must be public (docs/webhooks.md, "Which URLs")`;
}
