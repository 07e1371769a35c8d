/** The clinic finder's pure rules: evening/weekend hours, filters, sorting, the address and the comparison's selection. */
import { describe, expect, it } from 'vitest'
import {
  compareSelection,
  findClinics,
  finderSearch,
  hasEveningHours,
  hasWeekendHours,
  hoursByWeekday,
  indexClinics,
  languageName,
  languageOptions,
  noFilters,
  parseFinderQuery,
  parseOpeningHours,
  resultPage,
  roundedKm,
  searchKey,
  type FinderClinic,
  type FinderFilters,
  type OpeningHours,
} from '../../app/modules/clinics/finder.ts'

const weekdays = (closes = '17:00'): OpeningHours => [1, 2, 3, 4, 5].map((day) => ({ day, opens: '08:00', closes }))

function clinic(id: number, name: string, over: Partial<FinderClinic> = {}): FinderClinic {
  return {
    id,
    hsaId: `SE-${id}`,
    name,
    municipalityCode: '0480',
    municipalityName: 'Nyköping',
    streetAddress: null,
    postalCode: null,
    city: null,
    phone: null,
    website: null,
    ownership: 'public',
    services: ['general_practice'],
    languages: ['sv'],
    openingHours: weekdays(),
    accessibility: [],
    listCap: null,
    lat: null,
    lon: null,
    listedCount: 0,
    ...over,
  }
}

const filters = (over: Partial<FinderFilters>): FinderFilters => ({ ...noFilters, ...over })
const names = (list: { name: string }[]) => list.map((c) => c.name)

