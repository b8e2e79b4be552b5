/**
 * What Next.js provides per request, for tests that call pages, server actions and route handlers
 * directly: the Auth.js session and the `billing_org` cookie. A test file mocks the modules with
 *   vi.mock("@/lib/auth/auth", async (orig) => (await import("@/tests/request-mocks")).authModule(await orig()));
 *   vi.mock("next/headers", async () => (await import("@/tests/request-mocks")).headersModule());
 * and sets `requestState.userId` / `requestState.activeOrg` before each call.
 */
export const requestState = { userId: null as string | null, activeOrg: null as string | null };

export function authModule<T extends object>(original: T) {
  return {
    ...original,
    // Each mocked request is a session signed in just now (authAt: see lib/auth/revoke-sessions.ts).
    auth: async () => (requestState.userId ? { user: { id: requestState.userId }, authAt: Date.now() } : null),
    signIn: async () => undefined,
    signOut: async () => undefined,
  };
}

export function headersModule(ip = "203.0.113.9") {
  return {
    cookies: async () => ({
      get: (name: string) => (name === "billing_org" && requestState.activeOrg ? { name, value: requestState.activeOrg } : undefined),
      getAll: () => (requestState.activeOrg ? [{ name: "billing_org", value: requestState.activeOrg }] : []),
      has: (name: string) => name === "billing_org" && Boolean(requestState.activeOrg),
      set: () => undefined,
      delete: () => undefined,
    }),
    headers: async () => new Headers({ host: "localhost:3000", "x-forwarded-for": ip }),
    draftMode: async () => ({ isEnabled: false, enable: () => undefined, disable: () => undefined }),
  };
}
