/** Command-line flags: parsed strictly, then checked with zod; a problem is a usage error (exit 2). */
import { parseArgs } from 'node:util'
import { z } from 'zod'

export class CliUsageError extends Error {}

export function flags<T extends z.ZodRawShape>(args: string[], options: Record<string, { type: 'string' | 'boolean' }>, shape: T): z.infer<z.ZodObject<T>> {
  let values: Record<string, unknown>
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw new CliUsageError((error as Error).message)
  }
  const parsed = z.object(shape).safeParse(values)
  if (!parsed.success) throw new CliUsageError(parsed.error.issues.map((i) => i.message).join('\n'))
  return parsed.data
}
