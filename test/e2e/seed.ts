import type { PrismaClient } from '../../app/generated/prisma/client.ts'
import { makePersonalId } from '../../app/modules/identity/personal-id.ts'

/**
 * What the e2e tests expect to find. Names chosen so that Swedish order (Å before Ä) differs
 * from byte order, and listings chosen so that only periods covering today are counted.
 */
export const E2E_REGION = {
  region: { code: '99', name: 'Region Testland' },
  municipalities: [
    { code: '9901', name: 'Älvby' },
    { code: '9902', name: 'Björkås' },
  ],
  /** In the order the clinic list shows them, with the number listed today. */
  clinics: [
    { hsaId: 'SE9990000000-E2E2', name: 'Björkås hälsocentral', municipality: 'Björkås', ownership: 'private', listedToday: 2 },
    { hsaId: 'SE9990000000-E2E1', name: 'Åkerns vårdcentral', municipality: 'Älvby', ownership: 'public', listedToday: 3 },
    { hsaId: 'SE9990000000-E2E3', name: 'Ängens vårdcentral', municipality: 'Älvby', ownership: 'private', listedToday: 0 },
  ],
  /** The users the demo login offers (staff only), and a citizen user it must not offer. */
  users: {
    commissioner: { subject: 'e2e-commissioner', name: 'Klara Beställare' },
    clinicStaff: { subject: 'e2e-staff-akern', name: 'Sture Personal', clinicHsaId: 'SE9990000000-E2E1', clinicName: 'Åkerns vårdcentral' },
    citizen: { subject: 'e2e-citizen', name: 'Ingrid Invånare' },
  },
} as const

const day = (iso: string) => new Date(`${iso}T00:00:00Z`)

const weekdays = (opens: string, closes: string) => [1, 2, 3, 4, 5].map((d) => ({ day: d, opens, closes }))

/**
 * What the clinic finder filters on (finder.spec.ts). No caps here: other tests choose and assign
 * these clinics. Straight-line distances from Älvby centrum (59.000, 16.000): Åkern 0,3 km,
 * Ängen 4,4 km, Björkås 44,7 km.
 */
export const FINDER_PROFILES = {
  akern: {
    lat: 59.002, lon: 16.004, phone: '0155-12 34 56', website: 'https://akern.example.se',
    languages: ['sv', 'en', 'ar'], accessibility: ['step_free_entrance', 'hearing_loop'],
    // Tuesdays until 19:00: evening hours.
    openingHours: [...weekdays('08:00', '17:00').filter((h) => h.day !== 2), { day: 2, opens: '08:00', closes: '19:00' }],
  },
  bjorkas: {
    lat: 59.305, lon: 16.51, phone: '0155-22 33 44', website: null,
    languages: ['sv', 'so'], accessibility: ['parking_disabled'],
    // Saturdays: weekend hours.
    openingHours: [...weekdays('08:00', '17:00'), { day: 6, opens: '10:00', closes: '14:00' }],
  },
  angen: {
    lat: 59.03, lon: 16.05, phone: null, website: null,
    languages: ['sv', 'fi', 'fa'], accessibility: ['step_free_entrance', 'accessible_toilet'],
    openingHours: weekdays('07:30', '16:30'),
  },
}

/** A small region: two municipalities, an area each, three clinics, six citizens and their listings, three users. */
export async function seedE2eRegion(prisma: PrismaClient): Promise<void> {
  await prisma.region.create({ data: E2E_REGION.region })
  await prisma.municipality.createMany({
    data: E2E_REGION.municipalities.map((m) => ({ ...m, regionCode: E2E_REGION.region.code })),
  })
  await prisma.area.createMany({
    data: [
      { code: '9901-01', municipalityCode: '9901', name: 'Älvby centrum', cni: 1.05, centreLat: 59, centreLon: 16 },
      { code: '9902-01', municipalityCode: '9902', name: 'Björkås norra', cni: 0.95, centreLat: 59.3, centreLon: 16.5 },
    ],
  })
  const akern = await prisma.clinic.create({
    data: {
      hsaId: 'SE9990000000-E2E1', name: 'Åkerns vårdcentral', areaCode: '9901-01', ownership: 'public', geographyPoints: 4,
      streetAddress: 'Storgatan 1', postalCode: '99101', city: 'Älvby',
      services: ['general_practice', 'child_health', 'maternal_health'],
      ...FINDER_PROFILES.akern,
    },
  })
  const bjorkas = await prisma.clinic.create({
    data: {
      hsaId: 'SE9990000000-E2E2', name: 'Björkås hälsocentral', areaCode: '9902-01', ownership: 'private', geographyPoints: 10,
      streetAddress: 'Skolvägen 7', postalCode: '99201', city: 'Björkås', services: ['general_practice'],
      ...FINDER_PROFILES.bjorkas,
    },
  })
  await prisma.clinic.create({
    data: {
      hsaId: 'SE9990000000-E2E3', name: 'Ängens vårdcentral', areaCode: '9901-01', ownership: 'private', geographyPoints: 4,
      services: ['general_practice', 'youth_clinic'],
      ...FINDER_PROFILES.angen,
    },
  })

  const births = ['1950-03-14', '1972-11-02', '1988-06-30', '1999-01-21', '2015-09-09', '1961-12-24']
  const citizens = await Promise.all(
    births.map((birthDate, i) =>
      prisma.citizen.create({
        data: {
          personalId: makePersonalId(birthDate, 100 + i * 11),
          sex: i % 2 === 0 ? 'F' : 'M',
          birthDate: day(birthDate),
          areaCode: i < 4 ? '9901-01' : '9902-01',
        },
      }),
    ),
  )
  const citizen = (i: number) => citizens[i]!.id
  const { users } = E2E_REGION
  await prisma.user.create({
    data: { subject: users.commissioner.subject, name: users.commissioner.name, roles: { create: { role: 'commissioner' } } },
  })
  await prisma.user.create({
    data: { subject: users.clinicStaff.subject, name: users.clinicStaff.name, roles: { create: { role: 'clinic_staff', clinicId: akern.id } } },
  })
  await prisma.user.create({
    data: { subject: users.citizen.subject, name: users.citizen.name, citizenId: citizen(1), roles: { create: { role: 'citizen' } } },
  })
  await prisma.listing.createMany({
    data: [
      // Listed at Åkern today: three.
      { citizenId: citizen(0), clinicId: akern.id, validFrom: day('2019-01-01'), kind: 'chosen' },
      { citizenId: citizen(1), clinicId: akern.id, validFrom: day('2020-05-01'), kind: 'chosen' },
      { citizenId: citizen(2), clinicId: akern.id, validFrom: day('2021-02-01'), kind: 'assigned' },
      // c3 moved from Åkern to Björkås: only the current period counts.
      { citizenId: citizen(3), clinicId: akern.id, validFrom: day('2018-01-01'), validTo: day('2023-01-01'), kind: 'chosen' },
      { citizenId: citizen(3), clinicId: bjorkas.id, validFrom: day('2023-01-01'), kind: 'chosen' },
      { citizenId: citizen(4), clinicId: bjorkas.id, validFrom: day('2015-09-09'), kind: 'chosen' },
      // A choice that takes effect in the future is not counted today.
      { citizenId: citizen(5), clinicId: bjorkas.id, validFrom: day('2099-01-01'), kind: 'chosen' },
    ],
  })
}
