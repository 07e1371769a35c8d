/**
 * Issue 5's test data, written straight to the database (independent of the services under
 * test): a small published requirement spec with one requirement of each kind, applicants, and
 * an application filled in so that it passes every requirement (attachments aside).
 */
import type { PrismaClient } from '../../app/generated/prisma/client.ts'

export interface TestSpec {
  specId: number
  /** Requirement ids by code. */
  req: { declaration: number; number: number; choice: number; document: number; text: number; optional: number }
  chapters: { admission: number; staffing: number; insurance: number }
}

let specCounter = 0

/** A published spec: a mandatory declaration, number (≥ 40 h/week), choice, document and text, and an optional declaration. */
export async function publishedTestSpec(prisma: PrismaClient, options: { publish?: boolean } = {}): Promise<TestSpec> {
  specCounter += 1
  const spec = await prisma.requirementSpec.create({ data: { version: `TEST:${process.pid}:${specCounter}:${Date.now()}`, title: 'Testkravbok' } })
  const chapter = (code: string, position: number, sv: string, en: string) =>
    prisma.requirementChapter.create({ data: { specId: spec.id, code, position, titleSv: sv, titleEn: en } })
  const admission = await chapter('admission', 1, 'Förutsättningar för auktorisation', 'Conditions for authorisation')
  const staffing = await chapter('staffing', 2, 'Bemanning och kompetens', 'Staffing and competence')
  const insurance = await chapter('insurance', 3, 'Försäkringar', 'Insurance')
  const requirement = (chapterId: number, code: string, position: number, kind: 'declaration' | 'number' | 'choice' | 'document' | 'text', mandatory: boolean, rule: object, sv: string, en: string) =>
    prisma.requirement.create({ data: { specId: spec.id, chapterId, code, position, kind, mandatory, rule, textSv: sv, textEn: en } })
  const declaration = await requirement(admission.id, '1.1', 1, 'declaration', true, { expected: true }, 'Vårdgivaren åtar sig hela uppdraget.', 'The provider takes on the whole mission.')
  const number = await requirement(admission.id, '1.2', 2, 'number', true, { min: '40', unitSv: 'timmar/vecka', unitEn: 'hours/week', integer: false }, 'Öppettider per vecka.', 'Opening hours per week.')
  const choice = await requirement(staffing.id, '2.1', 1, 'choice', true, {
    options: [{ value: 'own', sv: 'Egen journal', en: 'Own records' }, { value: 'region', sv: 'Regionens journal', en: "The region's records" }, { value: 'paper', sv: 'Papper', en: 'Paper' }],
    accepted: ['own', 'region'],
  }, 'Journalsystem.', 'Records system.')
  const text = await requirement(staffing.id, '2.2', 2, 'text', true, { minLength: 20, maxLength: 2000 }, 'Beskriv ert kvalitetsarbete.', 'Describe your quality work.')
  const document = await requirement(insurance.id, '3.1', 1, 'document', true, { minFiles: 1 }, 'Bifoga försäkringsbrev.', 'Attach the insurance certificate.')
  const optional = await requirement(insurance.id, '3.2', 2, 'declaration', false, { expected: true }, 'Vi har tilläggsförsäkring.', 'We have additional insurance.')
  if (options.publish !== false) {
    await prisma.requirementSpec.update({ where: { id: spec.id }, data: { status: 'published', publishedAt: new Date() } })
  }
  return {
    specId: spec.id,
    req: { declaration: declaration.id, number: number.id, choice: choice.id, document: document.id, text: text.id, optional: optional.id },
    chapters: { admission: admission.id, staffing: staffing.id, insurance: insurance.id },
  }
}

let userCounter = 0

/** A user with the applicant role (or another role), with an e-mail address for notifications. */
export async function testUser(prisma: PrismaClient, role: 'applicant' | 'commissioner' | 'clinic_staff' = 'applicant', clinicId?: number): Promise<number> {
  userCounter += 1
  const subject = `test-${role}-${process.pid}-${userCounter}-${Date.now()}`
  const user = await prisma.user.create({
    data: { subject, name: `Test ${role} ${userCounter}`, email: `${subject}@example.se`, roles: { create: { role, clinicId: clinicId ?? null } } },
  })
  return user.id
}

/** A valid organisation number (Luhn): 556036-0793. */
export const TEST_ORG_NUMBER = '5560360793'

