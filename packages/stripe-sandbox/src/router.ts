import type { FormObject } from "./form";
import type { Session } from "./session";

export type Ctx = Session & {
  method: string;
  path: string;
  params: FormObject;
  pathParams: Record<string, string>;
  idempotencyKey?: string;
};
export type Handler = (ctx: Ctx) => Promise<unknown>;
export type RouteDef = [method: "GET" | "POST" | "DELETE", pattern: string, handler: Handler];

type Compiled = { method: string; pattern: string; re: RegExp; names: string[]; handler: Handler };

export class Router {
  private routes: Compiled[] = [];

  add(defs: RouteDef[]) {
    for (const [method, pattern, handler] of defs) {
      const names: string[] = [];
      const re = new RegExp(
        "^" +
          pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:(\w+)/g, (_m, n: string) => {
            names.push(n);
            return "([^/]+)";
          }) +
          "$",
      );
      this.routes.push({ method, pattern, re, names, handler });
    }
    return this;
  }

  /** Every route as `METHOD /v1/pattern` (the API description covers exactly these). */
  list(): string[] {
    return this.routes.map((r) => `${r.method} ${r.pattern}`);
  }

  /** Literal routes win over parameterised ones (`/v1/invoices/create_preview` before `/v1/invoices/:id`). */
  match(method: string, path: string) {
    let best: { route: Compiled; pathParams: Record<string, string> } | undefined;
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const m = route.re.exec(path);
      if (!m) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((n, i) => (pathParams[n] = decodeURIComponent(m[i + 1])));
      if (!best || route.names.length < best.route.names.length) best = { route, pathParams };
    }
    return best;
  }
}
