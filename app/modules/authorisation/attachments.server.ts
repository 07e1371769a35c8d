/**
 * Attachments (bilagor) to an application's document requirements: PDFs only, judged by their
 * content (pdf.ts), at most ATTACHMENT_MAX_BYTES, stored on disk under ATTACHMENT_DIR by a random
 * storage key — never by the uploaded name, never under public/ — and served only to the
 * applicant and the region's side, each read audited. The file is written to a temporary name
 * first and renamed inside the transaction that inserts its row, so a refusal or a failure
 * leaves neither a row nor a file.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { data } from 'react-router'
import type { PrismaClient } from '../../generated/prisma/client.ts'
import { recordAudit, type Actor } from '../audit/audit.server.ts'
import { env } from '../../utils/env.server.ts'
import { ApplicationNotFound, ApplicationRefused, applicationFor, databaseRefusal, lockOwnApplication, mayEditRequirement, type Viewer } from './application.server.ts'
import { checkPdf, type PdfProblem } from './pdf.ts'
import { recordApplicationEvent } from './timeline.server.ts'

/** Room for the form's other fields and the multipart framing around the file. */
export const FORM_OVERHEAD_BYTES = 64 * 1024

/** The largest body a page's form without an upload may post (the kravbok's and the review's long texts fit well). */
export const FORM_MAX_BYTES = 256 * 1024

/** At most this many files per requirement … */
export const MAX_FILES_PER_REQUIREMENT = 10
/** … and per application, counted under the application's lock. */
export const MAX_FILES_PER_APPLICATION = 60

export interface AttachmentStore {
  /** An absolute directory; created when missing. */
  dir: string
  maxBytes: number
}

/** The store the environment names. */
export function attachmentStore(): AttachmentStore {
  const e = env()
  return { dir: resolve(e.ATTACHMENT_DIR), maxBytes: e.ATTACHMENT_MAX_BYTES }
}

export type AttachmentProblem = PdfProblem | 'tooLarge' | 'noFile' | 'tooManyForRequirement' | 'tooManyForApplication'

/** An upload refused for what the file is; `code` picks the page's message. */
export class AttachmentRefused extends Error {
  override name = 'AttachmentRefused'
  constructor(
    readonly code: AttachmentProblem,
    message: string,
    readonly details: { maxBytes?: number; sizeBytes?: number; maxFiles?: number } = {},
  ) {
    super(message)
  }
}

/** A request body larger than an upload can be: refused before it is read (413). */
export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge'
  constructor(readonly limitBytes: number) {
    super(`the request is larger than ${limitBytes} bytes`)
  }
}

/** How much of a refused body is still read (and thrown away) to keep the connection usable; beyond it the connection is closed. */
const DISCARD_MAX_BYTES = 32 * 1024 * 1024

/**
 * The rest of a refused body, read and thrown away after the refusal. The server's adapter has
 * started reading the request, so Node does not drop the unread bytes itself: left alone, they
 * would stall the connection and the browser's next request on it (a revalidation after the 413)
 * would hang. Past DISCARD_MAX_BYTES the stream is cancelled, which closes the connection.
 */
function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  let seen = 0
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return
        seen += value.byteLength
        if (seen > DISCARD_MAX_BYTES) return await reader.cancel()
      }
    } catch {
      // The client went away: nothing left to read.
    }
  })()
}

/**
 * The posted form, read only if it fits: a Content-Length above the limit is refused before any
 * of the body is read, and a body without one is cut off at the limit. What a refused body still
 * sends is read and discarded, so the answer (413) reaches the browser on a usable connection.
 */
export async function readFormWithLimit(request: Request, limitBytes: number): Promise<FormData> {
  const length = request.headers.get('content-length')
  if (length !== null && Number(length) > limitBytes) {
    if (request.body && !request.body.locked) discardRest(request.body.getReader())
    throw new BodyTooLarge(limitBytes)
  }
  if (length !== null || !request.body) return request.formData()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let seen = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    seen += value.byteLength
    if (seen > limitBytes) {
      discardRest(reader)
      throw new BodyTooLarge(limitBytes)
    }
    chunks.push(value)
  }
  return new Request(request.url, { method: request.method, headers: request.headers, body: Buffer.concat(chunks) }).formData()
}

/**
 * A page's posted form (no upload), at most FORM_MAX_BYTES: a larger one is answered 413, which
 * the page's error boundary says in words (FormTooLarge).
 */
