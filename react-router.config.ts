import type { Config } from '@react-router/dev/config'

// Server-rendered pages; the custom Express server in server.ts serves them (see docs/decisions/0001).
export default {
  appDirectory: 'app',
  buildDirectory: 'build',
  ssr: true,
} satisfies Config
