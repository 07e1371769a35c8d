#!/usr/bin/env node
// `npm test`: install what is missing, check the machine's PostgreSQL and Redis (starting them
// with the machine's own commands if they are stopped), then run unit, integration and browser
// tests, and close with one line `N passed, N failed`.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { ensureInstall } from './ensure-install.mjs'

ensureInstall()

const run = (command, args, env = {}) =>
  spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1

if (run('npx', ['tsx', 'scripts/check-services.ts']) !== 0) process.exit(1)

mkdirSync('.cache', { recursive: true })
const vitestReport = '.cache/vitest.json'
const playwrightReport = '.cache/playwright.json'
rmSync(vitestReport, { force: true })
rmSync(playwrightReport, { force: true })

// vitest sets NODE_ENV=test itself; the browser tests build and serve a production app.
const testEnv = { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }
const vitest = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestReport}`], testEnv)
const playwright = run('npx', ['playwright', 'test', '--reporter=list,json'], {
  ...testEnv,
  PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
})

let passed = 0
let failed = 0
let skipped = 0
if (existsSync(vitestReport)) {
  const r = JSON.parse(readFileSync(vitestReport, 'utf8'))
  passed += r.numPassedTests
  failed += r.numFailedTests
  skipped += r.numPendingTests + (r.numTodoTests ?? 0)
} else if (vitest !== 0) failed++
if (existsSync(playwrightReport)) {
  const s = JSON.parse(readFileSync(playwrightReport, 'utf8')).stats
  passed += s.expected + s.flaky
  failed += s.unexpected
  skipped += s.skipped
} else if (playwright !== 0) failed++
if (failed === 0 && (vitest !== 0 || playwright !== 0)) failed = 1 // a runner failed outside any test

console.log(`\nunit, integration and browser tests (vitest exit ${vitest}, playwright exit ${playwright})`)
console.log(`total: ${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(vitest === 0 && playwright === 0 && passed > 0 ? 0 : 1)
