// Runs once when the server process starts (next dev / next start), before any request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Before any request: route handlers learn the TCP peer's address from a header only the server sets.
  const { installPeerAddressStamp } = await import("./lib/security/peer-address");
  installPeerAddressStamp();
  const { startServer } = await import("./lib/startup");
  await startServer();
}
