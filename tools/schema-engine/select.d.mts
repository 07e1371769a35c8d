// Types for select.mjs, so prisma.config.ts and the tests can import it under `strict`.
export declare const BRIDGE_PATH: string
export declare function nativeEngineFolders(fromDir: string): string[]
export declare function findNativeEngine(folders: string[]): string | undefined
export declare function chooseSchemaEngine(input: {
  env: Record<string, string | undefined>
  folders: string[]
}): string | undefined
export declare function useBridgeWhenNoNativeEngine(fromDir?: string): string | undefined
