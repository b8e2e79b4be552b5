export type FoundBrowser = { path: string | null; source: string };
export function playwrightChromium(): string | null;
export function systemChromium(): string | null;
export function findBrowser(): FoundBrowser | null;
