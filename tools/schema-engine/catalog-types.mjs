// PostgreSQL catalog columns whose types @prisma/adapter-pg cannot map to a Prisma column type
// (prisma/orm#27403). node-postgres leaves their values as the server's text, so only the type the
// adapter reports must change: "char" columns become Character (the schema engine reads
// pg_constraint.contype, pg_class.relkind … as a Rust char), the rest become text.
import { ColumnTypeEnum } from '@prisma/driver-adapter-utils'

/** Type OIDs from pg_type. */
export const PG_CHAR = 18
export const PG_TEXT = 25

/** Scalar catalog types the adapter throws UnsupportedNativeDataType for. */
export const READ_AS_TEXT = new Set([
  PG_CHAR, // "char"; reported as Character afterwards, see markCharColumns
  19, // name
  24, // regproc
  194, // pg_node_tree
  2205, // regclass
  2206, // regtype
])

/**
 * Before the adapter maps the result fields: rewrites, in place, each field whose type is in
 * READ_AS_TEXT to `text`, and returns the positions of the "char" fields among them. Arrays are
 * left alone: their text would need parsing.
 * @param {{ dataTypeID: number }[]} fields
 * @returns {number[]}
 */
export function readCatalogTypesAsText(fields) {
  /** @type {number[]} */
  const charColumns = []
  fields.forEach((field, index) => {
    if (!READ_AS_TEXT.has(field.dataTypeID)) return
    if (field.dataTypeID === PG_CHAR) charColumns.push(index)
    field.dataTypeID = PG_TEXT
  })
  return charColumns
}

/**
 * After the adapter mapped them: reports the given columns as Character instead of Text.
 * @param {number[]} columnTypes the adapter's ColumnTypeEnum values, changed in place
 * @param {number[]} charColumns positions from readCatalogTypesAsText
 * @returns {number[]}
 */
export function markCharColumns(columnTypes, charColumns) {
  for (const index of charColumns) columnTypes[index] = ColumnTypeEnum.Character
  return columnTypes
}
