import { execFileSync } from 'node:child_process'
import { defineConfig } from '@playwright/test'

// Debian's chromium is used; Playwright must never download its own browser.
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1'

/** A port nobody listens on now, found synchronously because the config cannot wait. */
function freePort(): string {
  return execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]).toString()
}

// Chosen once in the runner process; the workers load this file again and inherit these values.
process.env.E2E_PORT ??= freePort()
process.env.E2E_DATABASE ??= `vardval_e2e_${process.pid}`

const CLINIC_LIFECYCLE = ['**/authorisation-journey.spec.ts', '**/register.spec.ts']

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/e2e/global-setup.ts',
  globalTeardown: './test/e2e/global-teardown.ts',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  // Specs that change which clinics are authorised today (an approval, a suspension) run after the
  // rest, so the finder's tests never see the set of clinics change under them.
  projects: [
    { name: 'main', testIgnore: CLINIC_LIFECYCLE },
    { name: 'clinic-lifecycle', testMatch: CLINIC_LIFECYCLE, dependencies: ['main'] },
  ],
  use: {
    baseURL: `http://127.0.0.1:${process.env.E2E_PORT}`,
    browserName: 'chromium',
    headless: true,
    locale: 'sv-SE',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
})
