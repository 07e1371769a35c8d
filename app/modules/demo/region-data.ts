/**
 * The real geography the demo region is drawn on: Region Sörmland (county 04), its nine
 * municipalities with their real codes, populations (SCB, about 2023) and centres, and districts
 * and villages of each, with approximate coordinates and a CNI level. The people are synthetic.
 */

export interface AreaSeed {
  name: string
  lat: number
  lon: number
  /** Relative population inside its municipality. */
  weight: number
  /** Care Need Index level (region mean ≈ 1; deprived areas 2-3.5). */
  cni: number
  /** A village or countryside, far from a town centre. */
  rural: boolean
  /** Postal town (postort). */
  city: string
  /** The first three digits of its postal codes. */
  postal: string
}

export interface MunicipalitySeed {
  code: string
  name: string
  population: number
  /** Telephone area code (riktnummer). */
  phoneAreaCode: string
  areas: readonly AreaSeed[]
}

export const REGION = { code: '04', name: 'Region Sörmland' } as const

function area(
  name: string,
  lat: number,
  lon: number,
  weight: number,
  cni: number,
  city: string,
  postal: string,
  rural = false,
): AreaSeed {
  return { name, lat, lon, weight, cni, rural, city, postal }
}

export const MUNICIPALITIES: readonly MunicipalitySeed[] = [
  {
    code: '0428',
    name: 'Vingåker',
    population: 9_200,
    phoneAreaCode: '0151',
    areas: [
      area('Vingåker centrum', 59.044, 15.872, 6, 1.35, 'Vingåker', '643'),
      area('Högsjö', 59.062, 15.733, 1.5, 1.1, 'Högsjö', '643', true),
      area('Marmorbyn', 58.985, 15.95, 1, 0.8, 'Vingåker', '643', true),
    ],
  },
  {
    code: '0461',
    name: 'Gnesta',
    population: 11_300,
    phoneAreaCode: '0158',
    areas: [
      area('Gnesta centrum', 59.0487, 17.3107, 7, 0.95, 'Gnesta', '646'),
      area('Björnlunda', 59.073, 17.163, 2, 0.75, 'Björnlunda', '646', true),
      area('Stjärnhov', 59.078, 17.018, 1.5, 0.85, 'Stjärnhov', '646', true),
    ],
  },
  {
    code: '0480',
    name: 'Nyköping',
    population: 58_000,
    phoneAreaCode: '0155',
    areas: [
      area('Nyköping centrum', 58.753, 17.0079, 14, 1.0, 'Nyköping', '611'),
      area('Brandkärr', 58.763, 16.98, 7, 2.7, 'Nyköping', '611'),
      area('Arnö', 58.734, 17.03, 7, 1.45, 'Nyköping', '611'),
      area('Oppeby', 58.77, 17.005, 7, 0.75, 'Nyköping', '611'),
      area('Harg', 58.745, 16.975, 6, 1.25, 'Nyköping', '611'),
      area('Väster', 58.755, 16.99, 6, 0.9, 'Nyköping', '611'),
      area('Stigtomta', 58.8, 16.787, 4, 0.7, 'Stigtomta', '618', true),
      area('Svalsta', 58.737, 16.885, 3, 0.75, 'Nyköping', '611', true),
      area('Vrena', 58.86, 16.69, 3, 0.8, 'Vrena', '618', true),
    ],
  },
  {
    code: '0481',
    name: 'Oxelösund',
    population: 12_100,
    phoneAreaCode: '0155',
    areas: [
      area('Oxelösund centrum', 58.6706, 17.1013, 6, 1.6, 'Oxelösund', '613'),
      area('Ramdalen', 58.676, 17.085, 3, 1.75, 'Oxelösund', '613'),
      area('Frösäng', 58.662, 17.14, 2, 0.7, 'Oxelösund', '613'),
    ],
  },
  {
    code: '0482',
    name: 'Flen',
    population: 16_500,
    phoneAreaCode: '0157',
    areas: [
      area('Flen centrum', 59.058, 16.588, 9, 2.25, 'Flen', '642'),
      area('Malmköping', 59.132, 16.733, 4, 1.0, 'Malmköping', '642', true),
      area('Hälleforsnäs', 59.161, 16.505, 3, 1.7, 'Hälleforsnäs', '642', true),
      area('Sparreholm', 59.076, 16.822, 1.5, 0.9, 'Sparreholm', '642', true),
    ],
  },
  {
    code: '0483',
    name: 'Katrineholm',
    population: 34_800,
    phoneAreaCode: '0150',
    areas: [
      area('Katrineholm centrum', 58.9959, 16.2072, 10, 1.2, 'Katrineholm', '641'),
      area('Nävertorp', 58.986, 16.23, 5, 1.75, 'Katrineholm', '641'),
      area('Värmbol', 59.008, 16.18, 5, 1.4, 'Katrineholm', '641'),
      area('Backa', 58.99, 16.19, 5, 0.85, 'Katrineholm', '641'),
      area('Valla', 59.019, 16.379, 3, 0.85, 'Katrineholm', '641', true),
      area('Björkvik', 58.833, 16.506, 2, 0.9, 'Björkvik', '641', true),
    ],
  },
  {
    code: '0484',
    name: 'Eskilstuna',
    population: 107_000,
    phoneAreaCode: '016',
    areas: [
      area('Eskilstuna centrum', 59.3712, 16.5099, 14, 1.1, 'Eskilstuna', '632'),
      area('Fröslunda', 59.38, 16.54, 8, 2.6, 'Eskilstuna', '633'),
      area('Lagersberg', 59.386, 16.533, 6, 3.2, 'Eskilstuna', '633'),
      area('Skiftinge', 59.393, 16.537, 6, 2.4, 'Eskilstuna', '633'),
      area('Årby', 59.356, 16.478, 5, 2.9, 'Eskilstuna', '635'),
      area('Råbergstorp', 59.364, 16.489, 4, 1.8, 'Eskilstuna', '635'),
      area('Torshälla', 59.417, 16.474, 9, 0.95, 'Torshälla', '644'),
      area('Kjula', 59.352, 16.702, 3, 0.6, 'Kjula', '635', true),
      area('Hällbybrunn', 59.388, 16.42, 6, 0.85, 'Eskilstuna', '635'),
      area('Ekeby', 59.366, 16.56, 8, 0.8, 'Eskilstuna', '633'),
      area('Brunnsta', 59.388, 16.51, 7, 1.15, 'Eskilstuna', '632'),
      area('Mälarbaden', 59.4, 16.62, 5, 0.5, 'Torshälla', '644'),
    ],
  },
  {
    code: '0486',
    name: 'Strängnäs',
    population: 37_500,
    phoneAreaCode: '0152',
    areas: [
      area('Strängnäs centrum', 59.3774, 17.0312, 12, 0.95, 'Strängnäs', '645'),
      area('Eldsund', 59.395, 17.005, 5, 0.7, 'Strängnäs', '645'),
      area('Mariefred', 59.259, 17.222, 7, 0.65, 'Mariefred', '647', true),
      area('Åkers styckebruk', 59.255, 17.092, 5, 1.3, 'Åkers styckebruk', '647', true),
      area('Stallarholmen', 59.367, 17.208, 4, 0.6, 'Stallarholmen', '645', true),
      area('Finninge', 59.365, 17.05, 5, 0.8, 'Strängnäs', '645'),
    ],
  },
  {
    code: '0488',
    name: 'Trosa',
    population: 14_000,
    phoneAreaCode: '0156',
    areas: [
      area('Trosa centrum', 58.896, 17.549, 7, 0.6, 'Trosa', '619'),
      area('Vagnhärad', 58.946, 17.494, 6, 0.75, 'Vagnhärad', '619'),
      area('Västerljung', 58.927, 17.418, 1.5, 0.55, 'Västerljung', '619', true),
    ],
  },
]

