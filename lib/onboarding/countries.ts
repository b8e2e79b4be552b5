/** Billing countries offered in the wizard (ISO 3166-1 alpha-2), with English names. */
export const COUNTRY_CODES = [
  "AR", "AT", "AU", "BE", "BG", "BR", "CA", "CH", "CL", "CO", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR",
  "HK", "HR", "HU", "IE", "IL", "IN", "IS", "IT", "JP", "KR", "LT", "LU", "LV", "MT", "MX", "MY", "NG", "NL", "NO", "NZ",
  "PH", "PL", "PT", "RO", "SA", "SE", "SG", "SI", "SK", "TH", "TR", "TW", "UA", "AE", "US", "VN", "ZA",
] as const;

const names = new Intl.DisplayNames(["en"], { type: "region" });

export function countryName(code: string): string {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

export const COUNTRIES = COUNTRY_CODES.map((code) => ({ code, name: countryName(code) })).sort((a, b) => a.name.localeCompare(b.name));

export function isCountry(code: string): boolean {
  return (COUNTRY_CODES as readonly string[]).includes(code);
}