describe('evening and weekend hours', () => {
  it('an evening is a weekday open after 18:00; 18:00 itself is not', () => {
    expect(hasEveningHours(weekdays('18:00'))).toBe(false)
    expect(hasEveningHours(weekdays('18:30'))).toBe(true)
    expect(hasEveningHours([...weekdays(), { day: 3, opens: '17:00', closes: '20:00' }])).toBe(true)
    // A late Saturday is weekend hours, not an evening.
    expect(hasEveningHours([...weekdays(), { day: 6, opens: '10:00', closes: '20:00' }])).toBe(false)
  })

  it('a weekend is any hours on Saturday or Sunday', () => {
    expect(hasWeekendHours(weekdays())).toBe(false)
    expect(hasWeekendHours([...weekdays(), { day: 6, opens: '10:00', closes: '14:00' }])).toBe(true)
    expect(hasWeekendHours([{ day: 7, opens: '10:00', closes: '12:00' }])).toBe(true)
  })

  it('stored hours are sorted; hours that do not parse are none', () => {
    expect(parseOpeningHours([{ day: 2, opens: '13:00', closes: '17:00' }, { day: 2, opens: '08:00', closes: '12:00' }, { day: 1, opens: '08:00', closes: '17:00' }])).toEqual([
      { day: 1, opens: '08:00', closes: '17:00' },
      { day: 2, opens: '08:00', closes: '12:00' },
      { day: 2, opens: '13:00', closes: '17:00' },
    ])
    expect(parseOpeningHours([{ day: 8, opens: '08:00', closes: '17:00' }])).toEqual([])
    expect(parseOpeningHours('nonsense')).toEqual([])
  })

  it('the week has seven days, Monday first, closed days empty', () => {
    const week = hoursByWeekday([{ day: 6, opens: '10:00', closes: '14:00' }, { day: 1, opens: '08:00', closes: '17:00' }])
    expect(week.map((d) => d.day)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(week[0]!.periods).toEqual([{ opens: '08:00', closes: '17:00' }])
    expect(week[1]!.periods).toEqual([])
    expect(week[5]!.periods).toEqual([{ opens: '10:00', closes: '14:00' }])
  })
})

describe('filters', () => {
  const all = [
    clinic(1, 'Åkerns vårdcentral', { services: ['general_practice', 'child_health', 'maternal_health'], languages: ['sv', 'en', 'ar'], accessibility: ['hearing_loop', 'step_free_entrance'] }),
    clinic(2, 'Björkås hälsocentral', { municipalityCode: '0481', openingHours: weekdays('19:00'), languages: ['sv', 'so'], listCap: 2, listedCount: 2 }),
    clinic(3, 'Ängens vårdcentral', { services: ['general_practice', 'child_health'], openingHours: [...weekdays(), { day: 6, opens: '10:00', closes: '14:00' }], listCap: 5, listedCount: 4, accessibility: ['hearing_loop'] }),
    clinic(4, 'Aronsborgs Läkarhus', { languages: ['sv', 'fi'] }),
  ]
  const indexed = indexClinics(all)
  const find = (f: Partial<FinderFilters>) => names(findClinics(indexed, filters(f), 'name', null))

  it('without filters: every clinic, in Swedish order (A, B, Å, Ä)', () => {
    expect(find({})).toEqual(['Aronsborgs Läkarhus', 'Björkås hälsocentral', 'Åkerns vårdcentral', 'Ängens vårdcentral'])
  })

  it('searches the name ignoring case and diacritics, every word must occur', () => {
    expect(find({ text: 'akerns' })).toEqual(['Åkerns vårdcentral'])
    expect(find({ text: 'VÅRDCENTRAL' })).toEqual(['Åkerns vårdcentral', 'Ängens vårdcentral'])
    expect(find({ text: '  angens   vard ' })).toEqual(['Ängens vårdcentral'])
    expect(find({ text: 'läkarhus björkås' })).toEqual([])
  })

  it('filters by municipality', () => {
    expect(find({ municipalityCode: '0481' })).toEqual(['Björkås hälsocentral'])
  })

  it('services: every one asked for', () => {
    expect(find({ services: ['child_health'] })).toEqual(['Åkerns vårdcentral', 'Ängens vårdcentral'])
    expect(find({ services: ['child_health', 'maternal_health'] })).toEqual(['Åkerns vårdcentral'])
  })

  it('languages: any one asked for', () => {
    expect(find({ languages: ['ar', 'so'] })).toEqual(['Björkås hälsocentral', 'Åkerns vårdcentral'])
    expect(find({ languages: ['fi'] })).toEqual(['Aronsborgs Läkarhus'])
  })

  it('evening, weekend, accessibility', () => {
    expect(find({ evening: true })).toEqual(['Björkås hälsocentral'])
    expect(find({ weekend: true })).toEqual(['Ängens vårdcentral'])
    expect(find({ accessibility: ['hearing_loop'] })).toEqual(['Åkerns vårdcentral', 'Ängens vårdcentral'])
    expect(find({ accessibility: ['hearing_loop', 'step_free_entrance'] })).toEqual(['Åkerns vårdcentral'])
  })

  it('open lists only: a cap reached closes the list, one below keeps it open', () => {
    expect(indexed.map((c) => [c.name, c.listOpen])).toEqual([
      ['Aronsborgs Läkarhus', true],
      ['Björkås hälsocentral', false],
      ['Åkerns vårdcentral', true],
      ['Ängens vårdcentral', true],
    ])
    expect(find({ openListOnly: true })).toEqual(['Aronsborgs Läkarhus', 'Åkerns vårdcentral', 'Ängens vårdcentral'])
  })

  it('filters combine', () => {
    expect(find({ services: ['child_health'], weekend: true, openListOnly: true })).toEqual(['Ängens vårdcentral'])
    expect(find({ services: ['child_health'], evening: true })).toEqual([])
  })
})

describe('sorting by distance', () => {
  const centre = { lat: 59, lon: 16 }
  const all = [
    clinic(1, 'Långt bort', { lat: 59.3, lon: 16 }),
    clinic(2, 'Nära', { lat: 59.01, lon: 16 }),
    clinic(3, 'Ingen plats'),
    clinic(4, 'Lika långt B', { lat: 59.1, lon: 16 }),
    clinic(5, 'Lika långt A', { lat: 58.9, lon: 16 }),
  ]
  const indexed = indexClinics(all)

  it('nearest first, equal distances by name, clinics without a position last', () => {
    const found = findClinics(indexed, noFilters, 'distance', centre)
    expect(names(found)).toEqual(['Nära', 'Lika långt A', 'Lika långt B', 'Långt bort', 'Ingen plats'])
    expect(found.map((c) => (c.distanceKm === null ? null : roundedKm(c.distanceKm)))).toEqual(['1.1', '11.1', '11.1', '33.4', null])
  })

  it('by name when asked, or when there is no centre', () => {
    expect(names(findClinics(indexed, noFilters, 'name', centre))[0]).toBe('Ingen plats')
    const noCentre = findClinics(indexed, noFilters, 'distance', null)
    expect(names(noCentre)).toEqual(['Ingen plats', 'Lika långt A', 'Lika långt B', 'Långt bort', 'Nära'])
    expect(noCentre.every((c) => c.distanceKm === null)).toBe(true)
  })
})

describe('the address', () => {
  it('reads every filter, repeated parameters as lists', () => {
    const q = parseFinderQuery(
      new URLSearchParams('sok=%C3%A5kern&kommun=0480&tjanst=child_health&tjanst=gynaecology&sprak=ar&sprak=so&tillganglighet=hearing_loop&kvall=1&helg=1&oppen=1&sortering=avstand&hsa=SE-1&hsa=SE-2&sida=2&lang=en'),
    )
    expect(q).toEqual({
      filters: {
        text: 'åkern',
        municipalityCode: '0480',
        services: ['child_health', 'gynaecology'],
        languages: ['ar', 'so'],
        accessibility: ['hearing_loop'],
        evening: true,
        weekend: true,
        openListOnly: true,
      },
      sort: 'distance',
      compare: ['SE-1', 'SE-2'],
      page: 2,
    })
  })

  it('an empty form is no filter', () => {
    expect(parseFinderQuery(new URLSearchParams('sok=&kommun=&sortering=namn'))).toEqual({ filters: noFilters, sort: 'name', compare: [], page: 1 })
  })

  it('a malformed value is refused', () => {
    for (const bad of ['kommun=abc', 'tjanst=dentistry', 'sprak=arabic', 'kvall=yes', 'sortering=pris', 'tillganglighet=lift', 'hsa=%3Cscript%3E', 'sida=0', 'sida=x']) {
      expect(parseFinderQuery(new URLSearchParams(bad)), bad).toBeNull()
    }
  })

  it('writes the filters back, and reads them again the same', () => {
    const f = filters({ text: 'vård', services: ['child_health'], languages: ['ar'], weekend: true, openListOnly: true })
    const search = finderSearch(f, { sort: 'name', compare: ['SE-1'], page: 3 })
    expect(search).toBe('?sok=v%C3%A5rd&tjanst=child_health&sprak=ar&helg=1&oppen=1&sortering=namn&hsa=SE-1&sida=3')
    expect(parseFinderQuery(new URLSearchParams(search))).toEqual({ filters: f, sort: 'name', compare: ['SE-1'], page: 3 })
    expect(finderSearch(f, { page: 1 })).not.toContain('sida')
    expect(finderSearch({ openListOnly: true })).toBe('?oppen=1')
    expect(finderSearch(noFilters)).toBe('')
  })
})

describe('pages of results', () => {
  const items = Array.from({ length: 25 }, (_, i) => i + 1)
  it('ten a page; the last page has the rest; past the last is none', () => {
    expect(resultPage(items, 1)).toMatchObject({ page: 1, pageCount: 3, first: 1, last: 10 })
    expect(resultPage(items, 3)).toEqual({ items: [21, 22, 23, 24, 25], page: 3, pageCount: 3, first: 21, last: 25 })
    expect(resultPage(items, 4)).toBeNull()
    expect(resultPage([], 1)).toEqual({ items: [], page: 1, pageCount: 1, first: 0, last: 0 })
  })
})

describe('the comparison', () => {
  const all = [1, 2, 3, 4, 5].map((id) => clinic(id, `VC ${id}`))

  it('two to four clinics, in the order asked, a repeat counting once', () => {
    const ok = compareSelection(['SE-3', 'SE-1', 'SE-3'], all)
    expect(ok.ok && ok.clinics.map((c) => c.id)).toEqual([3, 1])
    const four = compareSelection(['SE-1', 'SE-2', 'SE-3', 'SE-4'], all)
    expect(four.ok && four.clinics).toHaveLength(4)
  })

  it('refuses more than four, fewer than two, and unknown clinics', () => {
    expect(compareSelection(['SE-1', 'SE-2', 'SE-3', 'SE-4', 'SE-5'], all)).toEqual({ ok: false, problem: { kind: 'too-many', count: 5 } })
    expect(compareSelection(['SE-1'], all)).toEqual({ ok: false, problem: { kind: 'too-few', count: 1 } })
    expect(compareSelection([], all)).toEqual({ ok: false, problem: { kind: 'too-few', count: 0 } })
    expect(compareSelection(['SE-1', 'SE-9'], all)).toEqual({ ok: false, problem: { kind: 'unknown', hsaIds: ['SE-9'] } })
  })
})

describe('languages and search keys', () => {
  it('names languages in the page language', () => {
    expect(languageName('ar', 'sv')).toBe('arabiska')
    expect(languageName('so', 'sv')).toBe('somaliska')
    expect(languageName('fa', 'sv')).toBe('persiska')
    expect(languageName('ar', 'en')).toBe('Arabic')
  })

  it('offers the languages the clinics speak, Swedish first, then by name', () => {
    const clinics = [clinic(1, 'A', { languages: ['sv', 'so', 'ar'] }), clinic(2, 'B', { languages: ['sv', 'en', 'fi'] })]
    expect(languageOptions(clinics, (c) => languageName(c, 'sv')).map((l) => l.name)).toEqual([
      'svenska',
      'arabiska',
      'engelska',
      'finska',
      'somaliska',
    ])
  })

  it('folds case and diacritics', () => {
    expect(searchKey('  Åkerns  VÅRDCENTRAL ')).toBe('akerns vardcentral')
    expect(searchKey('Ängen')).toBe(searchKey('angen'))
  })
})
