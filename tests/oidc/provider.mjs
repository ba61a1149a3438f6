// Test OpenID Provider for the login tests and `make idp`: node's oidc-provider, in memory.
//
//   node tests/oidc/provider.mjs [--port 9090] [--host 127.0.0.1] [--issuer URL]
//        [--clients JSON] [--users PATH]
// or the environment: OIDC_PORT, OIDC_HOST, OIDC_ISSUER, OIDC_CLIENTS, OIDC_USERS.
// --port 0 takes a free port. The issuer defaults to http://127.0.0.1:<port>. CLIENTS is a JSON list
// of client metadata ({client_id, client_secret, redirect_uris, post_logout_redirect_uris}). USERS is
// a JSON file {login: {claims}} (default: users.json here), read again at every login, token and
// userinfo request, so a test can change a user's groups between two logins. Prints
// `READY <issuer>` on stdout once it listens.
//
// Like AGOV: two acr levels (LOW < HIGH), PKCE required, acr_values steps up an SSO session that is
// below the level asked for, RP-initiated logout. The login page (/interaction/<uid>) takes `login`
// and `acr`; the acr posted is final, so a test can return a LOWER level than asked (the RP must
// refuse it). An unknown login ends the flow with access_denied. There is no consent page.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

// This is a test OP: in-memory storage, generated keys and Node 20 are what we want here,
// so oidc-provider's warnings about them would only bury real problems in the test output.
const EXPECTED = /Unsupported runtime|development-only|default .* function called/;
for (const name of ['warn', 'info']) {
  const original = console[name];
  console[name] = (...args) => EXPECTED.test(String(args[0])) || original(...args);
}
// oidc-provider is installed with axe-core in tests/e2e/node_modules (package.json there, `make
// browser`). ESM ignores NODE_PATH, so import it by its path from this file's location.
const { Provider, interactionPolicy } = await import(
  new URL('../e2e/node_modules/oidc-provider/lib/index.js', import.meta.url));

const { values: opt } = parseArgs({ options: {
  port: { type: 'string', default: process.env.OIDC_PORT || '9090' },
  host: { type: 'string', default: process.env.OIDC_HOST || '127.0.0.1' },
  issuer: { type: 'string', default: process.env.OIDC_ISSUER || '' },
  clients: { type: 'string', default: process.env.OIDC_CLIENTS || '[]' },
  users: { type: 'string', default: process.env.OIDC_USERS
    || new URL('users.json', import.meta.url).pathname },
} });
const LOW = 'urn:test:loa:low', HIGH = 'urn:test:loa:high';
const LEVELS = [LOW, HIGH];
const users = () => JSON.parse(readFileSync(opt.users, 'utf8'));
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Step-up: ask for a login again when the session's acr is below every level in acr_values.
// A login just made in this interaction is final (acr_values is voluntary): the RP checks the acr.
const policy = interactionPolicy.base();
policy.get('login').checks.add(new interactionPolicy.Check('acr_values', 'step-up', (ctx) => {
  const wanted = (ctx.oidc.params.acr_values || '').split(' ').map((v) => LEVELS.indexOf(v));
  const need = Math.min(...wanted.filter((i) => i >= 0));
  return Number.isFinite(need) && !ctx.oidc.result?.login && LEVELS.indexOf(ctx.oidc.acr) < need
    ? interactionPolicy.Check.REQUEST_PROMPT : interactionPolicy.Check.NO_NEED_TO_PROMPT;
}));

function page(title, body) {
  return `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;
}

function configuration(issuer) {
  return {
    clients: JSON.parse(opt.clients),
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    responseTypes: ['code'],
    acrValues: LEVELS,
    scopes: ['openid', 'profile', 'email', 'address', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], address: ['address'],
      profile: ['given_name', 'family_name', 'birthdate'], groups: ['groups'], acr: null },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => { ctx.type = 'html'; ctx.body = page('Abmelden',
          `<p>Beim Test-Anbieter ${esc(issuer)} abmelden?</p>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, abmelden</button>
<button type="submit" form="op.logoutForm">Nein</button>`); },
        postLogoutSuccessSource: async (ctx) => { ctx.type = 'html';
          ctx.body = page('Abgemeldet', '<p>Sie sind beim Test-Anbieter abgemeldet.</p>'); },
      },
    },
    interactions: { policy, url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, sub) {
      const claims = users()[sub];
      return claims && { accountId: sub, claims: async () => ({ ...claims, sub }) };
    },
    async loadExistingGrant(ctx) { // no consent page: grant what the client asks for
      const { Grant } = ctx.oidc.provider;
      const clientId = ctx.oidc.client.clientId;
      const id = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(clientId);
      const grant = (id && await Grant.find(id))
        || new Grant({ clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope([...ctx.oidc.requestParamScopes].join(' '));
      grant.addOIDCClaims([...ctx.oidc.requestParamClaims]);
      await grant.save();
      return grant;
    },
  };
}

function loginForm(details) {
  const { prompt, params } = details;
  const asked = LEVELS.find((v) => (params.acr_values || '').split(' ').includes(v)) || LOW;
  const options = LEVELS.map((v) => `<option${v === asked ? ' selected' : ''}>${v}</option>`);
  return page('Test-Anmeldung', `<p>Test-Anbieter, kein echtes AGOV. Verlangt: ${
    esc(params.acr_values || 'keine Stufe')}</p>
<form method="post" action="/interaction/${esc(details.uid)}/login">
<p><label for="login">Benutzer</label> <input id="login" name="login" autocomplete="username"
 autofocus></p>
<p><label for="acr">Stufe</label> <select id="acr" name="acr">${options.join('')}</select></p>
<p><button type="submit">Anmelden</button></p></form>
<p>Benutzer: ${Object.keys(users()).map(esc).join(', ')}</p>
<!-- prompt=${esc(prompt.name)} ${esc(JSON.stringify(prompt.reasons))} -->`);
}

async function interaction(provider, req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    return res.end(loginForm(details));
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  const form = new URLSearchParams(body);
  const login = form.get('login') || '';
  const result = Object.hasOwn(users(), login)
    ? { login: { accountId: login, acr: form.get('acr') || LOW, amr: ['pwd'] } }
    : { error: 'access_denied', error_description: 'unknown test user' };
  return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

let provider, handler;
const server = http.createServer(async (req, res) => {
  if (!/^\/interaction\/[^/?]+/.test(req.url)) return handler(req, res);
  try {
    await interaction(provider, req, res);
  } catch (err) {
    console.error(err);
    res.statusCode = 400;
    res.end(String(err));
  }
});
server.on('error', (err) => { console.error(`test OpenID Provider: ${err.message}`); process.exit(1); });
server.listen(Number(opt.port), opt.host, () => {
  const issuer = opt.issuer || `http://${opt.host}:${server.address().port}`;
  provider = new Provider(issuer, configuration(issuer));
  provider.proxy = false;
  handler = provider.callback();
  provider.on('server_error', (ctx, err) => console.error('server_error', err));
  console.log(`READY ${issuer}`);
});
