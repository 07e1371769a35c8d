/**
 * The demo region's applications for authorisation, made through the same services as the pages
 * so their timelines, audit entries and messages are real: one draft the demo applicant can go on
 * with, one waiting for review, one waiting for supplementation, one rejected and one approved
 * (from the first of next month, so it joins the finder then). Skipped when any application exists.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts'
import type { Prisma } from '../../generated/prisma/client.ts'
import type { Actor } from '../audit/audit.server.ts'
import { startApplication, submitApplication } from '../authorisation/application.server.ts'
import { addAttachment } from '../authorisation/attachments.server.ts'
import { approveApplication, rejectApplication, suggestedHsaId } from '../authorisation/decision.server.ts'
import { assess, assignReviewer, requestSupplementation } from '../authorisation/review.server.ts'
import { currentPublishedSpec, specWithRequirements, type SpecRequirement } from '../authorisation/spec.server.ts'
import { addDays } from '../listing/rules.ts'
import type { DemoLogin } from './users.server.ts'

interface DemoApplicant {
  login: DemoLogin
  clinicName: string
  orgName: string
  orgNumber: string
}

const applicants = {
  lina: {
    login: {
      subject: 'demo-applicant',
      name: 'Lina Sökande',
      role: 'applicant',
      description: '',
    },
    clinicName: 'Vårdcentralen Lärkan',
    orgName: 'Lärkans Vård AB',
    orgNumber: '5569876542',
  },
  nils: {
    login: {
      subject: 'demo-applicant-nils',
      name: 'Nils Vårdgivare',
      role: 'applicant',
      description: 'Ansökan väntar på granskning / application awaiting review',
    },
    clinicName: 'Vårdcentralen Kvarnen',
    orgName: 'Kvarnens Läkarpraktik AB',
    orgNumber: '5591234561',
  },
  maja: {
    login: {
      subject: 'demo-applicant-maja',
      name: 'Maja Verksamhetschef',
      role: 'applicant',
      description: 'Ansökan väntar på komplettering / supplementation requested',
    },
    clinicName: 'Hälsocentralen Solgläntan',
    orgName: 'Solgläntan Hälsa AB',
    orgNumber: '5590011226',
  },
  omar: {
    login: {
      subject: 'demo-applicant-omar',
      name: 'Omar Företagare',
      role: 'applicant',
      description: 'En ansökan avslagen, en godkänd / one application rejected, one approved',
    },
    clinicName: 'Läkarhuset Ekbacken',
    orgName: 'Ekbacken Primärvård AB',
    orgNumber: '5567001234',
  },
} satisfies Record<string, DemoApplicant>

/** A one-page PDF with a line of text: a realistic attachment for the demo's document requirements. */
export function demoPdf(text: string): Uint8Array {
  const safe = text.replace(/[()\\]/g, '').replace(/[^\x20-\x7e]/g, '?')
  const stream = `BT /F1 14 Tf 60 760 Td (${safe}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let body = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(body.length)
    body += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new TextEncoder().encode(body)
}

/** An answer that meets the requirement (declaration as asked, the lower bound or above, an accepted option, a text long enough). */
function passingAnswer(r: SpecRequirement): Prisma.InputJsonValue | null {
  switch (r.kind) {
    case 'declaration':
      return r.rule.expected
    case 'number':
      return r.rule.min ?? r.rule.max ?? '1'
    case 'choice':
      return r.rule.accepted[0] ?? null
    case 'text': {
      const text =
        'Verksamheten följer regionens riktlinjer och redovisar uppföljningen till regionen varje kvartal. Ansvaret ligger hos verksamhetschefen, som rapporterar avvikelser och åtgärder.'
      return text.length >= r.rule.minLength ? text.slice(0, r.rule.maxLength) : text.padEnd(r.rule.minLength, '.')
    }
    case 'document':
      return null
  }
}

async function upsertApplicant(prisma: PrismaClient, a: DemoApplicant): Promise<number> {
  const user = await prisma.user.upsert({
    where: { subject: a.login.subject },
    create: {
      subject: a.login.subject,
      name: a.login.name,
      email: `${a.login.subject}@example.se`,
      roles: { create: { role: 'applicant' } },
    },
    update: {},
  })
  return user.id
}

/** A municipality of the region with an area centre: where the demo's new clinics lie. */
async function placeIn(
  prisma: PrismaClient,
  nth: number,
): Promise<{
  municipalityCode: string
  lat: string
  lon: string
  city: string
}> {
  const rows = await prisma.$queryRaw<{ code: string; name: string; lat: string; lon: string }[]>`
    SELECT m.code, m.name, avg(a.centre_lat)::numeric(9,6)::text AS lat, avg(a.centre_lon)::numeric(9,6)::text AS lon
      FROM municipality m JOIN area a ON a.municipality_code = m.code
     WHERE a.centre_lat IS NOT NULL
     GROUP BY m.code, m.name ORDER BY m.code`
  const m = rows[nth % rows.length]!
  return { municipalityCode: m.code, lat: m.lat, lon: m.lon, city: m.name }
}

/** A draft with every field of its own filled in and passing answers to every requirement but documents (and, if `all`, the documents too). */
async function filledApplication(
  prisma: PrismaClient,
  input: {
    specId: number
    requirements: SpecRequirement[]
    applicant: DemoApplicant
    userId: number
    nth: number
    answerShare?: number
  },
): Promise<number> {
  const place = await placeIn(prisma, input.nth)
  const a = input.applicant
  // Started as the pages start one (the timeline's 'created' and its audit entry); the fields are then filled in as a draft.
  const { applicationId } = await startApplication(prisma, {
    actor: { kind: 'user', userId: input.userId },
  })
  const app = await prisma.authorisationApplication.update({
    where: { id: applicationId },
    data: {
      orgNumber: a.orgNumber,
      orgName: a.orgName,
      fSkatt: true,
      insurer: 'Länsförsäkringar',
      insurancePolicy: `PV-${2027}-${1000 + input.nth}`,
      ownership: 'private',
      clinicName: a.clinicName,
      streetAddress: `${['Storgatan', 'Kvarngatan', 'Skolvägen', 'Ekbacksvägen'][input.nth % 4]} ${3 + input.nth}`,
      postalCode: `6${String(1100 + input.nth * 7).padStart(4, '0')}`,
      city: place.city,
      municipalityCode: place.municipalityCode,
      lat: place.lat,
      lon: place.lon,
      phone: `0155-${20 + input.nth} 00 00`,
      website: `https://${a.clinicName
        .toLowerCase()
        .replace(/[^a-z]+/g, '-')
        .replace(/^-|-$/g, '')}.example.se`,
      services: ['general_practice', 'child_health', 'maternal_health', 'youth_clinic', 'gynaecology'],
      languages: ['sv', 'en', ...(input.nth % 2 ? ['ar'] : ['fi'])],
      openingHours: [1, 2, 3, 4, 5].map((day) => ({
        day,
        opens: '08:00',
        closes: day === 2 ? '19:00' : '17:00',
      })),
      staffing: {
        gpSpecialists: '3.0',
        otherDoctors: '1.5',
        nurses: '6.0',
        districtNurses: '2.0',
        psychologists: '1.0',
      },
      medicalLeadName: ['Karin Lind', 'Per Holm', 'Sofia Berg', 'Ahmed Nasser'][input.nth % 4],
      medicalLeadTitle: 'Specialist i allmänmedicin',
      medicalLeadRegNo: String(8123450 + input.nth),
    },
  })
  const share = input.answerShare ?? 1
  const answerable = input.requirements.filter((r) => r.kind !== 'document')
  const answers = answerable.slice(0, Math.ceil(answerable.length * share)).flatMap((r) => {
    const value = passingAnswer(r)
    return value === null ? [] : [{ applicationId: app.id, requirementId: r.id, value }]
  })
  await prisma.applicationAnswer.createMany({ data: answers })
  return app.id
}

async function attachDocuments(prisma: PrismaClient, applicationId: number, requirements: SpecRequirement[], actor: Actor): Promise<void> {
  for (const r of requirements.filter((q) => q.kind === 'document')) {
    const files = r.kind === 'document' ? r.rule.minFiles : 1
    for (let i = 0; i < files; i++) {
      await addAttachment(prisma, {
        applicationId,
        requirementId: r.id,
        fileName: `${r.code} ${r.textSv.slice(0, 40)}.pdf`,
        bytes: demoPdf(`Demo: ${r.code}`),
        actor,
      })
    }
  }
}

export async function seedDemoApplications(prisma: PrismaClient, input: { today: string; log: (line: string) => void }): Promise<DemoLogin[]> {
  const logins = Object.values(applicants).map((a) => a.login as DemoLogin)
  const spec = await currentPublishedSpec(prisma)
  if (!spec) throw new Error('the demo kravbok must be published before the demo applications are made')
  const detail = await specWithRequirements(prisma, spec.id)
  const requirements = detail!.chapters.flatMap((c) => c.requirements)
  const commissioner = await prisma.user.findUniqueOrThrow({
    where: { subject: 'demo-commissioner' },
    select: { id: true },
  })
  const region: Actor = { kind: 'user', userId: commissioner.id }
  const ids = Object.fromEntries(await Promise.all(Object.entries(applicants).map(async ([k, a]) => [k, await upsertApplicant(prisma, a)] as const))) as Record<
    keyof typeof applicants,
    number
  >
  const as = (k: keyof typeof applicants): Actor => ({
    kind: 'user',
    userId: ids[k],
  })
  const complete = async (k: keyof typeof applicants, nth: number, applicant: DemoApplicant = applicants[k]) => {
    const id = await filledApplication(prisma, {
      specId: spec.id,
      requirements,
      applicant,
      userId: ids[k],
      nth,
    })
    await attachDocuments(prisma, id, requirements, as(k))
    await submitApplication(prisma, {
      applicationId: id,
      actor: as(k),
      confirmTruthful: true,
    })
    return id
  }
  const assessAll = (applicationId: number, fail: Record<number, string> = {}) =>
    assess(prisma, {
      applicationId,
      actor: region,
      assessments: requirements.map((r) =>
        fail[r.id]
          ? {
              requirementId: r.id,
              verdict: 'fail' as const,
              comment: fail[r.id]!,
            }
          : { requirementId: r.id, verdict: 'pass' as const, comment: null },
      ),
    })
  const none = {
    bankruptcy: false,
    unpaidTaxes: false,
    misconduct: false,
    falseInformation: false,
  }
  // Each applicant's part is made once: a load that stopped half-way makes only what is missing.
  const made: string[] = []
  const once = async (k: keyof typeof applicants, make: () => Promise<void>) => {
    if (
      (await prisma.authorisationApplication.count({
        where: { applicantUserId: ids[k] },
      })) > 0
    )
      return
    await make()
    made.push(k)
  }

  // Lina: a draft, about half answered, for the demo applicant to go on with.
  await once('lina', async () => {
    await filledApplication(prisma, {
      specId: spec.id,
      requirements,
      applicant: applicants.lina,
      userId: ids.lina,
      nth: 0,
      answerShare: 0.5,
    })
  })

  // Nils: submitted, waiting for a reviewer.
  await once('nils', async () => {
    await complete('nils', 1)
  })

  // Maja: reviewed in part; the insurance certificate is asked for again.
  await once('maja', async () => {
    const maja = await complete('maja', 2)
    await assignReviewer(prisma, {
      applicationId: maja,
      reviewerUserId: commissioner.id,
      actor: region,
    })
    const insurance = requirements.find((r) => r.kind === 'document' && /försäkr/i.test(r.textSv)) ?? requirements.find((r) => r.kind === 'document')!
    await assessAll(maja, {
      [insurance.id]: 'Försäkringsbrevet gäller inte för den period avtalet avser. Bifoga ett brev som gäller från avtalets start.',
    })
    await requestSupplementation(prisma, {
      applicationId: maja,
      requirementIds: [insurance.id],
      sections: [],
      message: 'Vi behöver ett försäkringsbrev som gäller från avtalets start. Bifoga det och skicka in ansökan igen.',
      dueOn: addDays(input.today, 21),
      actor: region,
      today: input.today,
    })
  })

  // Omar: one application rejected (the quality description fell short), a second approved from the first of next month.
  const firstOfNextMonth = nextMonthStart(input.today)
  await once('omar', async () => {
    const rejected = await complete('omar', 3, {
      ...applicants.omar,
      clinicName: 'Doktor Omars vårdcentral',
    })
    await assignReviewer(prisma, {
      applicationId: rejected,
      reviewerUserId: commissioner.id,
      actor: region,
    })
    const quality = requirements.find((r) => r.kind === 'text') ?? requirements[0]!
    const reason = 'Beskrivningen av ledningssystemet för kvalitet saknar rutiner för avvikelsehantering och egenkontroll (HSLF-FS 2017:40).'
    await assessAll(rejected, { [quality.id]: reason })
    await rejectApplication(prisma, {
      applicationId: rejected,
      reasons: [{ requirementId: quality.id, reason }],
      exclusionGrounds: none,
      note: null,
      actor: region,
    })

    const approved = await complete('omar', 4)
    await assignReviewer(prisma, {
      applicationId: approved,
      reviewerUserId: commissioner.id,
      actor: region,
    })
    await assessAll(approved)
    await approveApplication(prisma, {
      applicationId: approved,
      agreementNumber: `VV-${input.today.slice(0, 4)}-${String(approved).padStart(3, '0')}`,
      startDate: firstOfNextMonth,
      hsaId: suggestedHsaId(approved),
      geographyPoints: 0,
      exclusionGrounds: none,
      note: 'Alla krav uppfyllda.',
      actor: region,
      today: input.today,
    })
  })
  input.log(
    made.length
      ? `  applications: made for ${made.join(', ')} (a draft; one awaiting review; one awaiting supplementation; one rejected and one approved from ${firstOfNextMonth})`
      : '  applications: already there',
  )
  return logins.filter((l) => l.subject !== 'demo-applicant')
}

function nextMonthStart(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}
