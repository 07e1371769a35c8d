import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { makePersonalId } from '../../app/modules/identity/personal-id.ts'
import { addDays, addMonths } from '../../app/modules/listing/rules.ts'
import { swedishMonth } from '../../app/utils/sweden.ts'

const AREA = '9901-90'

/**
 * The citizens the portal's browser tests (citizen.spec.ts) log in as, each test its own, so the
 * tests do not disturb one another or the figures the clinic and payment pages assert: none of
 * them is listed at seed.ts's clinics today or in the months the payment tests compute (2026-09,
 * 2026-10). Today they are listed at a clinic of their own, authorised from this month, whose list
 * the commissioner has capped (and which is full); their older history is at two clinics whose
 * authorisation ended long before those months.
 */
export const E2E_CITIZENS = {
  area: AREA,
  cappedClinic: { hsaId: 'SE9990000000-E2E9', name: 'Takets vårdcentral' },
  /** Listed at Takets: chooses Björkås, then changes their mind to Ängen. */
  chooser: { personalId: makePersonalId('1979-05-17', 512), birthDate: '1979-05-17' },
  /** Two switches of their own in the last 12 months: the third is refused. */
  atLimit: { personalId: makePersonalId('1983-08-08', 522), birthDate: '1983-08-08' },
  /** Not listed anywhere; tries the capped clinic. */
  capped: { personalId: makePersonalId('1991-10-10', 532), birthDate: '1991-10-10' },
  /** Opens the confirmation in two tabs. */
  twoTabs: { personalId: makePersonalId('1966-01-31', 542), birthDate: '1966-01-31' },
  /** A guardian of a young child and of a grown-up one (18+, not shown); the other guardian is coParent. */
  guardian: { personalId: makePersonalId('1986-12-01', 552), birthDate: '1986-12-01' },
  coParent: { personalId: makePersonalId('1985-03-03', 561), birthDate: '1985-03-03' },
  child: { personalId: makePersonalId('2019-04-12', 572), birthDate: '2019-04-12' },
  grownChild: { personalId: makePersonalId('2004-02-02', 582), birthDate: '2004-02-02' },
} as const

const day = (iso: string) => new Date(`${iso}T00:00:00Z`)

export async function seedE2eCitizens(prisma: PrismaClient): Promise<void> {
  const monthStart = `${swedishMonth()}-01`
  // The first of the two switches: last month, unless last month is one the payment tests compute.
  const lastMonth = addMonths(monthStart, -1)
  const firstSwitch = lastMonth < '2026-11-01' ? '2025-12-01' : lastMonth
  await prisma.area.create({ data: { code: AREA, municipalityCode: '9901', name: 'Älvby väster', cni: 1, centreLat: 60, centreLon: 15 } })
  const place = { areaCode: AREA, ownership: 'public' as const, geographyPoints: 0, services: ['general_practice' as const] }
  const capped = await prisma.clinic.create({
    data: { ...E2E_CITIZENS.cappedClinic, ...place, lat: 60.01, lon: 15, listCap: 1, authorisedFrom: day(monthStart) },
  })
  const old1 = await prisma.clinic.create({ data: { hsaId: 'SE9990000000-E2E7', name: 'Gamla vårdcentralen', ...place, authorisedFrom: day('2000-01-01'), authorisedTo: day('2026-01-01') } })
  const old2 = await prisma.clinic.create({ data: { hsaId: 'SE9990000000-E2E8', name: 'Förra vårdcentralen', ...place, authorisedFrom: day('2000-01-01'), authorisedTo: day('2026-01-01') } })

  const make = async (who: { personalId: string; birthDate: string }) =>
    (await prisma.citizen.create({ data: { personalId: who.personalId, sex: Number(who.personalId[10]) % 2 ? 'M' : 'F', birthDate: day(who.birthDate), areaCode: AREA } })).id
  const c = E2E_CITIZENS
  const atTaket = [c.chooser, c.twoTabs, c.guardian, c.coParent, c.child, c.grownChild]
  const listed: bigint[] = []
  for (const who of atTaket) listed.push(await make(who))
  const atLimit = await make(c.atLimit)
  await make(c.capped)
  const [, , guardian, coParent, child, grownChild] = listed as [bigint, bigint, bigint, bigint, bigint, bigint]

  await prisma.listing.createMany({
    data: [
      ...listed.map((citizenId) => ({ citizenId, clinicId: capped.id, validFrom: day(monthStart), kind: 'chosen' as const })),
      // Two switches of one's own within the last 12 months, neither listing covering 2026-09 or 2026-10.
      { citizenId: atLimit, clinicId: old1.id, validFrom: day('2020-01-01'), validTo: day('2025-12-01'), kind: 'chosen' },
      { citizenId: atLimit, clinicId: old2.id, validFrom: day(firstSwitch), validTo: day(addDays(firstSwitch, 1)), kind: 'chosen', reason: 'choice' },
      { citizenId: atLimit, clinicId: capped.id, validFrom: day(monthStart), kind: 'chosen', reason: 'choice' },
    ],
  })
  await prisma.guardianship.createMany({
    data: [
      { childId: child, guardianId: guardian },
      { childId: child, guardianId: coParent },
      { childId: grownChild, guardianId: guardian },
    ],
  })
}
