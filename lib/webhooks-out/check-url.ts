import "server-only";
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { lookup } from "node:dns/promises";
import { Agent } from "undici";
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";
import { badRequest } from "@/lib/errors";

/** Addresses a webhook must never reach in production (SSRF): private, loopback, link-local, unspecified, CGNAT, multicast. */
const blocked = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  blocked.addSubnet(net, bits, "ipv6");

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1]!, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true;
}

export type UrlCheckOptions = {
  production?: boolean;
  allowedHosts?: string[];
  resolve?: (host: string) => Promise<string[]>;
};

const defaultResolve = async (host: string) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Refuse an endpoint URL we must not call: not http(s), credentials in it, or (in production) a host
 * that resolves to a private, loopback or link-local address — unless the host is in
 * WEBHOOK_ALLOWED_HOSTS. Outside production localhost is allowed (dev and tests). Checked when an
 * endpoint is saved and again before each delivery (DNS can change). Throws a 400 AppError.
 */
export async function assertDeliverableUrl(raw: string, options: UrlCheckOptions = {}): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest("Enter an absolute URL such as https://example.com/webhooks.", undefined, "invalid_url");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw badRequest("The URL must start with https:// or http://.", undefined, "invalid_url");
  if (url.username || url.password) throw badRequest("The URL must not contain credentials.", undefined, "invalid_url");
  const production = options.production ?? env.NODE_ENV === "production";
  if (!production) return url;
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const allowed = options.allowedHosts ?? env.WEBHOOK_ALLOWED_HOSTS;
  if (allowed.includes(host)) return url;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await (options.resolve ?? defaultResolve)(host);
  } catch {
    throw badRequest(`The host ${host} could not be resolved.`, undefined, "invalid_url");
  }
  if (addresses.length === 0 || addresses.some(isPrivateAddress)) {
    throw badRequest(`The host ${host} resolves to a private, loopback or link-local address; webhooks cannot be sent there.`, undefined, "private_address");
  }
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The socket's own DNS lookup for deliveries (production): it refuses a private, loopback or link-local
 * answer at connect time, so the address connected to is the one checked. `assertDeliverableUrl` alone
 * resolves once and lets fetch resolve again — a DNS server that answers a public address to the check
 * and 127.0.0.1 to the connection (DNS rebinding) would get through. Hosts in WEBHOOK_ALLOWED_HOSTS pass.
 */
export function publicOnlyLookup(options: { allowedHosts?: string[]; resolve?: typeof dnsLookup } = {}) {
  const resolve = options.resolve ?? dnsLookup;
  return (hostname: string, opts: LookupOptions, callback: LookupCallback) => {
    resolve(hostname, { ...opts, all: true, verbatim: true }, (err, found) => {
      if (err) return callback(err, "");
      const list = (Array.isArray(found) ? found : []) as LookupAddress[];
      const allowed = (options.allowedHosts ?? env.WEBHOOK_ALLOWED_HOSTS).includes(hostname.toLowerCase());
      const bad = allowed ? undefined : list.find((a) => isPrivateAddress(a.address));
      if (list.length === 0 || bad) {
        const e: NodeJS.ErrnoException = new Error(`${hostname} resolves to ${bad?.address ?? "no address"}: webhooks are not sent to private, loopback or link-local addresses`);
        e.code = "EPRIVATEADDRESS";
        return callback(e, "");
      }
      if (opts.all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

let pinned: Agent | null = null;
/** The dispatcher deliveries use: in production its sockets connect only to public addresses (above). */
export function deliveryDispatcher(production = env.NODE_ENV === "production"): Agent | undefined {
  if (!production) return undefined;
  pinned ??= new Agent({ connect: { lookup: publicOnlyLookup() as never } });
  return pinned;
}
