import { Link, data, redirect } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/region-listing'
import {
  AssignmentStatus,
  ExceptionForm,
  SettingsForm,
  type ExceptionField,
  type RunSummary,
  type SettingsField,
} from '../components/notifications/listing-admin.tsx'
import { ErrorSummary } from '../components/ui/error-summary.tsx'
import { formatDateTime } from '../components/ui/format.ts'
import { useT } from '../i18n/i18n.tsx'
import type { ListingAdminMessages } from '../i18n/listing-admin.ts'
import { lastAssignmentRun, unlistedSummary } from '../modules/listing/assignment.server.ts'
import { RegionSettingsSchema, citizenByPersonalId, updateRegionSettings } from '../modules/listing/settings.server.ts'
import { grantSwitchException, regionSettings } from '../modules/listing/listing.server.ts'
import { effectiveDate } from '../modules/listing/rules.ts'
import { enqueue } from '../../jobs/queues.ts'
import { prisma } from '../utils/db.server.ts'
import { requireCommissioner } from '../utils/permissions.server.ts'
import { swedishDate } from '../utils/sweden.ts'

type ErrorCode = keyof ListingAdminMessages['errors']

const Done = z.enum(['regler', 'undantag', 'korning']).optional().catch(undefined)

/** The region's listing rules, switch exceptions and the assignment of unlisted citizens (commissioner). */
export async function loader({ request }: Route.LoaderArgs) {
  await requireCommissioner(request)
  const done = Done.parse(new URL(request.url).searchParams.get('klart') ?? undefined)
  const settings = await regionSettings(prisma)
  const date = effectiveDate(swedishDate(), settings.effectiveOffsetDays)
  const [summary, last] = await Promise.all([unlistedSummary(prisma, date), lastAssignmentRun(prisma)])
  const lastRun: RunSummary | null = last && {
    at: formatDateTime(last.at),
    actorKind: last.actorKind,
    date: last.result.date ?? null,
    assigned: last.result.assigned ?? 0,
    guardian: last.result.assignedByRule?.guardian ?? 0,
    municipality: last.result.assignedByRule?.municipality ?? 0,
    region: last.result.assignedByRule?.region ?? 0,
    closureNotices: last.result.closureNotices ?? 0,
    waitingForChoice: last.result.waitingForChoice ?? 0,
    unplaced: last.result.unplaced ?? 0,
    notificationsQueued: last.result.notificationsQueued ?? 0,
  }
  return { settings, summary, lastRun, done: done ?? null }
}

const ExceptionSchema = z.object({
  personnummer: z.string().trim().min(1, 'personalIdInvalid'),
  skal: z.string().trim().min(1, 'reasonMissing').max(500, 'reasonTooLong'),
  giltigTill: z.iso.date('validUntilInvalid'),
})

type ActionResult =
  | { form: 'settings'; errors: Partial<Record<SettingsField, ErrorCode>>; values: Record<SettingsField, string> }
  | { form: 'exception'; errors: Partial<Record<ExceptionField, ErrorCode>>; values: Record<ExceptionField, string> }
  | { form: 'assign'; errors: { run: ErrorCode }; values: null }

const text = (form: FormData, name: string) => {
  const v = form.get(name)
  return typeof v === 'string' ? v : ''
}

