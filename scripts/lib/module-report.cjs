// Preloaded (NODE_OPTIONS=--require) into `next start` by scripts/sandbox-exclusion-check.mjs: when the
// process exits, write which files it loaded and whether the Stripe sandbox package was ever evaluated.
const fs = require("node:fs");

const out = process.env.MODULE_REPORT;
if (out) {
  process.on("exit", () => {
    const report = {
      pid: process.pid,
      argv: process.argv.slice(1, 3),
      sandboxMarker: globalThis.__billingKitStripeSandbox ?? null,
      files: Object.keys(require.cache),
    };
    fs.writeFileSync(`${out}.${process.pid}.json`, JSON.stringify(report));
  });
}
