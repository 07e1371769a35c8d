import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import { useT } from '../../i18n/i18n.tsx'
import type { RunJobStatus } from '../../utils/payment-jobs.server.ts'
import { Fact, FactList } from '../ui/fact-list.tsx'
import { formatDateTime, formatSeconds } from '../ui/format.ts'
import { regionMonthHref } from './params.ts'
import { useFormat } from './ui.tsx'

export function isFinished(status: RunJobStatus): boolean {
  return status.state === 'done' || status.state === 'failed'
}

/**
 * The run's status as it changes: the server's status at first, then, with JavaScript, the JSON
 * resource route polled every second until the run is done or failed.
 */
function useLiveStatus(initial: RunJobStatus, jsonUrl: string): RunJobStatus {
  const [status, setStatus] = useState(initial)
  const [attempt, setAttempt] = useState(0)
  useEffect(() => setStatus(initial), [initial])
  const finished = isFinished(status)
  useEffect(() => {
    if (finished) return
    let cancelled = false
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(jsonUrl, { headers: { Accept: 'application/json' }, cache: 'no-store' })
        if (!cancelled && response.ok) return setStatus((await response.json()) as RunJobStatus)
      } catch {
        // A dropped request is simply asked again.
      }
      if (!cancelled) setAttempt((n) => n + 1)
    }, 1000)
    return () => {
      cancelled = true
      clearTimeout(timer)
    }
  }, [finished, status, attempt, jsonUrl])
  return status
}

export function RunProgress({ initial, jsonUrl, refreshHref }: { initial: RunJobStatus; jsonUrl: string; refreshHref: string }) {
  const t = useT()
  const r = t.payments.run
  const f = useFormat()
  const status = useLiveStatus(initial, jsonUrl)
  const finished = isFinished(status)
  const stage = status.stage ? r.stage[status.stage] : null
  const line = r.statusLine(r.state[status.state], status.state === 'done' ? null : stage, status.percent)

  return (
    <div className="run-progress" data-state={status.state}>
      {/* Without JavaScript the page reloads itself while the run is not finished. */}
      {!isFinished(initial) ? (
        <noscript
          dangerouslySetInnerHTML={{
            __html: `<meta http-equiv="refresh" content="2"><p class="muted">${escapeHtml(r.refreshHint)} <a href="${escapeHtml(refreshHref)}">${escapeHtml(r.refresh)}</a></p>`,
          }}
        />
      ) : null}
      <div className="field">
        <label htmlFor="korning-forlopp">{r.progressLabel}</label>
        {status.percent === null ? (
          <progress id="korning-forlopp" className="run-progress__bar" max={100} aria-describedby="korning-status" />
        ) : (
          <progress id="korning-forlopp" className="run-progress__bar" max={100} value={status.percent} aria-describedby="korning-status">
            {`${status.percent} %`}
          </progress>
        )}
      </div>
      <p id="korning-status" className="run-progress__status" role="status" aria-live="polite">
        {line}
        {status.state === 'done' && status.result ? (
          <>
            {' '}
            <strong className="run-progress__result">
              {status.result.kind === 'created' ? r.created(status.result.revision) : r.unchanged(status.result.revision)}
            </strong>
          </>
        ) : null}
        {status.state === 'failed' ? (
          <>
            {' '}
            <strong className="run-progress__result run-progress__result--failed">{r.failed(status.failedReason ?? '')}</strong>
          </>
        ) : null}
        {status.state === 'retrying' ? ` ${r.attempt(status.attemptsMade, status.maxAttempts)}` : null}
      </p>
      <FactList>
        <Fact term={r.jobId}>{status.id}</Fact>
        <Fact term={r.queuedAt}>{formatDateTime(status.enqueuedAt)}</Fact>
        {status.state === 'done' && status.result ? (
          <Fact term={r.duration} field="duration">
            {formatSeconds(status.result.seconds, f.locale)}
          </Fact>
        ) : null}
      </FactList>
      {finished ? (
        <ul className="link-list">
          {status.month ? (
            <li>
              <Link to={regionMonthHref(status.month, status.result?.revision)}>{r.toMonth(f.month(status.month))}</Link>
            </li>
          ) : null}
          <li>
            <Link to="/region/ersattning">{r.toOverview}</Link>
          </li>
        </ul>
      ) : null}
    </div>
  )
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}
