/**
 * Connection strings with libpq's rules: `key=value` lists (PQconnectdb's conninfo_parse)
 * and `postgresql://` / `postgres://` URIs (conninfo_uri_parse). Errors carry libpq's own
 * message text, so a user sees what psql would have told them.
 */
import { isKeyword, secretKeywords } from './keywords';

/** A connection string libpq refused; `message` is libpq's wording. */
export class ConninfoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConninfoError';
  }
}

/** Keyword → value, in the order given; a later occurrence replaces an earlier one, as in libpq. */
export type ConninfoValues = Map<string, string>;

const uriPrefixes = ['postgresql://', 'postgres://'];

function uriPrefixLength(s: string): number {
  for (const p of uriPrefixes) {
    if (s.startsWith(p)) {
      return p.length;
    }
  }
  return 0;
}

/** libpq's recognized_connection_string: a URI, or anything containing `=`. */
export function isConnectionString(s: string): boolean {
  return uriPrefixLength(s) > 0 || s.includes('=');
}

// C's isspace in the "C" locale
const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v';

/** Stores one value the way conninfo_storeval does (including the legacy `requiressl`). */
function store(values: ConninfoValues, keyword: string, value: string): boolean {
  if (keyword === 'requiressl') {
    keyword = 'sslmode';
    value = value.startsWith('1') ? 'require' : 'prefer';
  }
  if (!isKeyword(keyword)) {
    return false;
  }
  values.delete(keyword);
  values.set(keyword, value);
  return true;
}

/** Parses a connection string: a URI when it starts with a URI prefix, else `key=value` pairs. */
export function parseConninfo(s: string): ConninfoValues {
  return uriPrefixLength(s) > 0 ? parseUri(s) : parseKeyValue(s);
}

/** Stands for text that may hold a secret in an error message. */
export const redacted = '********';

/**
 * `key=value` pairs: values may be single-quoted; `\` escapes the next character. Once a
 * secret keyword (password …) was read, a word libpq would quote in its error may be the
 * rest of that secret (`password=two words`): the message shows it redacted.
 */
function parseKeyValue(s: string): ConninfoValues {
  const values: ConninfoValues = new Map();
  let afterSecret = false;
  const shown = (word: string) => (afterSecret ? redacted : word);
  let i = 0;
  while (i < s.length) {
    if (isSpace(s[i])) {
      i++;
      continue;
    }
    const start = i;
    let name = '';
    while (i < s.length) {
      if (s[i] === '=') {
        break;
      }
      if (isSpace(s[i])) {
        name = s.slice(start, i);
        while (i < s.length && isSpace(s[i])) {
          i++;
        }
        break;
      }
      i++;
    }
    if (name === '') {
      name = s.slice(start, i);
    }
    if (s[i] !== '=') {
      throw new ConninfoError(`missing "=" after "${shown(name)}" in connection info string`);
    }
    i++;
    while (i < s.length && isSpace(s[i])) {
      i++;
    }
    let value = '';
    if (s[i] !== "'") {
      while (i < s.length) {
        if (isSpace(s[i])) {
          i++;
          break;
        }
        if (s[i] === '\\') {
          i++;
          if (i < s.length) {
            value += s[i++];
          }
        } else {
          value += s[i++];
        }
      }
    } else {
      i++;
      for (;;) {
        if (i >= s.length) {
          throw new ConninfoError('unterminated quoted string in connection info string');
        }
        if (s[i] === '\\') {
          i++;
          if (i < s.length) {
            value += s[i++];
          }
          continue;
        }
        if (s[i] === "'") {
          i++;
          break;
        }
        value += s[i++];
      }
    }
    if (!store(values, name, value)) {
      throw new ConninfoError(`invalid connection option "${shown(name)}"`);
    }
    afterSecret ||= secretKeywords.has(name);
  }
  return values;
}

