#!/usr/bin/env node
// `npm run demo`: install what is missing, then hand over to scripts/demo.ts.
import { spawn } from 'node:child_process'
import { ensureInstall } from './ensure-install.mjs'

ensureInstall()
// node itself, not npx: a signal must reach the process that handles it.
const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', ...process.argv.slice(2)], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
