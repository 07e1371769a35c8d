/**
 * `listing assign [--date D]` and `clinic end --hsa HSA --date D --reason suspended|revoked|ended|closed`
 * of the command line: the assignment of unlisted citizens (app/modules/listing/assignment.server.ts)
 * and a status change in the register of authorised clinics (app/modules/authorisation/register.server.ts).
 */
import { z } from 'zod'
import { CliUsageError, flags } from './args.ts'

const IsoDate = z.iso.date({ error: '--date must be a date YYYY-MM-DD' })


/** `listing assign [--date D]`: runs closures and assignment here and now (no worker needed), printing the counts. */
export async function listingCommand(rest: string[]): Promise<void> {
  const [sub, ...more] = rest
  if (sub !== 'assign') throw new CliUsageError('listing: use `listing assign [--date YYYY-MM-DD]`')
  const { date } = flags(more, { date: { type: 'string' } }, { date: IsoDate.optional() })
  const { runAssignment } = await import('../app/modules/listing/assignment.server.ts')
  const { prisma } = await import('../app/utils/db.server.ts')
  const { closeQueues } = await import('../jobs/queues.ts')
  try {
    const r = await runAssignment(prisma, { date, actor: { kind: 'cli' } })
    console.log(`Assignment for ${r.date} (run ${r.today}) in ${r.seconds.toFixed(2)} s:`)
    console.log(`  closing clinics: ${r.closingClinics}; new closure notices: ${r.closureNotices}; listings ended: ${r.listingsEnded}; pending choices withdrawn: ${r.pendingRemoved}`)
    console.log(`  assigned: ${r.assigned} (guardian's clinic ${r.assignedByRule.guardian}, own municipality ${r.assignedByRule.municipality}, elsewhere in the region ${r.assignedByRule.region})`)
    console.log(`  waiting for their own choice: ${r.waitingForChoice}; no open clinic anywhere: ${r.unplaced}; notices resolved: ${r.noticesResolved}`)
    console.log(`  notifications queued: ${r.notificationsQueued}`)
  } finally {
    await prisma.$disconnect()
    await closeQueues()
  }
}

/**
 * `clinic end --hsa HSA --date D --reason R [--note TEXT]`: suspends, revokes or ends a clinic's
 * authorisation from D (`closed` is `ended`), with the note as the register's reason, and asks a
 * worker to run the assignment.
 */
export async function clinicCommand(rest: string[]): Promise<void> {
  const [sub, ...more] = rest
  if (sub !== 'end') throw new CliUsageError('clinic: use `clinic end --hsa HSA-ID --date YYYY-MM-DD --reason suspended|revoked|ended|closed [--note TEXT]`')
  const args = flags(
    more,
    { hsa: { type: 'string' }, date: { type: 'string' }, reason: { type: 'string' }, note: { type: 'string' } },
    {
      hsa: z.string({ error: '--hsa is required' }).min(1, '--hsa is required'),
      date: z.iso.date({ error: '--date is required, a date YYYY-MM-DD' }),
      reason: z.enum(['suspended', 'revoked', 'ended', 'closed'], { error: '--reason must be revoked, ended or closed (an alias of ended), or suspended' }),
      note: z.string().trim().min(1, '--note must not be empty').max(2000, '--note can be at most 2000 characters').optional(),
    },
  )
  const { endClinicAuthorisation, AuthorisationEndRefused } = await import('../app/modules/listing/settings.server.ts')
  const { prisma } = await import('../app/utils/db.server.ts')
  const { enqueue, closeQueues } = await import('../jobs/queues.ts')
  try {
    const r = await endClinicAuthorisation(prisma, { hsaId: args.hsa, endsOn: args.date, reason: args.reason, note: args.note, actor: { kind: 'cli' } }).catch((error: unknown) => {
      if (error instanceof AuthorisationEndRefused) throw new CliUsageError(error.message)
      throw error
    })
    console.log(r.changed ? `${r.name}: authorised until ${r.endsOn} (exclusive; reason ${args.reason}).` : `${r.name} already ends on ${r.endsOn}; nothing changed.`)
    try {
      const { id } = await enqueue('listing.assign', {})
      console.log(`Assignment queued (job ${id}): its citizens get notice when a worker runs it (or run \`listing assign\`).`)
    } catch (error) {
      console.log(`Could not queue the assignment (${(error as Error).message}); run \`npm run cli -- listing assign\`.`)
    }
  } finally {
    await prisma.$disconnect()
    await closeQueues()
  }
}
