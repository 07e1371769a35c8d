/**
 * The test identities: who the broker (BankID / Freja eID through the region's OIDC broker) says
 * the user is. Staff come from app_user by subject; citizens from the population register, with
 * the personal identity number the broker hands over as `personal_identity_number`.
 */
import { createHmac } from 'node:crypto'
import pg from 'pg'
import { parsePersonalId, sexOfPersonalId } from '../app/modules/identity/personal-id.ts'
import { testName } from './names.ts'

export interface Identity {
  sub: string
  name: string
  given_name: string
  family_name: string
  /** 12 digits; citizens only (staff log in with their staff identity here). */
  personal_identity_number?: string
}

export interface PickerEntry {
  /** What the picker's button sends: the user's subject. */
  key: string
  name: string
  description: string
}

const roleNames: Record<string, string> = {
  commissioner: 'Beställare',
  admin: 'Administratör',
  applicant: 'Sökande vårdgivare',
  clinic_staff: 'Personal på vårdcentral',
  citizen: 'Invånare',
}

function splitName(name: string): { given_name: string; family_name: string } {
  const at = name.indexOf(' ')
  return at < 0 ? { given_name: name, family_name: '' } : { given_name: name.slice(0, at), family_name: name.slice(at + 1) }
}

export class Accounts {
  private readonly pool: pg.Pool
  /** Who logged in, by sub: oidc-provider asks for the claims again when it issues the ID token. */
  private readonly known = new Map<string, Identity>()

  constructor(databaseUrl: string, private readonly subKey: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 3 })
  }

  close(): Promise<void> {
    return this.pool.end()
  }

  /** The picker: every staff user, then a few adult citizens who have a user, by name. */
  async picker(citizens: number): Promise<{ staff: PickerEntry[]; citizens: PickerEntry[] }> {
    const staff = await this.pool.query<{ subject: string; name: string; roles: string[] }>(
      `SELECT u.subject, u.name,
              array_agg(r.role::text || coalesce(', ' || c.name, '') ORDER BY r.role, c.name) AS roles
         FROM app_user u JOIN user_role r ON r.user_id = u.id LEFT JOIN clinic c ON c.id = r.clinic_id
        WHERE r.role <> 'citizen'
        GROUP BY u.id ORDER BY min(CASE r.role WHEN 'commissioner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END), u.name
        LIMIT 200`,
    )
    const people = await this.pool.query<{ subject: string; name: string }>(
      `SELECT u.subject, u.name FROM app_user u JOIN citizen c ON c.id = u.citizen_id
        WHERE c.end_date IS NULL AND c.birth_date <= current_date - interval '18 years'
        ORDER BY u.name, u.id LIMIT $1`,
      [citizens],
    )
    return {
      staff: staff.rows.map((r) => ({
        key: r.subject,
        name: r.name,
        description: r.roles.map((role) => role.replace(/^[a-z_]+/, (name) => roleNames[name] ?? name)).join('; '),
      })),
      citizens: people.rows.map((r) => ({ key: r.subject, name: r.name, description: roleNames.citizen! })),
    }
  }

  /** The identity behind a picker button: a user by subject (staff, or a citizen with a user). */
  async bySubject(subject: string): Promise<Identity | null> {
    const { rows } = await this.pool.query<{ subject: string; name: string; personal_id: string | null }>(
      `SELECT u.subject, u.name, c.personal_id FROM app_user u LEFT JOIN citizen c ON c.id = u.citizen_id WHERE u.subject = $1`,
      [subject],
    )
    const row = rows[0]
    if (!row) return null
    return this.remember({ sub: row.subject, name: row.name, ...splitName(row.name), ...(row.personal_id ? { personal_identity_number: row.personal_id } : {}) })
  }

  /**
   * Anyone with a valid personal identity number, as BankID would: the broker does not know the
   * region's register, so a person who lives elsewhere logs in too (and the app refuses them).
   * The name is the user's if the citizen has one, otherwise a made-up name fixed by the citizen's id.
   */
  async byPersonalId(input: string): Promise<Identity | null> {
    const parsed = parsePersonalId(input)
    if (!parsed.ok) return null
    const pnr = parsed.value.id
    const { rows } = await this.pool.query<{ id: string; subject: string | null; name: string | null }>(
      `SELECT c.id::text AS id, u.subject, u.name FROM citizen c LEFT JOIN app_user u ON u.citizen_id = c.id WHERE c.personal_id = $1`,
      [pnr],
    )
    const row = rows[0]
    // A pairwise-style subject: stable per person, and not the identity number itself.
    const sub = row?.subject ?? `medborgare-${createHmac('sha256', this.subKey).update(pnr).digest('hex').slice(0, 24)}`
    const name = row?.name ?? testName(row ? `citizen:${row.id}` : `pnr:${sub}`, sexOfPersonalId(pnr))
    return this.remember({ sub, name, ...splitName(name), personal_identity_number: pnr })
  }

  /** The claims of a sub that logged in through this process (oidc-provider's findAccount). */
  find(sub: string): Identity | null {
    return this.known.get(sub) ?? null
  }

  private remember(identity: Identity): Identity {
    this.known.set(identity.sub, identity)
    return identity
  }
}
