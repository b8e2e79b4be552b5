import type { FieldRow, OperationView, ReferenceView } from "@/lib/api/reference";

/** Text with `code` spans (the document's descriptions use backticks) and paragraphs. */
function Prose({ text, className = "" }: { text: string; className?: string }) {
  return (
    <>
      {text
        .split(/\n\n+/)
        .filter(Boolean)
        .map((para, i) => (
          <p key={i} className={`text-sm text-slate-700 ${className}`}>
            {para.split(/(`[^`]+`)/).map((part, j) =>
              part.startsWith("`") && part.endsWith("`") ? (
                <code key={j} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8em] text-slate-800">
                  {part.slice(1, -1)}
                </code>
              ) : (
                part
              ),
            )}
          </p>
        ))}
    </>
  );
}

const METHOD_COLOUR: Record<string, string> = {
  GET: "bg-sky-100 text-sky-800",
  POST: "bg-emerald-100 text-emerald-800",
  PUT: "bg-amber-100 text-amber-800",
  PATCH: "bg-violet-100 text-violet-800",
  DELETE: "bg-rose-100 text-rose-800",
};

function Fields({ rows, withIn }: { rows: (FieldRow & { in?: string })[]; withIn?: boolean }) {
  if (rows.length === 0) return null;
  return (
    <div className="overflow-x-auto">
      <table className="mt-2 w-full text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th className="py-1 pr-4 font-medium">Name</th>
            {withIn && <th className="py-1 pr-4 font-medium">In</th>}
            <th className="py-1 pr-4 font-medium">Type</th>
            <th className="py-1 font-medium">Description</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {rows.map((r) => (
            <tr key={`${r.in ?? ""}:${r.name}`}>
              <td className="py-1.5 pr-4 font-mono text-xs text-slate-900">
                {r.name}
                {r.required && <span className="ml-1 text-rose-600" title="required">*</span>}
              </td>
              {withIn && <td className="py-1.5 pr-4 text-xs text-slate-500">{r.in}</td>}
              <td className="py-1.5 pr-4 font-mono text-xs text-slate-600">{r.type}</td>
              <td className="py-1.5 text-xs text-slate-600">{r.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Operation({ op }: { op: OperationView }) {
  return (
    <section id={op.id} className="scroll-mt-6 rounded-lg border border-slate-200 bg-white p-5" data-testid="api-operation">
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded px-2 py-0.5 font-mono text-xs font-semibold ${METHOD_COLOUR[op.method] ?? ""}`}>{op.method}</span>
        <code className="font-mono text-sm font-semibold text-slate-900">{op.path}</code>
        {op.auth === "scope" && <span className="rounded-full bg-slate-900 px-2 py-0.5 text-xs text-white" data-testid="api-scope">scope: {op.scope}</span>}
        {op.auth === "any-key" && <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs text-slate-800">any API key</span>}
        {op.auth === "public" && <span className="rounded-full bg-slate-200 px-2 py-0.5 text-xs text-slate-800">no key</span>}
        {op.metered && (
          <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs text-amber-900">
            metered: {op.metered.cost} {op.metered.metric}
            {op.metered.feature ? ` · needs ${op.metered.feature}` : ""}
          </span>
        )}
      </div>
      <h3 className="mt-2 font-semibold text-slate-900">{op.summary}</h3>
      <div className="mt-1 space-y-2">
        <Prose text={op.description} />
      </div>
      {op.params.length > 0 && (
        <div className="mt-4">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Parameters</h4>
          <Fields rows={op.params} withIn />
        </div>
      )}
      {op.body && (
        <div className="mt-4">
          <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Request body{op.body.schemaName ? ` (${op.body.schemaName})` : ""}, application/json</h4>
          <Fields rows={op.body.rows} />
        </div>
      )}
      <div className="mt-4">
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Responses</h4>
        <ul className="mt-2 space-y-3">
          {op.responses.map((r) => (
            <li key={r.status}>
              <div className="text-sm">
                <span className={`mr-2 font-mono font-semibold ${r.status.startsWith("2") ? "text-emerald-700" : "text-rose-700"}`}>{r.status}</span>
                <span className="text-slate-700">{r.description}</span>
                {r.schemaName && <span className="ml-2 font-mono text-xs text-slate-500">{r.schemaName}</span>}
                {r.mediaType && r.mediaType !== "application/json" && <span className="ml-2 font-mono text-xs text-slate-500">{r.mediaType}</span>}
              </div>
              <Fields rows={r.rows} />
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

/** The API reference, rendered from the OpenAPI document on the server. */
export function ApiReference({ view }: { view: ReferenceView }) {
  return (
    <div className="mx-auto flex max-w-6xl gap-8 px-6 py-10">
      <nav className="sticky top-6 hidden h-[calc(100vh-3rem)] w-60 shrink-0 overflow-y-auto text-sm lg:block" aria-label="Operations">
        {view.tags.map((t) => (
          <div key={t.name} className="mb-4">
            <div className="font-semibold text-slate-900">{t.name}</div>
            <ul className="mt-1 space-y-1">
              {t.operations.map((op) => (
                <li key={op.id}>
                  <a href={`#${op.id}`} className="block truncate text-slate-600 hover:text-slate-900">
                    <span className="mr-1 font-mono text-[10px] font-semibold text-slate-400">{op.method}</span>
                    {op.summary}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </nav>
      <main className="min-w-0 flex-1">
        <h1 className="text-3xl font-bold tracking-tight text-slate-900">{view.title}</h1>
        <p className="mt-1 text-sm text-slate-500">
          Version <code className="font-mono">{view.version}</code> ·{" "}
          <a href="/api/v1/openapi.json" className="text-brand-700 underline">
            openapi.json
          </a>{" "}
          (OpenAPI 3.1) · typed client: <code className="font-mono">@billing-kit/client</code>
        </p>
        <div className="mt-4 space-y-3">
          <Prose text={view.description} />
          <Prose text={view.scopes} className="text-slate-600" />
        </div>
        {view.tags.map((t) => (
          <section key={t.name} className="mt-10">
            <h2 className="text-xl font-semibold text-slate-900">{t.name}</h2>
            {t.description && <p className="mt-1 text-sm text-slate-600">{t.description}</p>}
            <div className="mt-4 space-y-4">
              {t.operations.map((op) => (
                <Operation key={`${op.method} ${op.path}`} op={op} />
              ))}
            </div>
          </section>
        ))}
      </main>
    </div>
  );
}