function fieldErrors<F extends string>(error: z.ZodError): Partial<Record<F, ErrorCode>> {
  const out: Partial<Record<F, ErrorCode>> = {}
  for (const issue of error.issues) {
    const field = issue.path[0] as F
    out[field] ??= issue.message as ErrorCode
  }
  return out
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireCommissioner(request)
  const actor = { kind: 'user' as const, userId: user.id }
  const form = await request.formData()
  const intent = text(form, 'intent')
  const refuse = (result: ActionResult) => data(result, { status: 400 })

  if (intent === 'settings') {
    const values = { switchLimit: text(form, 'switchLimit'), effectiveOffsetDays: text(form, 'effectiveOffsetDays'), assignmentNoticeDays: text(form, 'assignmentNoticeDays') }
    // An empty field is "no number", not 0.
    const parsed = RegionSettingsSchema.safeParse(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() === '' ? undefined : v.trim()])))
    if (!parsed.success) return refuse({ form: 'settings', errors: fieldErrors<SettingsField>(parsed.error), values })
    await updateRegionSettings(prisma, parsed.data, actor)
    return redirect('/region/listning?klart=regler')
  }

  if (intent === 'exception') {
    const values = { personnummer: text(form, 'personnummer'), skal: text(form, 'skal'), giltigTill: text(form, 'giltigTill').trim() }
    const parsed = ExceptionSchema.safeParse(values)
    const errors = parsed.success ? {} : fieldErrors<ExceptionField>(parsed.error)
    if (parsed.success && parsed.data.giltigTill < swedishDate()) errors.giltigTill = 'validUntilPast'
    let citizenId: bigint | null = null
    if (!errors.personnummer) {
      const found = await citizenByPersonalId(prisma, values.personnummer, actor)
      if (found.ok) citizenId = found.citizenId
      else errors.personnummer = found.problem === 'invalid' ? 'personalIdInvalid' : 'personalIdUnknown'
    }
    if (!parsed.success || citizenId === null || Object.keys(errors).length) return refuse({ form: 'exception', errors, values })
    await grantSwitchException(prisma, { citizenId, reason: parsed.data.skal, validUntil: parsed.data.giltigTill, actor })
    return redirect('/region/listning?klart=undantag')
  }

  if (intent === 'assign') {
    try {
      await enqueue('listing.assign', { requestedByUserId: user.id })
    } catch {
      return data({ form: 'assign', errors: { run: 'queueDown' }, values: null } satisfies ActionResult, { status: 503 })
    }
    return redirect('/region/listning?klart=korning')
  }
  throw data(null, { status: 400 })
}

export default function RegionListing({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT()
  const a = t.listingAdmin
  const { settings, summary, lastRun, done } = loaderData
  const result = actionData as ActionResult | undefined
  const errors = result ? Object.entries(result.errors).map(([field, code]) => ({ field: field === 'run' ? undefined : field, message: a.errors[code as ErrorCode] })) : []
  const message = (codes: Partial<Record<string, ErrorCode>>) => Object.fromEntries(Object.entries(codes).map(([k, c]) => [k, a.errors[c as ErrorCode]]))
  const settingsValues =
    result?.form === 'settings'
      ? result.values
      : { switchLimit: String(settings.switchLimit), effectiveOffsetDays: String(settings.effectiveOffsetDays), assignmentNoticeDays: String(settings.assignmentNoticeDays) }
  const exceptionValues = result?.form === 'exception' ? result.values : { personnummer: '', skal: '', giltigTill: '' }
  const doneText = done === 'regler' ? a.settings.saved : done === 'undantag' ? a.exception.granted : null
  return (
    <div className="page region-listing">
      <title>{`${errors.length ? `${a.errorHeading(errors.length)}: ` : ''}${a.title} – ${t.meta.siteName}`}</title>
      <h1>{a.title}</h1>
      <p className="lead">{a.lead}</p>
      <ErrorSummary heading={a.errorHeading(errors.length)} errors={errors} />
      {doneText && !result ? (
        <p className="notice notice--success" role="status">
          {doneText}
        </p>
      ) : null}
      <SettingsForm values={settingsValues} errors={result?.form === 'settings' ? message(result.errors) : {}} />
      <ExceptionForm values={exceptionValues} errors={result?.form === 'exception' ? message(result.errors) : {}} />
      <AssignmentStatus date={summary.date} unlisted={summary.unlisted} openNotices={summary.openClosureNotices} lastRun={lastRun} queued={done === 'korning' && !result} />
      <p>
        <Link to="/region/utkorg">{a.outboxLink}</Link>
      </p>
    </div>
  )
}
