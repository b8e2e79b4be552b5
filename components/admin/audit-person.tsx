import type { Person } from "@/lib/audit/resolve-people";

/** An audit row's actor or target: the person's name and email when the id is a user's, else the id. */
export function AuditPerson({ id, people, kind }: { id: string | null; people: Record<string, Person>; kind?: string }) {
  const p = id ? people[id] : undefined;
  return (
    <>
      {kind ? <span>{kind}</span> : null}
      {p ? (
        <div>
          <span className="font-medium text-slate-800">{p.name ?? p.email}</span>
          {p.name ? <span className="text-slate-500"> · {p.email}</span> : null}
        </div>
      ) : id ? (
        <div className="font-mono text-slate-500">{id}</div>
      ) : kind ? null : (
        "—"
      )}
    </>
  );
}
