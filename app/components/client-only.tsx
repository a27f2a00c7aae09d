import { useSyncExternalStore, type ReactNode } from "react";

const noSubscription = () => () => {};

/** True once React runs in the browser; false in the server render, while hydrating, and without JavaScript. */
export function useHydrated() {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/** Renders children only in the browser, the fallback (same size) until then. */
export function ClientOnly({ children, fallback }: { children: () => ReactNode; fallback: ReactNode }) {
  return useHydrated() ? <>{children()}</> : <>{fallback}</>;
}
