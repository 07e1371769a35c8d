/**
 * The test identity provider: plays the region's e-ID broker (BankID, Freja eID behind one OpenID
 * Connect provider) for the demo and the tests, on loopback only. oidc-provider does the protocol
 * (authorisation code with PKCE, ID tokens, RP-initiated logout); this file adds the identity
 * picker. Run: `tsx idp/server.ts` (IDP_PORT, IDP_ISSUER, DATABASE_URL, OIDC_CLIENT_* …).
 */
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import { pathToFileURL } from 'node:url'
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider'
import { Accounts, type Identity } from './accounts.ts'
import { idpConfig, type IdpConfig } from './config.ts'
import { escapeHtml, logoutPage, messagePage, pickerPage } from './pages.ts'

const CLAIMS = ['sub', 'name', 'given_name', 'family_name', 'personal_identity_number'] as const

function providerConfiguration(config: IdpConfig, accounts: Accounts): Configuration {
  return {
    clients: [
      {
        client_id: config.client.clientId,
        client_secret: config.client.clientSecret,
        client_name: 'Vårdval',
        redirect_uris: config.client.redirectUris,
        post_logout_redirect_uris: config.client.postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    // The ID token carries the subject only; names and the personal identity number come from
    // userinfo. The ID token goes back in the end-session URL as id_token_hint, and URLs never
    // carry a personal identity number, not even base64-encoded.
    conformIdTokenClaims: true,
    claims: { openid: ['sub'], profile: ['name', 'given_name', 'family_name', 'personal_identity_number'] },
    scopes: ['openid', 'profile'],
    cookies: { keys: config.cookieKeys },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx, form) {
          const nonce = randomBytes(16).toString('base64')
          ctx.set('Content-Security-Policy', `default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; form-action 'self' ${clientOrigins(config)}; frame-ancestors 'none'`)
          ctx.body = logoutPage(form, nonce)
        },
        postLogoutSuccessSource(ctx) {
          ctx.body = messagePage('Du är utloggad', 'Du är utloggad från testinloggningen. Du kan stänga fönstret.')
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // The region's own app: no consent screen, the grant covers what the app asks for.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const client = ctx.oidc.client!
      const session = ctx.oidc.session!
      const grantId = session.grantIdFor(client.clientId)
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId)
        if (existing) return existing
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId! })
      grant.addOIDCScope('openid profile')
      grant.addOIDCClaims([...CLAIMS])
      await grant.save()
      return grant
    },
    async findAccount(_ctx, sub) {
      const identity = accounts.find(sub)
      if (!identity) return undefined
      return { accountId: sub, claims: () => ({ ...identity }) }
    },
    ttl: { Session: 8 * 60 * 60, Interaction: 10 * 60, Grant: 8 * 60 * 60, IdToken: 10 * 60, AccessToken: 10 * 60, AuthorizationCode: 60 },
    async renderError(ctx, out) {
      ctx.type = 'html'
      ctx.body = messagePage('Något gick fel vid inloggningen', `${out.error}: ${out.error_description ?? ''}`)
    },
  }
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = ''
  for await (const chunk of req) {
    body += chunk
    if (body.length > 10_000) throw new Error('form too large')
  }
  return new URLSearchParams(body)
}

/** The client's origins: a form sent here ends in a redirect back to the app, which form-action must allow. */
const clientOrigins = (config: IdpConfig) =>
  [...new Set([...config.client.redirectUris, ...config.client.postLogoutRedirectUris].map((u) => new URL(u).origin))].join(' ')

function send(res: http.ServerResponse, status: number, html: string, config?: IdpConfig): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': `default-src 'none'; img-src data:; style-src 'unsafe-inline'; form-action 'self' ${config ? clientOrigins(config) : ''}; frame-ancestors 'none'`,
  })
  res.end(html)
}

/** /interaction/:uid (the picker), /interaction/:uid/login and /interaction/:uid/abort. */
async function interaction(provider: Provider, accounts: Accounts, config: IdpConfig, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const match = /^\/interaction\/([\w-]+)(?:\/(login|abort))?$/.exec(new URL(req.url ?? '/', 'http://idp.invalid').pathname)
  if (!match) return send(res, 404, messagePage('Sidan finns inte', 'Adressen är okänd.'))
  const details = await provider.interactionDetails(req, res)
  const [, uid, step] = match
  if (details.uid !== uid) return send(res, 400, messagePage('Inloggningen har gått ut', 'Börja om från tjänsten du loggar in till.'))
  const render = async (status: number, error?: string) => {
    const picker = await accounts.picker(config.citizensListed)
    send(res, status, pickerPage({ uid: uid!, clientName: 'Vårdval', ...picker, error }), config)
  }
  if (!step && req.method === 'GET') return render(200)
  if (req.method !== 'POST') return send(res, 405, messagePage('Fel metod', 'Skicka formuläret igen.'))
  if (step === 'abort') {
    return provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'Inloggningen avbröts' }, { mergeWithLastSubmission: false })
  }
  const form = await readForm(req)
  let identity: Identity | null = null
  const sub = form.get('sub')
  if (sub) identity = await accounts.bySubject(sub)
  else {
    identity = await accounts.byPersonalId(form.get('personnummer') ?? '')
    if (!identity) return render(400, 'Skriv ett giltigt personnummer med 12 siffror, till exempel 19121212-1212.')
  }
  if (!identity) return render(400, 'Testidentiteten finns inte längre. Välj en annan.')
  await provider.interactionFinished(req, res, { login: { accountId: identity.sub, amr: ['pwd'] } }, { mergeWithLastSubmission: false })
}

export async function startIdp(config: IdpConfig = idpConfig()): Promise<{ server: http.Server; close(): Promise<void> }> {
  // Subjects are keyed by the issuer: stable across restarts, like a real broker's.
  const accounts = new Accounts(config.databaseUrl, config.issuer)
  const provider = new Provider(config.issuer, providerConfiguration(config, accounts))
  const callback = provider.callback()
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(provider, accounts, config, req, res).catch((error: unknown) => {
        console.error('[idp] interaction failed:', error instanceof Error ? error.message : error)
        if (!res.headersSent) send(res, 400, messagePage('Inloggningen gick inte', `Börja om från tjänsten du loggar in till. (${escapeHtml(error instanceof Error ? error.name : 'fel')})`))
      })
      return
    }
    if (req.url === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok')
      return
    }
    callback(req, res)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, resolve)
  })
  return {
    server,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await accounts.close()
    },
  }
}

const isMain = !!process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href
if (isMain) {
  const config = idpConfig()
  const idp = await startIdp(config)
  console.log(`[idp] test e-ID broker at ${config.issuer} (client ${config.client.clientId})`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void idp.close().then(() => process.exit(0))
    })
  }
}
