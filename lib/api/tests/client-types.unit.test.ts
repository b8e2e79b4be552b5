import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_VERSION } from "@billing-kit/client";
import { CLIENT_DOCUMENT_PATH, CLIENT_TYPES_PATH, generateClientTypes } from "../generate-client-types";
import { CURRENT_API_VERSION } from "../version";

/** packages/client's committed types are what openapi-typescript makes of today's document. */
const ROOT = path.resolve(__dirname, "../../..");

describe("@billing-kit/client types", () => {
  it("are up to date with the OpenAPI document (run `npm run api:client` if this fails)", async () => {
    const { types, document } = await generateClientTypes();
    expect(readFileSync(path.join(ROOT, CLIENT_DOCUMENT_PATH), "utf8") === document, `${CLIENT_DOCUMENT_PATH} is stale: run npm run api:client`).toBe(true);
    expect(readFileSync(path.join(ROOT, CLIENT_TYPES_PATH), "utf8") === types, `${CLIENT_TYPES_PATH} is stale: run npm run api:client`).toBe(true);
  });

  it("the client sends the version the server calls current", () => {
    expect(API_VERSION).toBe(CURRENT_API_VERSION);
  });
});
