#!/usr/bin/env node
// Installs what is missing, with nothing but Node: `npm ci` when node_modules does not match the
// lockfile, then `prisma generate` when the generated client does not match the schema.
// Imported by demo.mjs and test.mjs, or run alone.
import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const hashOf = (...files) => {
  const h = createHash('sha256')
  for (const f of files) h.update(readFileSync(join(root, f)))
  return h.digest('hex')
}

function run(command, args, env = {}) {
  console.log(`> ${command} ${args.join(' ')}`)
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } })
  if (r.status !== 0) {
    console.error(`\`${command} ${args.join(' ')}\` failed (exit ${r.status ?? r.signal}).`)
    process.exit(r.status || 1)
  }
}

export function ensureInstall() {
  const installedMarker = join(root, 'node_modules', '.vardval-lock-sha256')
  const lockHash = hashOf('package-lock.json')
  if (!existsSync(installedMarker) || readFileSync(installedMarker, 'utf8') !== lockHash) {
    // `npm install`, not `npm ci`: this npm writes lockfiles without other platforms' optional
    // packages and then `npm ci` refuses them as out of sync. With the lockfile present, install
    // still takes the exact locked versions. Browsers come from Debian, never Playwright's download.
    run('npm', ['install', '--no-audit', '--no-fund'], { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' })
    writeFileSync(installedMarker, lockHash)
  }
  const generatedMarker = join(root, 'app', 'generated', 'prisma', '.schema-sha256')
  const schemaHash = hashOf('prisma/schema.prisma', 'package-lock.json')
  if (!existsSync(generatedMarker) || readFileSync(generatedMarker, 'utf8') !== schemaHash) {
    run('npx', ['prisma', 'generate'])
    writeFileSync(generatedMarker, schemaHash)
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) ensureInstall()