/**
 * A draft application with every field of its own filled in and passing answers to every
 * requirement except the document (attach one to pass it).
 */
export async function filledDraft(prisma: PrismaClient, spec: TestSpec, applicantUserId: number, municipalityCode?: string): Promise<number> {
  const app = await prisma.authorisationApplication.create({
    data: {
      specId: spec.specId,
      applicantUserId,
      orgNumber: TEST_ORG_NUMBER,
      orgName: 'Testvård AB',
      fSkatt: true,
      insurer: 'Försäkringsbolaget',
      insurancePolicy: 'P-123',
      ownership: 'private',
      clinicName: 'Testets vårdcentral',
      streetAddress: 'Storgatan 1',
      postalCode: '61132',
      city: 'Nyköping',
      municipalityCode: municipalityCode ?? null,
      lat: '58.753',
      lon: '17.008',
      phone: '0155-10 00 00',
      website: 'https://test.example.se',
      services: ['general_practice', 'child_health', 'maternal_health', 'youth_clinic', 'gynaecology'],
      languages: ['sv', 'en'],
      openingHours: [1, 2, 3, 4, 5].map((day) => ({ day, opens: '08:00', closes: '17:00' })),
      staffing: { gpSpecialists: '2.0', nurses: '4.0' },
      medicalLeadName: 'Maria Läkare',
      medicalLeadTitle: 'Specialist i allmänmedicin',
      medicalLeadRegNo: '1234567',
    },
  })
  await prisma.applicationAnswer.createMany({
    data: [
      { applicationId: app.id, requirementId: spec.req.declaration, value: true },
      { applicationId: app.id, requirementId: spec.req.number, value: '45' },
      { applicationId: app.id, requirementId: spec.req.choice, value: 'own' },
      { applicationId: app.id, requirementId: spec.req.text, value: 'Vi följer upp kvaliteten varje månad med hela personalen.' },
    ],
  })
  return app.id
}

/** The smallest well-formed PDF (a single empty page), for attachment tests. */
export function tinyPdf(): Buffer {
  const objects = [
    '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n',
    '2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n',
    '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n',
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  for (const o of objects) {
    offsets.push(Buffer.byteLength(body))
    body += o
  }
  const xref = Buffer.byteLength(body)
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

/**
 * Submits a filled draft as the review sees it: the document attached (a row only, no file on
 * disk, uploaded by `uploadedBy`) and the status submitted at `submittedAt` (the database's now() without).
 */
export async function submitWithDocument(prisma: PrismaClient, spec: TestSpec, applicationId: number, uploadedBy: number, submittedAt?: Date): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO application_attachment (application_id, requirement_id, file_name, storage_key, sha256, size_bytes, uploaded_by_user_id)
    VALUES (${applicationId}, ${spec.req.document}, 'forsakring.pdf', ${`key${applicationId}x${Date.now()}`}, repeat('a', 64), 1000, ${uploadedBy})`
  await prisma.$executeRaw`
    UPDATE authorisation_application SET status = 'submitted', submitted_at = coalesce(${submittedAt ?? null}::timestamptz, now()), last_submitted_at = coalesce(${submittedAt ?? null}::timestamptz, now())
    WHERE id = ${applicationId}`
}

/** The codes a refused step gives (`Refused`: the module's error class, loaded by the test); fails when the step was not refused. */
export async function refusalCodes(promise: Promise<unknown>, Refused: abstract new (...args: never[]) => { codes: string[] }): Promise<string[]> {
  try {
    await promise
  } catch (error) {
    if (error instanceof Refused) return error.codes
    throw error
  }
  throw new Error('was not refused')
}

/**
 * After a file's tests: the queues closed and their keys under this file's `queuePrefix` removed,
 * the client disconnected and the test database dropped. Loaded late, so a file that points the
 * app at its database before loading it can still import this fixture first.
 */
export async function tearDownTestDatabase({ prisma, db, queuePrefix }: { prisma?: PrismaClient; db?: { drop(): Promise<void> }; queuePrefix?: string }): Promise<void> {
  if (queuePrefix !== undefined) {
    const { closeQueues } = await import('../../jobs/queues.ts')
    const { createRedis } = await import('../../app/utils/redis.server.ts')
    await closeQueues()
    const redis = createRedis()
    const keys = await redis.keys(`${queuePrefix}:*`)
    if (keys.length) await redis.del(...keys)
    await redis.quit()
  }
  await prisma?.$disconnect()
  await db?.drop()
}