/** conninfo_uri_decode: %XX escapes; `%00` and malformed escapes are refused (a secret is not quoted back). */
function uriDecode(s: string, secret = false): string {
  const token = secret ? redacted : s;
  const bytes: number[] = [];
  const raw = Buffer.from(s, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 0x25) {
      bytes.push(raw[i]!);
      continue;
    }
    const hex = raw.subarray(i + 1, i + 3).toString('latin1');
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
      throw new ConninfoError(`invalid percent-encoded token: "${token}"`);
    }
    const c = parseInt(hex, 16);
    if (c === 0) {
      throw new ConninfoError(`forbidden value %00 in percent-encoded value: "${token}"`);
    }
    bytes.push(c);
    i += 2;
  }
  return Buffer.from(bytes).toString('utf8');
}

function storeDecoded(values: ConninfoValues, keyword: string, raw: string): void {
  store(values, keyword, uriDecode(raw, secretKeywords.has(keyword)));
}

/** The URI as error messages quote it: the password of `user:password@` and of `?password=` redacted. */
export function redactUri(uri: string): string {
  const start = uriPrefixLength(uri);
  let p = start;
  while (p < uri.length && uri[p] !== '@' && uri[p] !== '/') {
    p++;
  }
  let out = uri;
  if (uri[p] === '@') {
    const colon = uri.indexOf(':', start);
    if (colon >= 0 && colon < p) {
      out = `${uri.slice(0, colon + 1)}${redacted}${uri.slice(p)}`;
    }
  }
  return out.replace(/([?&])([^=&]*)=([^&]*)/g, (m, sep: string, key: string) => {
    let name = key;
    try {
      name = decodeURIComponent(key);
    } catch {
      // a malformed key is not a secret keyword
    }
    return secretKeywords.has(name) ? `${sep}${key}=${redacted}` : m;
  });
}

/**
 * `postgresql://[user[:password]@][host][:port][,...][/dbname][?param=value&...]`.
 * Empty parts are left unset (so the environment still applies), as libpq does.
 */
function parseUri(uri: string): ConninfoValues {
  const values: ConninfoValues = new Map();
  const shown = redactUri(uri);
  let p = uriPrefixLength(uri);
  const start = p;
  while (p < uri.length && uri[p] !== '@' && uri[p] !== '/') {
    p++;
  }
  if (uri[p] === '@') {
    let q = start;
    while (uri[q] !== ':' && uri[q] !== '@') {
      q++;
    }
    const user = uri.slice(start, q);
    if (user !== '') {
      storeDecoded(values, 'user', user);
    }
    if (uri[q] === ':') {
      const password = uri.slice(q + 1, p);
      if (password !== '') {
        storeDecoded(values, 'password', password);
      }
    }
    p++;
  } else {
    p = start;
  }

  const hosts: string[] = [];
  const ports: string[] = [];
  let terminator: string | undefined;
  for (;;) {
    let host: string;
    if (uri[p] === '[') {
      const h = ++p;
      while (p < uri.length && uri[p] !== ']') {
        p++;
      }
      if (p >= uri.length) {
        throw new ConninfoError(`end of string reached when looking for matching "]" in IPv6 host address in URI: "${shown}"`);
      }
      if (p === h) {
        throw new ConninfoError(`IPv6 host address may not be empty in URI: "${shown}"`);
      }
      host = uri.slice(h, p);
      p++;
      const c = uri[p];
      if (c !== undefined && c !== ':' && c !== '/' && c !== '?' && c !== ',') {
        throw new ConninfoError(`unexpected character "${c}" at position ${p + 1} in URI (expected ":" or "/"): "${shown}"`);
      }
    } else {
      const h = p;
      while (p < uri.length && !':/?,'.includes(uri[p]!)) {
        p++;
      }
      host = uri.slice(h, p);
    }
    hosts.push(host);
    terminator = uri[p];
    let port = '';
    if (terminator === ':') {
      const portStart = ++p;
      while (p < uri.length && !'/?,'.includes(uri[p]!)) {
        p++;
      }
      port = uri.slice(portStart, p);
      terminator = uri[p];
    }
    ports.push(port);
    if (terminator !== ',') {
      break;
    }
    p++;
  }
  const hostList = hosts.join(',');
  const portList = ports.join(',');
  if (hostList !== '') {
    storeDecoded(values, 'host', hostList);
  }
  if (portList !== '') {
    storeDecoded(values, 'port', portList);
  }

  if (terminator !== undefined && terminator !== '?') {
    const dbStart = ++p;
    while (p < uri.length && uri[p] !== '?') {
      p++;
    }
    const dbname = uri.slice(dbStart, p);
    // an empty dbname would force the default (the user name) and hide PGDATABASE
    if (dbname !== '') {
      storeDecoded(values, 'dbname', dbname);
    }
    terminator = uri[p];
  }
  if (terminator !== undefined) {
    parseUriParams(uri.slice(p + 1), values);
  }
  return values;
}

