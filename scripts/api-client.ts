/** Regenerate packages/client's types and document copy from the zod schemas: `npm run api:client`. */
import { writeFileSync } from "node:fs";
import { CLIENT_DOCUMENT_PATH, CLIENT_TYPES_PATH, generateClientTypes } from "@/lib/api/generate-client-types";

void generateClientTypes().then(({ types, document }) => {
  writeFileSync(CLIENT_TYPES_PATH, types);
  writeFileSync(CLIENT_DOCUMENT_PATH, document);
  console.log(`wrote ${CLIENT_TYPES_PATH} and ${CLIENT_DOCUMENT_PATH}`);
});