export async function readPageForm(request: Request, limitBytes: number = FORM_MAX_BYTES): Promise<FormData> {
  try {
    return await readFormWithLimit(request, limitBytes)
  } catch (error) {
    if (error instanceof BodyTooLarge) throw data({ limitBytes }, { status: 413 })
    throw error
  }
}

/**
 * The name shown for a file: its last path part, without control or bidirectional-override
 * characters or those Windows refuses, at most 150 characters, ending in ".pdf".
 */
export function sanitiseFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? ''
  let s = last
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
  if (!/\.pdf$/i.test(s)) s = `${s || 'bilaga'}.pdf`
  if (s.length > 150) s = `${[...s.slice(0, -4)].slice(0, 146).join('')}.pdf`
  return s
}

/** `Content-Disposition` for a download: an ASCII fallback and the exact name in UTF-8 (RFC 6266/5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')
  const utf8 = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${ascii}"; filename*=UTF-8''${utf8}`
}

function storagePath(dir: string, storageKey: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(storageKey)) throw new Error('bad storage key')
  return join(dir, storageKey)
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
}

/** Removes stored files (after the transaction that deleted their rows has committed). */
export async function removeStoredFiles(storageKeys: string[], store: AttachmentStore = attachmentStore()): Promise<void> {
  for (const key of storageKeys) await removeQuietly(storagePath(store.dir, key))
}

export interface AddedAttachment {
  id: number
  fileName: string
  sizeBytes: number
  sha256: string
  storageKey: string
}

/**
 * Attaches a PDF to a document requirement of the applicant's own application, while it may be
 * changed (a draft; under supplementation, a requirement the open request names).
 */
export async function addAttachment(
  db: PrismaClient,
  input: { applicationId: number; requirementId: number; fileName: string; bytes: Uint8Array; actor: Actor; store?: AttachmentStore },
): Promise<AddedAttachment> {
  const store = input.store ?? attachmentStore()
  const size = input.bytes.byteLength
  if (size > store.maxBytes) throw new AttachmentRefused('tooLarge', `the file is larger than ${store.maxBytes} bytes`, { maxBytes: store.maxBytes, sizeBytes: size })
  const pdf = checkPdf(input.bytes)
  if (!pdf.ok) throw new AttachmentRefused(pdf.problem, `the file is not an acceptable PDF: ${pdf.problem}`, { sizeBytes: size })
  const fileName = sanitiseFileName(input.fileName)
  const sha256 = createHash('sha256').update(input.bytes).digest('hex')
  const storageKey = randomBytes(24).toString('base64url')
  await mkdir(store.dir, { recursive: true })
  const final = storagePath(store.dir, storageKey)
  const temporary = join(store.dir, `.${storageKey}.tmp`)
  await writeFile(temporary, input.bytes, { flag: 'wx', mode: 0o600 })
  try {
    return await db.$transaction(
      async (tx) => {
        const { app, editability } = await lockOwnApplication(tx, input.applicationId, input.actor)
        if (!editability.editable) throw new ApplicationRefused('notEditable', `application ${app.id} is ${app.status}: it cannot be changed`, { status: app.status })
        const requirement = await tx.requirement.findFirst({ where: { id: input.requirementId, specId: app.specId, kind: 'document' } })
        if (!requirement) throw new ApplicationNotFound()
        if (!mayEditRequirement(editability, requirement.id)) {
          throw new ApplicationRefused('requirementNotRequested', `the open request for supplementation does not name ${requirement.code}`, { status: app.status, codes: [requirement.code] })
        }
        // Counted under the application's lock (lockOwnApplication): two uploads at once cannot both take the last place.
        const [counts] = await tx.$queryRaw<{ requirement: number; application: number }[]>`
          SELECT count(*) FILTER (WHERE requirement_id = ${requirement.id})::int AS requirement, count(*)::int AS application
            FROM application_attachment WHERE application_id = ${app.id}`
        if ((counts?.requirement ?? 0) >= MAX_FILES_PER_REQUIREMENT) {
          throw new AttachmentRefused('tooManyForRequirement', `requirement ${requirement.code} has ${MAX_FILES_PER_REQUIREMENT} files already`, { maxFiles: MAX_FILES_PER_REQUIREMENT })
        }
        if ((counts?.application ?? 0) >= MAX_FILES_PER_APPLICATION) {
          throw new AttachmentRefused('tooManyForApplication', `the application has ${MAX_FILES_PER_APPLICATION} files already`, { maxFiles: MAX_FILES_PER_APPLICATION })
        }
        const row = await tx.applicationAttachment.create({
          data: { applicationId: app.id, requirementId: requirement.id, fileName, storageKey, sha256, sizeBytes: size, uploadedByUserId: input.actor.userId! },
        })
        await tx.authorisationApplication.update({ where: { id: app.id }, data: { updatedAt: new Date() } })
        await recordApplicationEvent(tx, {
          applicationId: app.id,
          actor: input.actor,
          kind: 'attachment_added',
          details: { attachmentId: row.id, requirement: requirement.code, fileName, sizeBytes: size, sha256 },
        })
        // Last: the file takes its name only if everything before succeeded.
        await rename(temporary, final)
        return { id: row.id, fileName, sizeBytes: size, sha256, storageKey }
      },
      { maxWait: 10_000, timeout: 30_000 },
    )
  } catch (error) {
    await removeQuietly(temporary)
    await removeQuietly(final)
    throw databaseRefusal(error) ?? error
  }
}

