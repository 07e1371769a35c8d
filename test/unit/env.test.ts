import { describe, expect, it } from 'vitest'
import { parseEnv } from '../../app/utils/env.server.ts'

describe('environment', () => {
  it('has local defaults for development', () => {
    expect(parseEnv({})).toMatchObject({
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/vardval',
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: 3000,
      NODE_ENV: 'development',
    })
  })

  it('treats an empty variable, as dotenv gives an empty line, as absent', () => {
    expect(parseEnv({ SESSION_SECRET: '', PORT: '' }).PORT).toBe(3000)
  })

  it('names every bad variable', () => {
    const message = (() => {
      try {
        parseEnv({ DATABASE_URL: 'mysql://x', PORT: 'abc', SESSION_SECRET: 'short' })
      } catch (e) {
        return (e as Error).message
      }
      return ''
    })()
    expect(message.split('\n').sort()).toEqual([
      '  DATABASE_URL: must be a postgresql:// connection string',
      '  PORT: Invalid input: expected number, received NaN',
      '  SESSION_SECRET: must be at least 32 characters',
      'Invalid environment:',
    ])
  })

  it('requires a session secret in production', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow('SESSION_SECRET: required in production (at least 32 characters)')
  })
})
