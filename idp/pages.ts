/**
 * The IdP's pages: plain, accessible HTML in Swedish (lang="sv"), working without JavaScript.
 * The heading names what it plays: the region's broker in front of BankID and Freja eID.
 */
import type { PickerEntry } from './accounts.ts'

export const IDP_TITLE = 'Test-BankID / Test-Freja: välj testidentitet'

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

const style = `
  body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #f4f6f8; line-height: 1.5; }
  main { max-width: 42rem; margin: 0 auto; padding: 1.5rem; background: #fff; }
  h1 { font-size: 1.6rem; margin-top: 0; } h2 { font-size: 1.2rem; margin-top: 1.5rem; }
  ul { list-style: none; padding: 0; } li { display: flex; justify-content: space-between; gap: 1rem; align-items: center;
    border-bottom: 1px solid #ccd; padding: .5rem 0; } .who { margin: 0; } .role { margin: 0; color: #3d4650; }
  button { font: inherit; padding: .45rem 1rem; border: 2px solid #0b4f8a; background: #0b4f8a; color: #fff; border-radius: 4px; cursor: pointer; }
  button.secondary { background: #fff; color: #0b4f8a; }
  :focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
  label { display: block; font-weight: 600; } input { font: inherit; padding: .4rem; border: 2px solid #555; border-radius: 4px; }
  .hint { color: #3d4650; margin: .25rem 0; } .error { color: #a00000; font-weight: 600; }
  .summary { border: 3px solid #a00000; padding: .75rem 1rem; margin-bottom: 1rem; }
  .notice { background: #fff4d6; border-left: 4px solid #b35c00; padding: .5rem 1rem; }`

function page(title: string, body: string, script = ''): string {
  return `<!DOCTYPE html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,"><style>${style}</style></head>
<body><main>${body}</main>${script}</body>
</html>`
}

function entries(heading: string, id: string, list: PickerEntry[], action: string): string {
  if (list.length === 0) return ''
  const items = list
    .map(
      (e) => `<li><div><p class="who">${escapeHtml(e.name)}</p><p class="role">${escapeHtml(e.description)}</p></div>
<form method="post" action="${action}"><button type="submit" name="sub" value="${escapeHtml(e.key)}">Logga in som ${escapeHtml(e.name)}</button></form></li>`,
    )
    .join('\n')
  return `<section aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(heading)}</h2><ul>${items}</ul></section>`
}

export interface PickerPage {
  uid: string
  clientName: string
  staff: PickerEntry[]
  citizens: PickerEntry[]
  /** A problem with the personal identity number typed, shown in an error summary linked to the field. */
  error?: string
}

export function pickerPage(p: PickerPage): string {
  const action = `/interaction/${encodeURIComponent(p.uid)}/login`
  const summary = p.error
    ? `<div class="summary" role="alert" tabindex="-1" id="fel"><h2>Det gick inte att logga in</h2><ul><li><a href="#personnummer">${escapeHtml(p.error)}</a></li></ul></div>`
    : ''
  const body = `${summary}
<h1>${escapeHtml(IDP_TITLE)}</h1>
<p class="notice">Det här är en testtjänst som spelar regionens e-legitimationsväxel. Ingen riktig e-legitimation används; alla personer är påhittade.</p>
<p>Du loggar in till ${escapeHtml(p.clientName)}.</p>
${entries('Personal i regionen och på vårdcentraler', 'personal', p.staff, action)}
${entries('Invånare', 'invanare', p.citizens, action)}
<section aria-labelledby="annan"><h2 id="annan">Annan invånare</h2>
<form method="post" action="${action}">
<label for="personnummer">Personnummer</label>
<p class="hint" id="personnummer-hint">12 siffror, ÅÅÅÅMMDDNNNN</p>
${p.error ? `<p class="error" id="personnummer-fel">${escapeHtml(p.error)}</p>` : ''}
<input id="personnummer" name="personnummer" inputmode="numeric" autocomplete="off" maxlength="13" required
  aria-describedby="personnummer-hint${p.error ? ' personnummer-fel' : ''}"${p.error ? ' aria-invalid="true"' : ''}>
<p><button type="submit">Logga in med personnummer</button></p>
</form></section>
<form method="post" action="/interaction/${encodeURIComponent(p.uid)}/abort"><button type="submit" class="secondary">Avbryt</button></form>`
  return page(`${IDP_TITLE} – Testinloggning`, body)
}

/** RP-initiated logout: oidc-provider's form (with its xsrf token), ending the whole IdP session. */
export function logoutPage(form: string, nonce: string): string {
  const withLogout = form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>')
  const body = `<h1>Loggar ut från testinloggningen</h1>
${withLogout}
<p>Du är utloggad från tjänsten. Avsluta också din inloggning hos e-legitimationen.</p>
<button type="submit" form="op.logoutForm">Logga ut</button>`
  // With JavaScript the form is sent at once; without, the button does it.
  return page('Logga ut – Testinloggning', body, `<script nonce="${nonce}">document.getElementById('op.logoutForm').submit()</script>`)
}

export function messagePage(title: string, text: string): string {
  return page(`${title} – Testinloggning`, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`)
}
