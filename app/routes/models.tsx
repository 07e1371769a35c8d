import { Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/models'
import { ModelList } from '../components/models/model-list.tsx'
import { FILE_FIELD, TEXT_FIELD, UploadForm } from '../components/models/upload-form.tsx'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { swedishMonth } from '../utils/sweden.ts'
import { useT } from '../i18n/i18n.tsx'
import { parsePaymentModelJson } from '../modules/payments/model.ts'
import { ModelRejected, listModels, modelForMonth, storeModel } from '../modules/payments/models.server.ts'
import modelsStyles from '../styles/models.css?url'
import { prisma } from '../utils/db.server.ts'
import { requireCommissioner } from '../utils/permissions.server.ts'

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: modelsStyles }]

const MAX_MODEL_BYTES = 256 * 1024
/** A file and a pasted text at their largest, and the multipart framing around them. */
const MAX_BODY_BYTES = 2 * MAX_MODEL_BYTES + 16 * 1024

const Query = z.object({ borttagen: z.literal('1').optional().catch(undefined) })

/** The versions of the payment model (ersättningsmodeller), and the upload of a new draft. */
export async function loader({ request }: Route.LoaderArgs) {
  await requireCommissioner(request)
  const query = Query.parse({ borttagen: new URL(request.url).searchParams.get('borttagen') ?? undefined })
  const [models, inForce] = await Promise.all([listModels(prisma), modelForMonth(prisma, swedishMonth())])
  return {
    deleted: query.borttagen === '1',
    models: models.map((m) => ({
      id: m.id,
      version: m.version,
      validFrom: m.validFrom,
      status: m.status,
      created: formatDateTime(m.createdAt),
      adopted: m.adoptedAt && formatDateTime(m.adoptedAt),
      inForceNow: m.id === inForce?.id,
    })),
  }
}

type Field = 'file' | 'text' | 'both'
type UploadProblem =
  | { kind: 'input'; code: 'missing' | 'both' | 'tooLarge' | 'unreadable'; field: Field | null }
  | { kind: 'model'; problems: string[]; field: Field }

/** The form, read up to a limit: a body larger than any model could be is refused unread. */
async function readForm(request: Request): Promise<FormData | 'tooLarge' | 'unreadable'> {
  if (Number(request.headers.get('content-length')) > MAX_BODY_BYTES) return 'tooLarge'
  const reader = request.body?.getReader()
  if (!reader) return 'unreadable'
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader.cancel()
      return 'tooLarge'
    }
    chunks.push(value)
  }
  const body = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  try {
    return await new Response(body, { headers: { 'Content-Type': request.headers.get('content-type') ?? '' } }).formData()
  } catch {
    return 'unreadable'
  }
}

const UploadFormSchema = z.object({
  // An empty file input still sends a file: an empty one, without a name.
  fil: z.instanceof(Blob).optional(),
  json: z.string().optional(),
})

/** Stores an uploaded model as a draft; every problem of an invalid one is listed and nothing is stored. */
export async function action({ request }: Route.ActionArgs) {
  const user = await requireCommissioner(request)
  const refuse = (problem: UploadProblem, json = '', status = 400) => data({ problem, json }, { status })

  const formData = await readForm(request)
  if (formData === 'tooLarge') return refuse({ kind: 'input', code: 'tooLarge', field: null }, '', 413)
  if (formData === 'unreadable') return refuse({ kind: 'input', code: 'unreadable', field: null })
  const form = UploadFormSchema.safeParse({ fil: formData.get('fil') ?? undefined, json: formData.get('json') ?? undefined })
  if (!form.success) return refuse({ kind: 'input', code: 'unreadable', field: null })

  const file = form.data.fil && form.data.fil.size > 0 ? form.data.fil : null
  const pasted = form.data.json?.trim() ? form.data.json : ''
  const echo = Buffer.byteLength(pasted) <= MAX_MODEL_BYTES ? pasted : ''
  if (file && pasted) return refuse({ kind: 'input', code: 'both', field: 'both' }, echo)
  if (!file && !pasted) return refuse({ kind: 'input', code: 'missing', field: 'both' })
  const field = file ? 'file' : 'text'
  if ((file ? file.size : Buffer.byteLength(pasted)) > MAX_MODEL_BYTES) return refuse({ kind: 'input', code: 'tooLarge', field }, '', 413)

  const parsed = parsePaymentModelJson(file ? await file.text() : pasted)
  if (!parsed.ok) return refuse({ kind: 'model', problems: parsed.problems, field }, echo)
  try {
    const { model, created } = await storeModel(prisma, parsed.model, 'draft', { kind: 'user', userId: user.id })
    return redirect(`/region/modeller/${model.id}?uppladdad=${created ? 'ny' : 'fanns'}`)
  } catch (error) {
    if (error instanceof ModelRejected) return refuse({ kind: 'model', problems: error.problems, field }, echo)
    throw error
  }
}

export default function Models({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const l = t.models.list
  const u = t.models.upload
  const problem = actionData?.problem ?? null
  const problems = problem ? (problem.kind === 'model' ? problem.problems : [u[problem.code]]) : []
  const fieldId = problem?.field === 'text' ? TEXT_FIELD : problem?.field ? FILE_FIELD : undefined
  return (
    <div className="page models">
      <title>{`${problem ? `${u.errorTitle}: ` : ''}${l.title} – ${t.meta.siteName}`}</title>
      <h1>{l.title}</h1>
      <p className="lead">{l.lead}</p>
      {problem ? (
        <ErrorSummary
          heading={u.errorHeading(problems.length)}
          lead={problem.kind === 'model' ? u.errorLead : undefined}
          errors={problems.map((message) => ({ field: fieldId, message }))}
          lang={problem.kind === 'model' ? 'en' : undefined}
        />
      ) : null}
      {loaderData.deleted && !problem ? (
        <p className="notice" role="status">
          {l.deleted}
        </p>
      ) : null}
      <section aria-labelledby="versioner-rubrik">
        <h2 id="versioner-rubrik">{l.versionsHeading}</h2>
        <ModelList models={loaderData.models} />
        {loaderData.models.length > 1 ? (
          <p className="models__compare">
            <Link to="/region/modeller/jamfor">{l.compareLink}</Link>
          </p>
        ) : null}
      </section>
      <UploadForm invalid={problem?.field ?? null} json={actionData?.json ?? ''} />
    </div>
  )
}
