import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/auth/[...nextauth]/route";

describe("sign-in rate limit on the Auth.js credentials callback", () => {
  it("answers 429 with Retry-After and the error shape once an IP's attempts are spent", async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 200)}`;
    const attempt = () =>
      POST(
        new NextRequest("http://localhost/api/auth/callback/credentials", {
          method: "POST",
          headers: { "x-forwarded-for": ip, "content-type": "application/x-www-form-urlencoded" },
          body: "email=nobody%40example.com&password=wrong",
        }),
      );
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await attempt()).status);
    expect(statuses.slice(0, 20).every((s) => s !== 429)).toBe(true);
    const res = await attempt();
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await res.json()).error.code).toBe("rate_limited");
  });
});
