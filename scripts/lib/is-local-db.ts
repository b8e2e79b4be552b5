/** True for databases on this machine (localhost, 127.0.0.0/8, ::1, a unix socket). */
export function isLocalDatabaseUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, "");
    return host === "" || host === "localhost" || host === "::1" || /^127\./.test(host);
  } catch {
    return false;
  }
}
