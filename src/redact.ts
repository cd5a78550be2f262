/**
 * Secrets out of text before it reaches a log line or an error message. An operator pastes a token into the wrong
 * setting, a store URL carries its password (`postgres://user:pass@host/db`), an error from the REST client quotes
 * the interaction webhook URL with its token: whatever prints such text passes it through here first.
 */

export const redacted = '[redacted]';

/** Names of settings and fields whose value is a secret ("token", "DISCORD_TOKEN", "apiKey", "password"). */
const secretName = /token|secret|passw(?:or)?d|^pwd$|api[_-]?key|access[_-]?key|private[_-]?key|credential|authorization/i;
/** Query parameters add the short names URLs use for keys and signatures ("?key=…", "&sig=…", "?auth=…"). */
const secretParameter = /^(?:key|sig|signature|auth|code)$/i;

/** True for a field name whose value is a secret. Names like "reviewKey" or "authorId" are not. */
export function isSecretName(name: string): boolean {
  return secretName.test(name);
}

/** scheme://user:password@ — the userinfo part of an authority, up to its last "@" (RFC 3986, 3.2.1). */
const userinfo = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i;
/**
 * A password that holds a "/" the writer did not percent-encode ("redis://:pa/ss@host"): a parser stops the authority
 * at the "/", so the rule above misses it. A colon followed by something that is not a port, then an "@".
 */
const looseUserinfo = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@:]*:(?!\d+(?:[/?#]|$))[^\s@]*@/i;
/** name=value in a query string or a fragment (OAuth puts access_token there); a bounded name keeps the cost linear. */
const parameter = /([?&#;])([^=&#;?\s]{1,64})=([^&#;\s]*)/g;
/** Discord's webhook and interaction-callback URLs carry the interaction token as a path segment. */
const webhookToken = /(\/(?:webhooks|interactions)\/\d+\/)[^/?#\s]+/g;

/**
 * `url` with its user name and password replaced by "[redacted]", and so the value of every query or fragment
 * parameter named like a secret (token, key, secret, password, sig, auth …) and the token in a webhook path. Anything
 * else is kept, so the operator still sees which host and port were meant. Text that is not a URL is masked as
 * `redactSecrets` does.
 */
export function redactUrl(url: string): string {
  let result = url.replace(looseUserinfo, `$1${redacted}@`).replace(userinfo, `$1${redacted}@`);
  result = result.replace(parameter, (whole, separator: string, name: string) => {
    let decoded = name;
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // A malformed escape: judge the name as written.
    }
    return isSecretName(decoded) || secretParameter.test(decoded) ? `${separator}${name}=${redacted}` : whole;
  });
  result = result.replace(webhookToken, `$1${redacted}`);
  return maskTokens(result);
}

/**
 * Discord bot tokens: the base64 of the bot's id, a timestamp and an HMAC, dot-separated. Lengths vary a little
 * between token generations, hence the ranges; 20 characters of the first part rule out ordinary dotted words.
 */
const discordToken = /(?<![\w-])[\w-]{20,30}\.[\w-]{5,8}\.[\w-]{25,45}(?![\w-])/g;
/** A credential after an Authorization scheme, as in a quoted header. */
const authorization = /\b(Bot|Bearer|Basic)\s+[\w.~+/=-]{16,}/g;
/**
 * NAME=value or "name": "value" pairs whose name says secret (an environment dump, a quoted config). The name's
 * parts are bounded so a long run of words and hyphens (text a member typed, logged) costs linear time.
 */
const namedValue =
  /(\b[\w-]{0,40}(?:token|secret|passw(?:or)?d|api[_-]?key|apikey)[\w-]{0,40}["']?\s*[=:]\s*)(?!\[redacted\])("[^"]*"|'[^']*'|[^\s,;&"'})\]]+)/gi;
/** URLs inside free text: from a scheme (bounded, so a long dotted word costs linear time) up to whitespace, a quote or an angle bracket. */
const urlInText = /\b[a-z][a-z0-9+.-]{0,30}:\/\/[^\s"'<>]+/gi;

function maskTokens(text: string): string {
  return text.replace(discordToken, redacted).replace(authorization, `$1 ${redacted}`);
}

/**
 * `text` with every secret it may hold masked: URL credentials and secret parameters (as `redactUrl`), Discord bot
 * tokens, Authorization credentials and NAME=value pairs named like a secret. Ordinary text comes back unchanged.
 */
export function redactSecrets(text: string): string {
  return maskTokens(text.replace(urlInText, (url) => redactUrl(url)).replace(namedValue, `$1${redacted}`));
}

/**
 * A copy of `value` with secrets masked: strings through `redactSecrets`, and the value of any field named like a
 * secret replaced whole. Plain objects and arrays are followed `depth` levels down; anything else (class instances,
 * Errors, Buffers) is returned as it is, for its own serializer to handle.
 */
export function redactDeep<T>(value: T, depth = 6): T {
  return walk(value, depth) as T;
}

function walk(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth <= 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => walk(item, depth - 1));
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] =
      isSecretName(key) && item !== null && item !== undefined && typeof item !== 'object' && typeof item !== 'boolean' ? redacted : walk(item, depth - 1);
  }
  return copy;
}
