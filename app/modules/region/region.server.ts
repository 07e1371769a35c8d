/**
 * The region itself and its municipalities: the frame every area, clinic and citizen sits in.
 * Loaded from a small JSON file (`npm run cli -- region load FILE.json`) or by the demo.
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import type { PrismaClient } from '../../generated/prisma/client.ts'

export const RegionFileSchema = z.object({
  region: z.object({
    code: z.string().regex(/^\d{2}$/, 'must be the two-digit county code (länskod)'),
    name: z.string().min(1, 'is required'),
  }),
  municipalities: z
    .array(
      z.object({
        code: z.string().regex(/^\d{4}$/, 'must be the four-digit municipality code (kommunkod)'),
        name: z.string().min(1, 'is required'),
      }),
    )
    .min(1, 'must list at least one municipality'),
}).superRefine((file, ctx) => {
  const seen = new Set<string>()
  file.municipalities.forEach((m, i) => {
    if (seen.has(m.code)) ctx.addIssue({ code: 'custom', path: ['municipalities', i, 'code'], message: `${m.code} appears twice` })
    seen.add(m.code)
    if (!m.code.startsWith(file.region.code)) {
      ctx.addIssue({ code: 'custom', path: ['municipalities', i, 'code'], message: `${m.code} is not in county ${file.region.code}` })
    }
  })
})
export type RegionFile = z.infer<typeof RegionFileSchema>

/** Validation problems as `path: problem` lines. */
export function regionFileProblems(input: unknown): string[] {
  const r = RegionFileSchema.safeParse(input)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`)
}

export async function readRegionFile(path: string): Promise<RegionFile> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(path, 'utf8'))
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`)
  }
  const problems = regionFileProblems(json)
  if (problems.length) throw new Error(`${path}: the region file was not loaded:\n${problems.join('\n')}`)
  return RegionFileSchema.parse(json)
}

/** Upserts the region and its municipalities in one transaction; a repeat changes nothing. */
export async function loadRegion(prisma: PrismaClient, file: RegionFile): Promise<void> {
  await prisma.$transaction([
    prisma.region.upsert({ where: { code: file.region.code }, create: file.region, update: { name: file.region.name } }),
    ...file.municipalities.map((m) =>
      prisma.municipality.upsert({
        where: { code: m.code },
        create: { ...m, regionCode: file.region.code },
        update: { name: m.name, regionCode: file.region.code },
      }),
    ),
  ])
}
