/** One import in its own process, as the CLI runs it; prints the result and the process's peak RSS as JSON. */
import { importFile } from '../../app/modules/imports/import.server.ts'
import { ImportKindSchema } from '../../app/modules/imports/rules.ts'

const [kind, file, databaseUrl] = process.argv.slice(2)
const result = await importFile(ImportKindSchema.parse(kind), file!, { databaseUrl, actor: { kind: 'system' } })
process.stdout.write(JSON.stringify({ result, maxRssKb: process.resourceUsage().maxRSS }))