function parseUriParams(params: string, values: ConninfoValues): void {
  let p = 0;
  while (p < params.length) {
    const keyStart = p;
    let keyEnd = -1;
    let valueStart = -1;
    for (;;) {
      const c = params[p];
      if (c === '=') {
        if (valueStart >= 0) {
          throw new ConninfoError(`extra key/value separator "=" in URI query parameter: "${params.slice(keyStart, keyEnd)}"`);
        }
        keyEnd = p;
        valueStart = ++p;
      } else if (c === '&' || c === undefined) {
        if (valueStart < 0) {
          throw new ConninfoError(`missing key/value separator "=" in URI query parameter: "${params.slice(keyStart, p)}"`);
        }
        break;
      } else {
        p++;
      }
    }
    let keyword = uriDecode(params.slice(keyStart, keyEnd));
    let value = uriDecode(params.slice(valueStart, p), secretKeywords.has(keyword));
    if (params[p] === '&') {
      p++;
    }
    // JDBC compatibility, as libpq has it
    if (keyword === 'ssl' && value === 'true') {
      keyword = 'sslmode';
      value = 'require';
    }
    if (!store(values, keyword, value)) {
      throw new ConninfoError(`invalid URI query parameter: "${keyword}"`);
    }
  }
}

/** Quotes a value for a `key=value` string when it needs quotes (libpq's parser reads it back). */
function quoteConninfoValue(value: string): string {
  if (value !== '' && !/[\s'\\]/.test(value)) {
    return value;
  }
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Builds a `key=value` string from values (order kept). */
export function formatConninfo(values: Iterable<[string, string]>): string {
  return [...values].map(([k, v]) => `${k}=${quoteConninfoValue(v)}`).join(' ');
}

const uriSafe = /[A-Za-z0-9\-._~]/;

function uriEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += uriSafe.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * A `postgresql://` URI for the given values, never with a password (it is for copying and
 * showing). Socket directories go in as a percent-encoded host, which libpq decodes back.
 */
export function formatUri(values: ReadonlyMap<string, string>): string {
  const user = values.get('user');
  const hosts = (values.get('host') ?? '').split(',');
  const ports = (values.get('port') ?? '').split(',');
  const netloc = hosts
    .map((h, i) => {
      const host = h.includes(':') && !h.startsWith('/') ? `[${h}]` : uriEncode(h);
      const port = ports.length === hosts.length ? ports[i] : ports[0];
      return port ? `${host}:${port}` : host;
    })
    .join(',');
  let uri = `postgresql://${user ? `${uriEncode(user)}@` : ''}${netloc}`;
  const dbname = values.get('dbname');
  if (dbname) {
    uri += `/${uriEncode(dbname)}`;
  }
  const rest = [...values].filter(([k, v]) => !['user', 'host', 'port', 'dbname'].includes(k) && !secretKeywords.has(k) && v !== '');
  if (rest.length > 0) {
    uri += `${dbname ? '' : '/'}?${rest.map(([k, v]) => `${k}=${uriEncode(v)}`).join('&')}`;
  }
  return uri;
}
