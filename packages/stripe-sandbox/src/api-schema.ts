/** The JSON shape of src/api-description.json (written by scripts/derive-api-description.ts). */
export type Schema =
  | { t: "any" }
  | { t: "null" }
  | { t: "empty" } // the empty string: in a request, "unset this"
  | { t: "string"; enum?: string[] }
  | { t: "number" }
  | { t: "boolean" }
  | { t: "decimal" } // a decimal string ("12.5")
  | { t: "array"; items: Schema }
  | { t: "object"; props: Record<string, { s: Schema; opt?: true }>; extra?: Schema }
  | { t: "union"; of: Schema[] }
  | { t: "ref"; ref: string }
  | { t: "foreign"; object: string }; // a resource the sandbox does not serve: any object with this `object`

export type Endpoint = {
  sdk: string;
  params: Schema;
  response: { kind: "object" | "list" | "search"; item: Schema };
};

export type ApiDescription = {
  apiVersion: string;
  derivedFrom: string;
  endpoints: Record<string, Endpoint>;
  defs: Record<string, Schema>;
};
