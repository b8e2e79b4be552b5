import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import Google from "next-auth/providers/google";
import { DrizzleAdapter } from "@auth/drizzle-adapter";
import { z } from "zod";
import { getDb } from "@/db";
import { accounts, sessions, users, verificationTokens } from "@/db/schema";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { headers } from "next/headers";
import { clientIp } from "@/lib/security/rate-limit";
import { authenticate } from "./authenticate";
import { recordSignIn } from "./sign-ins";

const credentialsSchema = z.object({ email: z.email(), password: z.string().min(1).max(200) });

/** The account is slowed down (lib/auth/password-attempts.ts): `?code=rate_limited`, no password checked. */
export class PasswordAttemptsLimited extends CredentialsSignin {
  code = "rate_limited";
}

/** Which OAuth providers are on: each only when its env vars are set. */
export function oauthProviders() {
  return {
    github: Boolean(env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET),
    google: Boolean(env.AUTH_GOOGLE_ID && env.AUTH_GOOGLE_SECRET),
  };
}

/** The request's headers, or null outside a request (a script, a test calling the callback directly). */
async function requestHeaders(): Promise<Headers | null> {
  try {
    return await headers();
  } catch {
    return null;
  }
}

function config(): NextAuthConfig {
  const oauth = oauthProviders();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      authorize: async (raw) => {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) return null;
        try {
          return await authenticate(parsed.data.email, parsed.data.password);
        } catch (err) {
          if (err instanceof AppError && err.status === 429) throw new PasswordAttemptsLimited();
          throw err;
        }
      },
    }),
  ];
  if (oauth.github) providers.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET }));
  if (oauth.google) providers.push(Google({ clientId: env.AUTH_GOOGLE_ID, clientSecret: env.AUTH_GOOGLE_SECRET }));
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    // Credentials sign-in needs JWT sessions; the adapter links OAuth accounts to users.
    session: { strategy: "jwt", maxAge: 30 * 86_400 },
    adapter:
      oauth.github || oauth.google
        ? DrizzleAdapter(getDb(), { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens })
        : undefined,
    pages: { signIn: "/sign-in", error: "/sign-in" },
    // A wrong password is an expected outcome, not an error worth a stack trace in the logs.
    logger: {
      error: (error) => {
        if (error.name === "CredentialsSignin" || (error as { type?: string }).type === "CredentialsSignin") return;
        logger.error({ err: { name: error.name, message: error.message } }, "auth error");
      },
      warn: (code) => logger.warn({ code }, "auth warning"),
      debug: () => {},
    },
    providers,
    callbacks: {
      async jwt({ token, user }) {
        // authAt: when this session signed in (kept as the token rolls; `iat` is renewed on every refresh),
        // compared with users.sessions_revoked_at by getSessionUser ("sign out everywhere").
        if (user?.id) {
          token.uid = user.id;
          const authAt = Date.now();
          token.authAt = authAt;
          // The account's session list (lib/auth/sign-ins.ts): when, from where, which browser.
          const h = await requestHeaders();
          await recordSignIn({ userId: user.id, authAt, ip: h ? clientIp(h) : null, userAgent: h?.get("user-agent") ?? null });
        }
        return token;
      },
      session({ session, token }) {
        if (token.uid && session.user) session.user.id = String(token.uid);
        (session as typeof session & { authAt?: unknown }).authAt = token.authAt;
        return session;
      },
    },
  };
}

// Config is built per request (lazily), so env and the database are read at run time, not at build.
export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