/** The county's hospitals (Mälarsjukhuset, Nyköpings lasarett, Kullbergska sjukhuset). */
export const HOSPITALS: readonly { name: string; lat: number; lon: number }[] = [
  { name: 'Mälarsjukhuset', lat: 59.3776, lon: 16.516 },
  { name: 'Nyköpings lasarett', lat: 58.7575, lon: 16.9946 },
  { name: 'Kullbergska sjukhuset', lat: 58.9947, lon: 16.2108 },
]

/** Private care providers: how their clinics are named and where their web pages live. */
export const PRIVATE_BRANDS: readonly { name: (place: string) => string; site: string }[] = [
  { name: (p) => `Capio Vårdcentral ${p}`, site: 'https://capio.se/vardcentraler' },
  { name: (p) => `Achima Care ${p}`, site: 'https://achimacare.se/vardcentraler' },
  { name: (p) => `Doktor.se Vårdcentral ${p}`, site: 'https://doktor.se/vardcentraler' },
  { name: (p) => `Kry Vårdcentral ${p}`, site: 'https://www.kry.se/vardcentraler' },
  { name: (p) => `Läkarhuset ${p}`, site: 'https://lakarhuset.se' },
  { name: (p) => `Familjeläkarna ${p}`, site: 'https://familjelakarna.se' },
  { name: (p) => `Mälardalens Läkargrupp ${p}`, site: 'https://malardalenslakargrupp.se' },
]

export const PUBLIC_SITE = 'https://regionsormland.se/vardcentraler'

export const STREETS: readonly string[] = [
  'Storgatan', 'Kungsgatan', 'Drottninggatan', 'Nygatan', 'Järnvägsgatan', 'Skolgatan',
  'Kyrkogatan', 'Torggatan', 'Hälsovägen', 'Centrumvägen', 'Bruksgatan', 'Parkvägen',
  'Ringvägen', 'Stationsgatan', 'Västra Storgatan', 'Östra Längdgatan', 'Vallgatan', 'Tullgatan',
]

/** Languages (ISO 639-1) a clinic may offer besides Swedish and English, with how common. */
export const CLINIC_LANGUAGES: readonly { code: string; weight: number }[] = [
  { code: 'ar', weight: 0.5 },
  { code: 'fi', weight: 0.35 },
  { code: 'so', weight: 0.3 },
  { code: 'fa', weight: 0.3 },
  { code: 'ti', weight: 0.2 },
  { code: 'pl', weight: 0.2 },
  { code: 'bs', weight: 0.2 },
  { code: 'tr', weight: 0.2 },
  { code: 'ku', weight: 0.15 },
  { code: 'es', weight: 0.15 },
  { code: 'de', weight: 0.12 },
  { code: 'ru', weight: 0.1 },
]

/** The first date a listing history may begin: the region's records go back to about 2018. */
export const HISTORY_YEARS = 8
