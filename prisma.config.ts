import 'dotenv/config'
import { defineConfig } from 'prisma/config'

import { useBridgeWhenNoNativeEngine } from './tools/schema-engine/select.mjs'

// The CLI loads this file before it looks for (and would download) its native schema engine, so
// this is where it is pointed at the offline wasm bridge instead (docs/decisions/0002).
useBridgeWhenNoNativeEngine()

// The local default matches app/utils/env.server.ts; the CLI needs no other variable.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/vardval',
  },
})
