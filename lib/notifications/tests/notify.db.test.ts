import { describe, expect, it } from "vitest";
import { makeOrg } from "@/lib/usage/tests/helpers";
import { listNotifications } from "../list-notifications";
import { writeNotice as notify } from "../notify";

describe("notify", () => {
  it("writes once per dedupe key and lists newest first", async () => {
    const orgId = await makeOrg();
    const n = { orgId, kind: "test", title: "Hello", body: "World", dedupeKey: `t:${orgId}:1` };
    expect(await notify(n)).toBe(true);
    expect(await notify(n)).toBe(false);
    expect(await notify({ ...n, dedupeKey: `t:${orgId}:2`, title: "Second" })).toBe(true);
    const rows = await listNotifications(orgId);
    expect(rows.map((r) => r.title).sort()).toEqual(["Hello", "Second"]);
    expect(await listNotifications(orgId, { unreadOnly: true })).toHaveLength(2);
  });
});
