import 'dotenv/config'
import { defineConfig } from 'prisma/config'

// The local default matches app/utils/env.server.ts; the CLI needs no other variable.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/vardval',
  },
})
