// node scripts/tmp-db.mjs create|drop <admin-url> <name> — create or drop a throwaway database.
import postgres from "postgres";

const [cmd, adminUrl, name] = process.argv.slice(2);
if (!/^[a-z0-9_]+$/.test(name ?? "") || !["create", "drop"].includes(cmd)) {
  console.error("usage: node scripts/tmp-db.mjs create|drop <admin-url> <name>");
  process.exit(2);
}
const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
try {
  if (cmd === "create") await sql.unsafe(`create database ${name}`);
  else await sql.unsafe(`drop database if exists ${name} with (force)`);
} finally {
  await sql.end();
}
const u = new URL(adminUrl);
u.pathname = `/${name}`;
console.log(u.toString());
