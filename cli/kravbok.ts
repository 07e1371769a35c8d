/**
 * `kravbok load FILE.json [--publish]`, `kravbok publish --version V` and `kravbok list` of the
 * command line: the requirement specification (app/modules/authorisation/spec.server.ts).
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { CliUsageError, flags } from './args.ts'

const USAGE = 'kravbok: use `kravbok load FILE.json [--publish]`, `kravbok publish --version V` or `kravbok list`'

/** The document was not loaded or the version not published: every problem listed (exit 1). */
export class KravbokCommandFailed extends Error {}

export async function kravbokCommand(rest: string[]): Promise<void> {
  const [sub, ...more] = rest
  if (sub === 'load') return load(more)
  if (sub === 'publish') return publish(more)
  if (sub === 'list') return list(more)
  throw new CliUsageError(USAGE)
}

async function load(args: string[]): Promise<void> {
  const [file, ...more] = args
  if (!file || file.startsWith('--')) throw new CliUsageError(USAGE)
  const { publish } = flags(more, { publish: { type: 'boolean' } }, { publish: z.boolean().default(false) })
  const { parseSpecDocumentJson } = await import('../app/modules/authorisation/spec-document.ts')
  const parsed = parseSpecDocumentJson(await readFile(file, 'utf8'))
  if (!parsed.ok) throw new KravbokCommandFailed(`The kravbok was not loaded: nothing was written.\n${parsed.problems.join('\n')}`)
  const { KravbokRejected, loadSpecDocument } = await import('../app/modules/authorisation/spec.server.ts')
  const { prisma } = await import('../app/utils/db.server.ts')
  try {
    const r = await loadSpecDocument(prisma, parsed.doc, { actor: { kind: 'cli' }, publish })
    console.log(`Loaded kravbok ${r.version} (id ${r.specId}): ${r.chapters} chapters, ${r.requirements} requirements, ${r.published ? 'published' : 'a draft (not published)'}.`)
  } catch (error) {
    if (error instanceof KravbokRejected) throw new KravbokCommandFailed(`The kravbok was not loaded: nothing was written.\n${error.problems.join('\n')}`)
    throw error
  } finally {
    await prisma.$disconnect()
  }
}

async function publish(args: string[]): Promise<void> {
  const { version } = flags(args, { version: { type: 'string' } }, { version: z.string({ error: '--version is required' }).trim().min(1, '--version is required') })
  const { KravbokRefused, publishSpec, specIdByVersion } = await import('../app/modules/authorisation/spec.server.ts')
  const { prisma } = await import('../app/utils/db.server.ts')
  try {
    const specId = await specIdByVersion(prisma, version)
    if (specId === null) throw new KravbokCommandFailed(`There is no kravbok version ${version}.`)
    const r = await publishSpec(prisma, { specId, actor: { kind: 'cli' } }).catch((error: unknown) => {
      if (error instanceof KravbokRefused) throw new KravbokCommandFailed(`Kravbok ${version} was not published: ${error.message}.`)
      throw error
    })
    console.log(`Published kravbok ${r.version} (id ${specId}) with ${r.requirements} requirements; new applications are made against it.`)
  } finally {
    await prisma.$disconnect()
  }
}

async function list(args: string[]): Promise<void> {
  flags(args, {}, {})
  const { listSpecs } = await import('../app/modules/authorisation/spec.server.ts')
  const { prisma } = await import('../app/utils/db.server.ts')
  try {
    const specs = await listSpecs(prisma)
    if (specs.length === 0) {
      console.log('No kravbok versions yet. Load one with `kravbok load FILE.json`.')
      return
    }
    for (const s of specs) {
      const status = s.publishedAt ? `published ${s.publishedAt.toISOString().slice(0, 10)}` : 'draft'
      console.log(`${String(s.id).padStart(4)}  ${s.version.padEnd(12)} ${status.padEnd(20)} ${String(s.requirements).padStart(3)} requirements  ${String(s.applications).padStart(3)} applications${s.current ? '  (new applications)' : ''}  ${s.title}`)
    }
  } finally {
    await prisma.$disconnect()
  }
}
