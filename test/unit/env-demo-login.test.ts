import { describe, expect, it } from 'vitest'
import { parseEnv } from '../../app/utils/env.server.ts'

describe('DEMO_LOGIN', () => {
  it('is off unless set', () => {
    expect(parseEnv({}).DEMO_LOGIN).toBe(false)
    expect(parseEnv({ DEMO_LOGIN: '' }).DEMO_LOGIN).toBe(false)
    expect(parseEnv({ DEMO_LOGIN: 'false' }).DEMO_LOGIN).toBe(false)
    expect(parseEnv({ DEMO_LOGIN: '0' }).DEMO_LOGIN).toBe(false)
  })

  it('is on with true or 1 outside production', () => {
    expect(parseEnv({ DEMO_LOGIN: 'true' }).DEMO_LOGIN).toBe(true)
    expect(parseEnv({ DEMO_LOGIN: '1', NODE_ENV: 'test' }).DEMO_LOGIN).toBe(true)
  })

  it('refuses anything else by name', () => {
    expect(() => parseEnv({ DEMO_LOGIN: 'yes' })).toThrow('DEMO_LOGIN: must be true or false')
  })

  it('stops start-up when NODE_ENV=production', () => {
    const secret = 'x'.repeat(32)
    expect(() => parseEnv({ NODE_ENV: 'production', SESSION_SECRET: secret, DEMO_LOGIN: 'true' })).toThrow(
      'DEMO_LOGIN: must not be true when NODE_ENV=production',
    )
    expect(parseEnv({ NODE_ENV: 'production', SESSION_SECRET: secret, DEMO_LOGIN: 'false' }).DEMO_LOGIN).toBe(false)
  })
})
