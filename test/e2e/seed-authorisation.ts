import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { demoSpecDocument } from '../../app/modules/authorisation/demo-spec.ts'
import { loadSpecDocument } from '../../app/modules/authorisation/spec.server.ts'

/** Issue 5's people: two applicants (providers' representatives), each to see only their own applications. */
export const E2E_APPLICANTS = {
  applicant: { subject: 'e2e-applicant', name: 'Petra Sökande' },
  otherApplicant: { subject: 'e2e-applicant-2', name: 'Olof Sökande' },
} as const

/** The published kravbok applications are made against: the demo's document (demo-spec.ts) under this version. */
export const E2E_SPEC_VERSION = 'E2E:1'
export const E2E_SPEC_TITLE = 'Förfrågningsunderlag vårdval primärvård (E2E)'

export async function seedE2eAuthorisation(prisma: PrismaClient): Promise<void> {
  for (const u of Object.values(E2E_APPLICANTS)) {
    await prisma.user.create({ data: { subject: u.subject, name: u.name, email: `${u.subject}@example.se`, roles: { create: { role: 'applicant' } } } })
  }
  await loadSpecDocument(prisma, demoSpecDocument(E2E_SPEC_VERSION, E2E_SPEC_TITLE), { actor: { kind: 'system' }, publish: true })
}
