#!/usr/bin/env node
// `npm run demo`: install what is missing, then hand over to scripts/demo.ts.
import { spawn } from 'node:child_process'
import { ensureInstall } from './ensure-install.mjs'

ensureInstall()
const child = spawn('npx', ['tsx', 'scripts/demo.ts', ...process.argv.slice(2)], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
