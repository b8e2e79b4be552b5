export type FoundBrowser = { path: string | null; source: string };
export declare function playwrightChromium(): string | null;
export declare function systemChromium(): string | null;
export declare function findBrowser(): FoundBrowser | null;
