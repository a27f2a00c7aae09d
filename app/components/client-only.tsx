import { useEffect, useState, type ReactNode } from "react";

/** True once React runs in the browser; false in the server render and without JavaScript. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** Renders children only in the browser, the fallback (same size) until then. */
export function ClientOnly({ children, fallback }: { children: () => ReactNode; fallback: ReactNode }) {
  return useHydrated() ? <>{children()}</> : <>{fallback}</>;
}
