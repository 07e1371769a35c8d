/**
 * What the payment routes share on the server: finding the run and clinic an address names,
 * one page of a specification's lines, the search of one line by identity number (from a POST
 * body, never a URL), and CSV files streamed as a download.
 */
import { PassThrough, Readable, type Writable } from 'node:stream'
import { data } from 'react-router'
import { z } from 'zod'
import { LINES_PAGE_SIZE, PageSchema, SpecificationParams } from '../components/payments/params.ts'
import type { SessionUser } from '../modules/access/rules.ts'
import type { Actor } from '../modules/audit/audit.server.ts'
import { personalIdProblem } from '../modules/identity/personal-id.ts'
import {
  clinicLines,
  clinicSpecification,
  findRun,
  findRunClinicId,
  type ClinicSpecification,
  type LinePage,
  type LineRow,
  type RunSummary,
} from '../modules/payments/payments.server.ts'
import { prisma } from './db.server.ts'
import { logger } from './logger.server.ts'

export function actorOf(user: SessionUser): Actor {
  return { kind: 'user', userId: user.id }
}

function notFound(): never {
  throw data(null, { status: 404 })
}

/** The run and clinic of `/…/:month/:revision/:hsaId`: a 400 for a malformed address, a 404 for an unknown one. */
export async function findRunClinic(params: Record<string, string | undefined>): Promise<{ run: RunSummary; clinicId: number }> {
  const parsed = SpecificationParams.safeParse(params)
  if (!parsed.success) throw data(null, { status: 400 })
  const { month, revision, hsaId } = parsed.data
  const run = await findRun(prisma, month, revision)
  if (!run || run.revision !== revision) notFound()
  const clinicId = await findRunClinicId(prisma, run.id, hsaId)
  if (clinicId === null) notFound()
  return { run, clinicId }
}

export interface SpecificationPage {
  spec: ClinicSpecification
  lines: LinePage
  pageCount: number
}

/** The specification and one page (`?sida=N`) of its lines; the service audits every person shown. */
export async function loadSpecification(request: Request, run: RunSummary, clinicId: number, user: SessionUser): Promise<SpecificationPage> {
  const page = PageSchema.safeParse(new URL(request.url).searchParams.get('sida') ?? undefined)
  if (!page.success) throw data(null, { status: 400 })
  const spec = await clinicSpecification(prisma, run.id, clinicId)
  if (!spec) notFound()
  const lines = await clinicLines(prisma, run.id, clinicId, { page: page.data, pageSize: LINES_PAGE_SIZE }, actorOf(user))
  const pageCount = Math.max(1, Math.ceil(lines.total / LINES_PAGE_SIZE))
  if (page.data > pageCount) notFound()
  return { spec, lines, pageCount }
}

const SearchForm = z.object({
  intent: z.literal('search'),
  personnummer: z
    .string()
    .trim()
    .min(1, 'required')
    .superRefine((value, ctx) => {
      if (value && personalIdProblem(value)) ctx.addIssue({ code: 'custom', message: 'invalid' })
    }),
})

export type SearchResult =
  | { kind: 'found'; line: LineRow }
  | { kind: 'none'; personalId: string }
  | { kind: 'error'; error: 'required' | 'invalid'; value: string }

/** The action of a specification page: one line by identity number, or why the number was refused. */
export async function searchLine(request: Request, run: RunSummary, clinicId: number, user: SessionUser) {
  const form = Object.fromEntries(await request.formData())
  const parsed = SearchForm.safeParse(form)
  if (!parsed.success) {
    const error = parsed.error.issues.some((i) => i.message === 'required') ? 'required' : 'invalid'
    const value = typeof form.personnummer === 'string' ? form.personnummer.slice(0, 20) : ''
    return data({ search: { kind: 'error', error, value } satisfies SearchResult }, { status: 400 })
  }
  const { personnummer } = parsed.data
  const found = await clinicLines(prisma, run.id, clinicId, { page: 1, pageSize: 1, personalId: personnummer }, actorOf(user))
  const line = found.lines[0]
  const search: SearchResult = line ? { kind: 'found', line } : { kind: 'none', personalId: personnummer }
  return { search }
}

/**
 * A CSV download streamed as it is written: `write` gets a Node stream, the browser a web stream.
 * Personal data (payment lines) is kept by no cache.
 */
export function csvResponse(filename: string, write: (out: Writable) => Promise<void>): Response {
  const out = new PassThrough()
  write(out).catch((error: unknown) => {
    // The status line is sent already: the download breaks off and the log says why.
    logger.error({ err: error, file: filename }, 'CSV export failed')
    out.destroy(error instanceof Error ? error : new Error(String(error)))
  })
  return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
