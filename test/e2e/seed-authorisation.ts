import type { PrismaClient } from '../../app/generated/prisma/client.ts'

/** Issue 5's people: two applicants (providers' representatives), each to see only their own applications. */
export const E2E_APPLICANTS = {
  applicant: { subject: 'e2e-applicant', name: 'Petra Sökande' },
  otherApplicant: { subject: 'e2e-applicant-2', name: 'Olof Sökande' },
} as const

export async function seedE2eAuthorisation(prisma: PrismaClient): Promise<void> {
  for (const u of Object.values(E2E_APPLICANTS)) {
    await prisma.user.create({ data: { subject: u.subject, name: u.name, email: `${u.subject}@example.se`, roles: { create: { role: 'applicant' } } } })
  }
}
