import { describe, expect, it } from 'vitest'
import { parseEnv } from '../../app/utils/env.server.ts'

// The demo staff login (DEMO_LOGIN) is gone: everyone logs in through OpenID Connect.
describe('the login settings', () => {
  it('have no demo login any more: DEMO_LOGIN is ignored', () => {
    expect(parseEnv({ DEMO_LOGIN: 'true' })).not.toHaveProperty('DEMO_LOGIN')
  })

  it('need no identity provider (the login page then says logging in is unavailable)', () => {
    expect(parseEnv({}).OIDC_ISSUER).toBeUndefined()
    expect(parseEnv({}).OIDC_CLIENT_ID).toBe('vardval')
  })

  it('take the issuer, client and secret of the identity provider', () => {
    expect(parseEnv({ OIDC_ISSUER: 'http://127.0.0.1:5556', OIDC_CLIENT_ID: 'app', OIDC_CLIENT_SECRET: 's'.repeat(16) })).toMatchObject({
      OIDC_ISSUER: 'http://127.0.0.1:5556',
      OIDC_CLIENT_ID: 'app',
      OIDC_CLIENT_SECRET: 's'.repeat(16),
    })
  })

  it('refuse an issuer without a client secret, and an issuer that is not a URL', () => {
    expect(() => parseEnv({ OIDC_ISSUER: 'http://127.0.0.1:5556' })).toThrow('OIDC_CLIENT_SECRET: required when OIDC_ISSUER is set')
    expect(() => parseEnv({ OIDC_ISSUER: 'idp', OIDC_CLIENT_SECRET: 's'.repeat(16) })).toThrow('OIDC_ISSUER: must be the issuer URL')
  })
})
