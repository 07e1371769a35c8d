/**
 * The demo's people who log in: a commissioner, an administrator, staff of two clinics, and
 * citizens drawn from the demo population (a guardian with children, and an adult on their own).
 * Upserted by their subject at the identity provider, so a second load adds nothing.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts'

export interface DemoLogin {
  subject: string
  name: string
  role: 'citizen' | 'applicant' | 'clinic_staff' | 'commissioner' | 'admin'
  description: string
}

async function upsertUser(
  prisma: PrismaClient,
  login: DemoLogin,
  extra: { citizenId?: bigint; clinicId?: number } = {},
): Promise<void> {
  const user = await prisma.user.upsert({
    where: { subject: login.subject },
    create: { subject: login.subject, name: login.name, citizenId: extra.citizenId ?? null },
    update: { name: login.name, citizenId: extra.citizenId ?? null },
  })
  await prisma.userRole.createMany({
    data: [{ userId: user.id, role: login.role, clinicId: extra.clinicId ?? null }],
    skipDuplicates: true,
  })
}

export async function seedDemoUsers(prisma: PrismaClient): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = []
  const add = async (login: DemoLogin, extra?: { citizenId?: bigint; clinicId?: number }) => {
    await upsertUser(prisma, login, extra)
    logins.push(login)
  }
  await add({ subject: 'demo-commissioner', name: 'Karin Beställare', role: 'commissioner', description: 'Regionens beställare / the region\'s commissioner' })
  await add({ subject: 'demo-admin', name: 'Ali Administratör', role: 'admin', description: 'Systemförvaltare / system administrator' })

  await add({ subject: 'demo-applicant', name: 'Lina Sökande', role: 'applicant', description: 'Vårdgivare som ansöker om auktorisation / a provider applying for authorisation' })

  const clinics = await prisma.clinic.findMany({ orderBy: { hsaId: 'asc' }, take: 2, select: { id: true, name: true } })
  for (const [i, clinic] of clinics.entries()) {
    await add(
      { subject: `demo-staff-${i + 1}`, name: i === 0 ? 'Sara Verksamhetschef' : 'Johan Vårdadministratör', role: 'clinic_staff', description: clinic.name },
      { clinicId: clinic.id },
    )
  }

  // A guardian listed somewhere with at least two children under 18, and an adult without children.
  const [guardian] = await prisma.$queryRaw<{ id: bigint }[]>`
    SELECT g.guardian_id AS id FROM guardianship g
    JOIN citizen c ON c.id = g.child_id AND c.birth_date > current_date - interval '18 years'
    JOIN citizen p ON p.id = g.guardian_id AND p.end_date IS NULL
    WHERE EXISTS (SELECT 1 FROM listing l WHERE l.citizen_id = g.guardian_id AND l.valid_to IS NULL)
    GROUP BY g.guardian_id HAVING count(*) >= 2 ORDER BY g.guardian_id LIMIT 1`
  const [single] = await prisma.$queryRaw<{ id: bigint }[]>`
    SELECT c.id FROM citizen c
    WHERE c.end_date IS NULL AND c.birth_date BETWEEN current_date - interval '70 years' AND current_date - interval '25 years'
      AND NOT EXISTS (SELECT 1 FROM guardianship g WHERE g.guardian_id = c.id)
      AND EXISTS (SELECT 1 FROM listing l WHERE l.citizen_id = c.id AND l.valid_to IS NULL)
    ORDER BY c.id LIMIT 1`
  if (guardian) {
    await add({ subject: 'demo-citizen-guardian', name: 'Anna Andersson', role: 'citizen', description: 'Invånare med barn / citizen with children' }, { citizenId: guardian.id })
  }
  if (single) {
    await add({ subject: 'demo-citizen', name: 'Erik Eriksson', role: 'citizen', description: 'Invånare / citizen' }, { citizenId: single.id })
  }
  return logins
}
