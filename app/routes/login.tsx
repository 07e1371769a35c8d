import { Form, data } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/login'
import { useT, type Messages } from '../i18n/i18n.tsx'
import { homePath, safeRedirectPath } from '../modules/access/rules.ts'
import { findStaffUser, listStaffLogins, type StaffLogin } from '../modules/access/users.server.ts'
import { env } from '../utils/env.server.ts'
import { logger } from '../utils/logger.server.ts'
import { startUserSession } from '../utils/session.server.ts'
import { useOptionalUser } from '../utils/user.ts'

export async function loader({ request }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams
  const next = safeRedirectPath(params.get('next'))
  const idle = params.get('orsak') === 'inaktiv'
  const demo = env().DEMO_LOGIN
  return { demo, next, idle, staff: demo ? await listStaffLogins() : [] }
}

const DemoLoginForm = z.object({
  userId: z.coerce.number().int().min(1).max(2_147_483_647),
  next: z.string().max(2000).optional(),
})

/** The demo login: only when DEMO_LOGIN is on (never in production), and only as a staff user. */
export async function action({ request }: Route.ActionArgs) {
  if (!env().DEMO_LOGIN) throw data(null, { status: 404 })
  const form = DemoLoginForm.safeParse(Object.fromEntries(await request.formData()))
  if (!form.success) throw data(null, { status: 400 })
  const user = await findStaffUser(form.data.userId)
  if (!user) throw data(null, { status: 403 })
  logger.info({ userId: user.id }, 'demo login')
  return startUserSession(request, user.id, safeRedirectPath(form.data.next) ?? homePath(user))
}

function describeRoles(login: StaffLogin, t: Messages): string {
  return login.roles
    .map((r) => (r.clinicName ? t.login.roleAt(t.roles[r.role], r.clinicName) : t.roles[r.role]))
    .join('; ')
}

export default function Login({ loaderData }: Route.ComponentProps) {
  const t = useT()
  const user = useOptionalUser()
  const { demo, next, idle, staff } = loaderData
  return (
    <div className="page">
      <title>{`${t.login.title} – ${t.meta.siteName}`}</title>
      <h1>{t.login.title}</h1>
      <p className="lead">{t.login.lead}</p>
      {idle ? (
        <p className="notice">{t.login.idle}</p>
      ) : next && !user ? (
        <p className="notice">{t.login.loginRequired}</p>
      ) : null}
      {user ? <p>{t.login.loggedInAs(user.name)}</p> : null}
      {demo ? (
        <section aria-labelledby="demo-rubrik">
          <h2 id="demo-rubrik">{t.login.demoHeading}</h2>
          <p>{t.login.demoLead}</p>
          {staff.length === 0 ? (
            <p>{t.login.noDemoUsers}</p>
          ) : (
            <ul className="login-list" aria-label={t.login.demoUsers}>
              {staff.map((login) => (
                <li key={login.id} className="login-list__item">
                  <div>
                    <h3 className="login-list__name">{login.name}</h3>
                    <p className="login-list__role">{describeRoles(login, t)}</p>
                  </div>
                  <Form method="post">
                    <input type="hidden" name="userId" value={login.id} />
                    {next ? <input type="hidden" name="next" value={next} /> : null}
                    <button type="submit" className="button">
                      {t.login.loginAs(login.name)}
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : (
        <section aria-labelledby="eid-rubrik">
          <h2 id="eid-rubrik">{t.login.unavailableHeading}</h2>
          <p>{t.login.unavailable}</p>
        </section>
      )}
    </div>
  )
}
