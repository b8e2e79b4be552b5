import { createHash } from "node:crypto";
import { now } from "@/lib/clock";

/** Deterministic demo data for the metered demo API (signals, history, exports). */
const rand = (seed: string) => {
  const h = createHash("sha256").update(seed).digest();
  return h.readUInt32BE(0) / 0xffffffff;
};

const SYMBOLS = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOG", "TSLA", "META", "BTC", "ETH"];

export function demoSignals() {
  const day = now().toISOString().slice(0, 10);
  return SYMBOLS.map((symbol) => {
    const r = rand(`${symbol}:${day}`);
    return { symbol, signal: r > 0.66 ? "buy" : r < 0.33 ? "sell" : "hold", confidence: Math.round(r * 100) / 100 };
  });
}

export function demoHistory(symbol: string, days = 30) {
  const s = symbol.toUpperCase();
  const start = now().getTime();
  let price = 50 + rand(s) * 450;
  return Array.from({ length: days }, (_, i) => {
    const date = new Date(start - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    price = Math.max(1, price * (0.97 + rand(`${s}:${date}`) * 0.06));
    return { date, close: Math.round(price * 100) / 100 };
  });
}

export function demoCsv(): string {
  return ["symbol,signal,confidence", ...demoSignals().map((s) => `${s.symbol},${s.signal},${s.confidence}`)].join("\n") + "\n";
}

/** A minimal valid one-page PDF listing today's signals. */
export function demoPdf(): Uint8Array {
  const lines = demoSignals().map((s) => `${s.symbol} ${s.signal} ${s.confidence}`);
  const text = ["BT /F1 12 Tf 72 720 Td (Signals report) Tj", ...lines.map((l) => `0 -18 Td (${l}) Tj`), "ET"].join("\n");
  const objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
