import { defineConfig } from 'vitest/config'

// One migrated template per run (test/support/database.ts), named by this process: two runs on one
// machine (a developer's beside CI's) never drop each other's template. Workers inherit the name.
process.env.TEST_TEMPLATE_DB ??= `vardval_test_template_${process.pid}`

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
