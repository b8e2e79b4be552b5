import type { Ctx, RouteDef } from "../router";
import { invalidRequest } from "../errors";
import { arr, bool, mergeMetadata, reqStr, str } from "../params";
import { previousAttributes } from "../session";
import { build, nowUnix, stripeId } from "../shapes";
import { deleteObject, findObject, getObject, insertObject, queryObjects, saveObject } from "../store";
import { listResponse, searchResponse } from "./common";

async function create(ctx: Ctx) {
  const p = ctx.params;
  const id = str(p, "id") || stripeId("prod");
  if (await findObject(ctx.tx, id)) throw invalidRequest(`Product already exists.`, "id", "resource_already_exists");
  const now = nowUnix();
  const product = build("product", {
    id,
    object: "product",
    created: now,
    updated: now,
    name: reqStr(p, "name"),
    description: str(p, "description") || null,
    active: bool(p, "active") ?? true,
    metadata: mergeMetadata({}, p),
    unit_label: str(p, "unit_label") || null,
    tax_code: str(p, "tax_code") || null,
    default_price: null,
    type: "service",
    images: (arr(p, "images") ?? []).filter((x) => typeof x === "string"),
    marketing_features: arr(p, "marketing_features") ?? [],
    url: str(p, "url") || null,
  });
  await insertObject(ctx.tx, product);
  await ctx.emit("product.created", product);
  return product;
}

async function update(ctx: Ctx) {
  const product = await getObject(ctx.tx, ctx.pathParams.id, "product");
  const before = structuredClone(product);
  const p = ctx.params;
  const name = str(p, "name");
  if (name !== undefined) {
    if (!name) throw invalidRequest("You must provide a name.", "name");
    product.name = name;
  }
  for (const k of ["description", "unit_label", "tax_code", "url", "default_price"]) {
    const v = str(p, k);
    if (v !== undefined) product[k] = v || null;
  }
  if (typeof product.default_price === "string") await getObject(ctx.tx, product.default_price, "price", "default_price");
  const active = bool(p, "active");
  if (active !== undefined) product.active = active;
  product.metadata = mergeMetadata(product.metadata as Record<string, string>, p);
  const prev = previousAttributes(before, product);
  if (prev) {
    product.updated = nowUnix();
    await saveObject(ctx.tx, product);
    await ctx.emit("product.updated", product, prev);
  }
  return product;
}

async function del(ctx: Ctx) {
  const product = await getObject(ctx.tx, ctx.pathParams.id, "product");
  const prices = await queryObjects(ctx.tx, "price", { contains: { product: product.id } });
  if (prices.length) throw invalidRequest("This product cannot be deleted because it has one or more user-created prices.");
  await deleteObject(ctx.tx, product.id);
  await ctx.emit("product.deleted", product);
  return { id: product.id, object: "product", deleted: true };
}

async function list(ctx: Ctx) {
  const active = bool(ctx.params, "active");
  const ids = (arr(ctx.params, "ids") ?? []) as string[];
  return listResponse(ctx, "product", {
    where: (o) => (active === undefined || o.active === active) && (ids.length === 0 || ids.includes(o.id)),
  });
}

export const productRoutes: RouteDef[] = [
  ["POST", "/v1/products", create],
  ["GET", "/v1/products", list],
  ["GET", "/v1/products/search", (ctx) => searchResponse(ctx, "product")],
  ["GET", "/v1/products/:id", (ctx) => getObject(ctx.tx, ctx.pathParams.id, "product")],
  ["POST", "/v1/products/:id", update],
  ["DELETE", "/v1/products/:id", del],
];
