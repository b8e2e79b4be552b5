/** Quick-start snippets shown when onboarding completes (curl for the usage and check APIs). */
export function quickStartSnippets(baseUrl: string, apiKey: string) {
  const base = baseUrl.replace(/\/$/, "");
  return {
    usage: [
      `curl -X POST ${base}/api/v1/usage \\`,
      `  -H "Authorization: Bearer ${apiKey}" \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -d '{"events":[{"metric":"api_calls","quantity":1,"idempotency_key":"first-call-1"}]}'`,
    ].join("\n"),
    check: [`curl "${base}/api/v1/check?metric=api_calls&quantity=1" \\`, `  -H "Authorization: Bearer ${apiKey}"`].join("\n"),
  };
}
