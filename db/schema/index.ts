// One file per domain; this barrel is what drizzle-kit and the db client read.
export * from "./auth";
export * from "./orgs";
export * from "./audit";
export * from "./billing";
export * from "./webhooks";
export * from "./usage";
export * from "./credits";
export * from "./notifications";
export * from "./stripe";
export * from "./onboarding";
export * from "./analytics";
export * from "./events";
export * from "./webhooks-out";
