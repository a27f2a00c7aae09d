import { createContext, useContext } from "react";

/** The response's CSP nonce, handed from the server render to the few inline scripts Remix writes. */
export const NonceContext = createContext<string | undefined>(undefined);
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