/** Removes an attachment while the application may be changed; the file goes after the commit. */
export async function removeAttachment(
  db: PrismaClient,
  input: { applicationId: number; attachmentId: number; actor: Actor; store?: AttachmentStore },
): Promise<void> {
  const store = input.store ?? attachmentStore()
  let storageKey: string
  try {
    storageKey = await db.$transaction(
      async (tx) => {
        const { app, editability } = await lockOwnApplication(tx, input.applicationId, input.actor)
        const attachment = await tx.applicationAttachment.findFirst({ where: { id: input.attachmentId, applicationId: app.id }, include: { requirement: true } })
        if (!attachment) throw new ApplicationNotFound()
        if (!editability.editable) throw new ApplicationRefused('notEditable', `application ${app.id} is ${app.status}: it cannot be changed`, { status: app.status })
        if (!mayEditRequirement(editability, attachment.requirementId)) {
          throw new ApplicationRefused('requirementNotRequested', `the open request for supplementation does not name ${attachment.requirement.code}`, {
            status: app.status,
            codes: [attachment.requirement.code],
          })
        }
        await tx.applicationAttachment.delete({ where: { id: attachment.id } })
        await tx.authorisationApplication.update({ where: { id: app.id }, data: { updatedAt: new Date() } })
        await recordApplicationEvent(tx, {
          applicationId: app.id,
          actor: input.actor,
          kind: 'attachment_removed',
          details: { attachmentId: attachment.id, requirement: attachment.requirement.code, fileName: attachment.fileName },
        })
        return attachment.storageKey
      },
      { maxWait: 10_000, timeout: 30_000 },
    )
  } catch (error) {
    throw databaseRefusal(error) ?? error
  }
  await removeStoredFiles([storageKey], store)
}

export interface AttachmentDownload {
  fileName: string
  sizeBytes: number
  sha256: string
  bytes: Buffer
}

/**
 * An attachment's file for a viewer who may see the application (its applicant, or the region's
 * side once it is submitted); anyone else gets ApplicationNotFound, as for a missing id. Every
 * read is audited.
 */
export async function readAttachment(
  db: PrismaClient,
  input: { applicationId: number; attachmentId: number; viewer: Viewer; actor: Actor; store?: AttachmentStore },
): Promise<AttachmentDownload> {
  const store = input.store ?? attachmentStore()
  const app = await applicationFor(db, input.applicationId, input.viewer)
  // The region sees an application once it is submitted (reviewDetails hides drafts): a draft's files are the applicant's alone.
  if (app.status === 'draft' && app.applicantUserId !== input.viewer.id) throw new ApplicationNotFound()
  const attachment = await db.applicationAttachment.findFirst({ where: { id: input.attachmentId, applicationId: app.id } })
  if (!attachment) throw new ApplicationNotFound()
  const bytes = await readFile(storagePath(store.dir, attachment.storageKey))
  await recordAudit(db, input.actor, {
    action: 'authorisation.attachment.read',
    entity: 'application_attachment',
    entityId: String(attachment.id),
    details: { applicationId: app.id, requirementId: attachment.requirementId, sha256: attachment.sha256 },
  })
  return { fileName: attachment.fileName, sizeBytes: attachment.sizeBytes, sha256: attachment.sha256, bytes }
}
