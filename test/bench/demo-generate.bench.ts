/**
 * Benchmark: generate the demo region to a temporary directory and print elapsed time, citizens
 * per second and peak RSS. `npx tsx test/bench/demo-generate.bench.ts [--citizens N] [--seed S] [--keep]`
 */
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeDemoRegion } from '../../app/modules/demo/index.ts'

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

async function main(): Promise<void> {
  const citizens = Number(argument('citizens') ?? 2_500_000)
  const seed = argument('seed') === undefined ? undefined : Number(argument('seed'))
  const keep = process.argv.includes('--keep')
  const dir = await mkdtemp(join(tmpdir(), 'vardval-demo-'))
  try {
    const started = process.hrtime.bigint()
    const cpuBefore = process.cpuUsage()
    const summary = await writeDemoRegion(dir, { citizens, seed })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    const cpu = process.cpuUsage(cpuBefore)
    let bytes = 0
    for (const file of Object.values(summary.files)) bytes += (await stat(file)).size
    const peakRssMb = process.resourceUsage().maxRSS / 1024
    console.log(`citizens      ${citizens}`)
    console.log(`rows          ${JSON.stringify(summary.counts)}`)
    console.log(`written       ${(bytes / 1e6).toFixed(1)} MB in ${dir}`)
    console.log(`elapsed       ${seconds.toFixed(2)} s`)
    console.log(`cpu           ${(cpu.user / 1e6).toFixed(2)} s user, ${(cpu.system / 1e6).toFixed(2)} s system`)
    console.log(`citizens/s    ${Math.round(citizens / seconds)}`)
    console.log(`peak RSS      ${peakRssMb.toFixed(0)} MB`)
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
