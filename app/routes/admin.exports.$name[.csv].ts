import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import {
  EXPORTS,
  exportCsv,
  exportFileName,
  exportRoles,
  isExportName,
  readExportFilter,
  recordExport,
} from "~/models/admin-exports.server";
import { requireRole } from "~/guards/session.server";

const text = (message: string, status: number) =>
  new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/**
 * One of the desk's CSV files (docs/dashboard-and-exports.md): aggregates for
 * admins and moderators, personal data for admins only. A bad filter is a 400
 * that says what is wrong; the download is in the audit log before it starts.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin", "moderator"]);
  const name = params.name;
  if (!isExportName(name)) throw text("There is no such export.", 404);
  if (!exportRoles(name).includes(user.role as "admin" | "moderator"))
    throw text(`Only admins may download ${EXPORTS[name].title.toLowerCase()}: it holds personal data.`, 403);
  const read = await readExportFilter(name, new URL(request.url).searchParams);
  if (!read.ok) throw text(read.message, 400);
  await recordExport(user, name, read.filter);
  return new Response(createReadableStreamFromReadable(exportCsv(name, read.resolved)), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(name, read.filter)}"`,
      // Names and addresses, or figures of the day: never kept by a cache or a shared proxy.
      "Cache-Control": "private, no-store",
    },
  });
}
