import { Link } from 'react-router'
import type { Route } from './+types/authorisation'
import { useT } from '../i18n/i18n.tsx'
import { currentPublishedSpec } from '../modules/authorisation/spec.server.ts'
import { prisma } from '../utils/db.server.ts'
import { swedishDate } from '../utils/sweden.ts'

/** Public: what authorisation under LOV is, the kravbok in force, how to apply, and the register. */
export async function loader(_: Route.LoaderArgs) {
  const current = await currentPublishedSpec(prisma)
  return { current: current && { id: current.id, version: current.version, title: current.title, published: swedishDate(current.publishedAt), requirements: current.requirements } }
}

export default function Authorisation({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const p = t.kravbok.public
  const { current } = loaderData
  return (
    <div className="page authorisation">
      <title>{`${p.title} – ${t.meta.siteName}`}</title>
      <h1>{p.title}</h1>
      <p className="lead">{p.lead}</p>

      <section aria-labelledby="vad-rubrik">
        <h2 id="vad-rubrik">{p.whatHeading}</h2>
        {p.what.map((paragraph, i) => (
          <p key={i}>{paragraph}</p>
        ))}
      </section>

      <section aria-labelledby="kravbok-rubrik">
        <h2 id="kravbok-rubrik">{p.specHeading}</h2>
        {current ? (
          <>
            <p>
              <Link to={`/auktorisation/kravbok/${current.id}`}>{p.specLink(current.title, current.version)}</Link>
            </p>
            <p className="muted">{p.specFacts(current.published, current.requirements)}</p>
          </>
        ) : (
          <p>{p.noSpec}</p>
        )}
      </section>

      <section aria-labelledby="ansok-rubrik">
        <h2 id="ansok-rubrik">{p.howHeading}</h2>
        <ol>
          {p.how.map((step, i) => (
            <li key={i}>{step}</li>
          ))}
        </ol>
        <p>
          <Link to="/ansokan" className="button">
            {p.applyLink}
          </Link>
        </p>
      </section>

      <section aria-labelledby="register-rubrik">
        <h2 id="register-rubrik">{p.registerHeading}</h2>
        <p>{p.registerText}</p>
        <p>
          <Link to="/auktoriserade-vardcentraler">{p.registerLink}</Link>
        </p>
      </section>
    </div>
  )
}
