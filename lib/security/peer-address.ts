import type { IncomingMessage } from "node:http";
import http from "node:http";
import https from "node:https";
import { markPeerStamped, PEER_HEADER } from "./rate-limit";

/**
 * Make the TCP peer's address visible to route handlers and server actions. Next hands them a Web
 * Request without the socket, and sets X-Forwarded-For to the peer only when the client sent none.
 * Before Next sees a request, this stamps `socket.remoteAddress` into PEER_HEADER, overwriting whatever
 * the client put there, so clientIp() (lib/security/rate-limit.ts) can trust it. Called once from
 * instrumentation.ts in the Node.js runtime (next dev / next start).
 */
export function installPeerAddressStamp() {
  for (const proto of [http.Server.prototype, https.Server.prototype] as { emit: (...a: unknown[]) => boolean }[]) {
    if (Object.prototype.hasOwnProperty.call(proto, "__billingPeerStamp")) continue;
    const emit = proto.emit;
    Object.defineProperty(proto, "__billingPeerStamp", { value: true });
    proto.emit = function (this: unknown, event: unknown, ...rest: unknown[]) {
      if (event === "request") stampPeer(rest[0] as IncomingMessage);
      return emit.call(this, event, ...rest);
    };
  }
  markPeerStamped();
}

export function stampPeer(req: IncomingMessage) {
  const peer = req.socket?.remoteAddress;
  if (peer) req.headers[PEER_HEADER] = peer;
  else delete req.headers[PEER_HEADER];
}
