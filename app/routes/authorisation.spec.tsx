import { Link, data } from 'react-router'
import type { Route } from './+types/authorisation.spec'
import { RequirementTable, idParam } from '../components/authorisation/kravbok-forms.tsx'
import { useLocale, useT } from '../i18n/i18n.tsx'
import { currentPublishedSpec, specWithRequirements } from '../modules/authorisation/spec.server.ts'
import { prisma } from '../utils/db.server.ts'
import { swedishDate } from '../utils/sweden.ts'

/** Public: a published version of the kravbok, read-only, chapter by chapter. A draft is not public (404). */
export async function loader({ params }: Route.LoaderArgs) {
  const specId = idParam(params.specId)
  const [spec, current] = await Promise.all([specWithRequirements(prisma, specId), currentPublishedSpec(prisma)])
  if (!spec || spec.status !== 'published' || !spec.publishedAt) throw data(null, { status: 404 })
  return {
    spec: { id: spec.id, version: spec.version, title: spec.title, published: swedishDate(spec.publishedAt), chapters: spec.chapters },
    currentId: current?.id ?? null,
  }
}

export default function AuthorisationSpec({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const locale = useLocale()
  const k = t.kravbok
  const p = k.publicSpec
  const { spec, currentId } = loaderData
  const title = (c: { titleSv: string; titleEn: string }) => (locale === 'sv' ? c.titleSv : c.titleEn)
  return (
    <div className="page authorisation-spec">
      <title>{`${spec.title} – ${t.meta.siteName}`}</title>
      <p className="back-link">
        <Link to="/auktorisation">{p.back}</Link>
      </p>
      <h1>{spec.title}</h1>
      <p className="lead">{p.lead(spec.version, spec.published)}</p>
      {currentId === spec.id ? (
        <p className="notice">{p.currentNote}</p>
      ) : currentId !== null ? (
        <p className="notice">
          {p.olderNote} <Link to={`/auktorisation/kravbok/${currentId}`}>{p.newerLink}</Link>
        </p>
      ) : null}
      <p>{p.legend}</p>
      <nav aria-labelledby="innehall-rubrik">
        <h2 id="innehall-rubrik">{p.contents}</h2>
        <ol>
          {spec.chapters.map((c) => (
            <li key={c.id}>
              <a href={`#kapitel-${c.code}`}>{title(c)}</a>
            </li>
          ))}
        </ol>
      </nav>
      {spec.chapters.map((c) => (
        <section key={c.id} aria-labelledby={`kapitel-${c.code}`}>
          <h2 id={`kapitel-${c.code}`}>{title(c)}</h2>
          <RequirementTable captionId={`kapitel-${c.code}-tabell`} caption={k.version.chapterCaption(title(c))} requirements={c.requirements} />
        </section>
      ))}
    </div>
  )
}
