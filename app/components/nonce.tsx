import { createContext, useContext, type ReactNode } from 'react'

// On the server the nonce of this response; in the browser '' (browsers hide nonces from the DOM).
const NonceContext = createContext<string>('')

export function NonceProvider({ value, children }: { value: string; children: ReactNode }) {
  return <NonceContext.Provider value={value}>{children}</NonceContext.Provider>
}

export function useNonce(): string {
  return useContext(NonceContext)
}
