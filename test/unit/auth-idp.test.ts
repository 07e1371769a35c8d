/** The test identity provider's pure parts: its settings, made-up names and its pages. */
import { describe, expect, it } from 'vitest'
import { idpConfig } from '../../idp/config.ts'
import { testName } from '../../idp/names.ts'
import { IDP_TITLE, logoutPage, pickerPage } from '../../idp/pages.ts'
import { citizenHasEnded, displayName } from '../../app/modules/auth/rules.ts'

describe('the IdP settings', () => {
  it('default to loopback, port 5556, and the app on 127.0.0.1:3000', () => {
    const config = idpConfig({})
    expect(config).toMatchObject({ port: 5556, host: '127.0.0.1', issuer: 'http://127.0.0.1:5556' })
    expect(config.client.redirectUris).toEqual(['http://127.0.0.1:3000/logga-in/retur'])
    expect(config.cookieKeys[0]).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('take comma-separated addresses, and refuse a host that is not loopback', () => {
    const config = idpConfig({ OIDC_REDIRECT_URIS: 'http://127.0.0.1:4000/logga-in/retur, http://127.0.0.1:4001/logga-in/retur', IDP_COOKIE_KEYS: 'a,b' })
    expect(config.client.redirectUris).toHaveLength(2)
    expect(config.cookieKeys).toEqual(['a', 'b'])
    expect(() => idpConfig({ IDP_HOST: '0.0.0.0' })).toThrow('IDP_HOST')
    expect(() => idpConfig({ OIDC_REDIRECT_URIS: 'not a url' })).toThrow('OIDC_REDIRECT_URIS')
  })
})

describe('made-up names for citizens', () => {
  it('are the same for the same seed, differ between seeds, and follow the legal sex', () => {
    expect(testName('citizen:42', 'F')).toBe(testName('citizen:42', 'F'))
    const names = new Set(Array.from({ length: 50 }, (_, i) => testName(`citizen:${i}`, 'M')))
    expect(names.size).toBeGreaterThan(20)
    expect(testName('citizen:1', 'F').split(' ')[0]).toMatch(/^(Anna|Eva|Maria|Karin|Sara|Lena|Emma|Ingrid|Elsa|Maja|Astrid|Linnea)$/)
  })
})

describe('the IdP pages', () => {
  const staff = [{ key: 'e2e-commissioner', name: 'Klara <Beställare>', description: 'Beställare' }]

  it('list the identities as buttons named by the person, escaped, in Swedish', () => {
    const html = pickerPage({ uid: 'abc', clientName: 'Vårdval', staff, citizens: [] })
    expect(html).toContain('<html lang="sv">')
    expect(html).toContain(`<h1>${IDP_TITLE}</h1>`)
    expect(html).toContain('name="sub" value="e2e-commissioner">Logga in som Klara &lt;Beställare&gt;</button>')
    expect(html).toContain('action="/interaction/abc/login"')
    expect(html).toContain('<label for="personnummer">Personnummer</label>')
    expect(html).not.toContain('role="alert"')
  })

  it('put a problem in an error summary that links to the field, and mark the field invalid', () => {
    const html = pickerPage({ uid: 'abc', clientName: 'Vårdval', staff, citizens: [], error: 'Skriv ett giltigt personnummer' })
    expect(html).toMatch(/role="alert"[^>]*>.*<a href="#personnummer">Skriv ett giltigt personnummer<\/a>/s)
    expect(html).toContain('aria-invalid="true"')
    expect(html).toContain('aria-describedby="personnummer-hint personnummer-fel"')
  })

  it('end the whole IdP session at logout (logout=yes), by script or by a button', () => {
    const html = logoutPage('<form id="op.logoutForm" method="post" action="/session/end/confirm"><input type="hidden" name="xsrf" value="x"/></form>', 'n0nce')
    expect(html).toContain('<input type="hidden" name="logout" value="yes"></form>')
    expect(html).toContain('<script nonce="n0nce">')
    expect(html).toContain('<button type="submit" form="op.logoutForm">Logga ut</button>')
  })
})

describe('claims', () => {
  it('give a display name from name, else given and family name', () => {
    expect(displayName({ sub: 'x', name: 'Eva Ek' })).toBe('Eva Ek')
    expect(displayName({ sub: 'x', given_name: 'Eva', family_name: 'Ek' })).toBe('Eva Ek')
    expect(displayName({ sub: 'x' })).toBeNull()
  })

  it('count a citizen as ended from their (exclusive) end date on', () => {
    expect(citizenHasEnded(null, '2027-01-15')).toBe(false)
    expect(citizenHasEnded('2027-01-16', '2027-01-15')).toBe(false)
    expect(citizenHasEnded('2027-01-15', '2027-01-15')).toBe(true)
  })
})

describe('which ID tokens are kept for the logout (they travel in its URL)', () => {
  it('keeps one with only the protocol claims, and none that identifies the person', async () => {
    const { idTokenNamesNoOne } = await import('../../app/modules/auth/oidc.server.ts')
    const protocol = { iss: 'https://idp', sub: 'a1b2c3', aud: 'vardval', exp: 1, iat: 1, nonce: 'n', sid: 's', at_hash: 'h' }
    expect(idTokenNamesNoOne(protocol)).toBe(true)
    expect(idTokenNamesNoOne({ ...protocol, personal_identity_number: '199001011239' })).toBe(false)
    expect(idTokenNamesNoOne({ ...protocol, name: 'Ingrid' })).toBe(false)
    expect(idTokenNamesNoOne({ ...protocol, sub: '19900101-1239' })).toBe(false)
  })
})
