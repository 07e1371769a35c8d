// Types for catalog-types.mjs, for the tests.
export declare const PG_CHAR: number
export declare const PG_TEXT: number
export declare const READ_AS_TEXT: ReadonlySet<number>
export declare function readCatalogTypesAsText(fields: { dataTypeID: number }[]): number[]
export declare function markCharColumns(columnTypes: number[], charColumns: number[]): number[]
