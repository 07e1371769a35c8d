import { data } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/clinics'
import { ClinicFilter } from '../components/clinic-filter.tsx'
import { ClinicList } from '../components/clinic-list.tsx'
import { Pagination } from '../components/pagination.tsx'
import { useT } from '../i18n/i18n.tsx'
import { listClinics, listMunicipalities } from '../modules/clinics/clinics.server.ts'

const Query = z.object({
  kommun: z
    .string()
    .regex(/^(\d{4})?$/)
    .transform((v) => v || null)
    .nullable()
    .default(null),
  sida: z.coerce.number().int().min(1).max(100_000).default(1),
})

export async function loader({ request }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams
  const query = Query.safeParse({ kommun: params.get('kommun') ?? undefined, sida: params.get('sida') ?? undefined })
  if (!query.success) throw data(null, { status: 400 })
  const { kommun, sida } = query.data
  const [page, municipalities] = await Promise.all([
    listClinics({ municipalityCode: kommun, page: sida }),
    listMunicipalities(),
  ])
  if (sida > page.pageCount) throw data(null, { status: 404 })
  return { ...page, municipalities, municipalityCode: kommun }
}

export default function Clinics({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const { clinics, total, page, pageCount, municipalities, municipalityCode } = loaderData
  const municipality = municipalities.find((m) => m.code === municipalityCode)
  return (
    <div className="page">
      <title>{`${t.clinics.title} – ${t.meta.siteName}`}</title>
      <h1>{t.clinics.title}</h1>
      <p className="lead">{t.clinics.lead}</p>
      <ClinicFilter municipalities={municipalities} selected={municipalityCode} />
      <p className="result-count" id="antal">
        {municipality ? t.clinics.resultCountIn(total, municipality.name) : t.clinics.resultCount(total)}
      </p>
      {clinics.length > 0 ? <ClinicList clinics={clinics} /> : <p>{t.clinics.noResults}</p>}
      <Pagination page={page} pageCount={pageCount} params={municipalityCode ? { kommun: municipalityCode } : {}} />
    </div>
  )
}
