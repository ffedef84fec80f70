import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConninfo, formatConninfo, formatUri, isConnectionString, ConninfoError } from '../../shared/src/libpq';

const parsed = (s: string) => Object.fromEntries(parseConninfo(s));

// Expected values are those of PostgreSQL's own libpq URI regression test (src/interfaces/libpq/t/001_uri.pl).
const uriCases: [string, Record<string, string>][] = [
  ['postgresql://uri-user:secret@host:12345/db', { user: 'uri-user', password: 'secret', dbname: 'db', host: 'host', port: '12345' }],
  ['postgresql://uri-user@host/', { user: 'uri-user', host: 'host' }],
  ['postgresql://uri-user@', { user: 'uri-user' }],
  ['postgresql://host:12345', { host: 'host', port: '12345' }],
  ['postgresql://', {}],
  ['postgresql://?hostaddr=127.0.0.1', { hostaddr: '127.0.0.1' }],
  ['postgresql://%68ost/', { host: 'host' }],
  ['postgresql://host/db?u%73er=someotheruser&port=12345', { user: 'someotheruser', dbname: 'db', host: 'host', port: '12345' }],
  ['postgresql://host?', { host: 'host' }],
  ['postgresql://[::1]:12345/db', { dbname: 'db', host: '::1', port: '12345' }],
  ['postgresql://[2001:db8::1234]/', { host: '2001:db8::1234' }],
  ['postgres:///', {}],
  ['postgres://uri-user@/db', { user: 'uri-user', dbname: 'db' }],
  ['postgres://?host=/path/to/socket/dir', { host: '/path/to/socket/dir' }],
  ['postgres://@host', { host: 'host' }],
  ['postgres://host:/', { host: 'host' }],
  ['postgres://:12345/', { port: '12345' }],
  ['postgres://otheruser@:12345/db?host=/path/to/socket', { user: 'otheruser', dbname: 'db', host: '/path/to/socket', port: '12345' }],
  ['postgres://%2Fvar%2Flib%2Fpostgresql/dbname', { dbname: 'dbname', host: '/var/lib/postgresql' }],
  ['postgresql://a:1,b:2/db?ssl=true', { host: 'a,b', port: '1,2', dbname: 'db', sslmode: 'require' }],
];

for (const [uri, expected] of uriCases) {
  test(`URI ${uri}`, () => {
    assert.deepEqual(parsed(uri), expected);
  });
}

const uriErrors: [string, string][] = [
  ['postgresql://host/db?u%7aer=someotheruser&port=12345', 'invalid URI query parameter: "uzer"'],
  ['postgre://', 'missing "=" after "postgre://" in connection info string'],
  ['postgres://[::1', 'end of string reached when looking for matching "]" in IPv6 host address in URI: "postgres://[::1"'],
  ['postgres://[]', 'IPv6 host address may not be empty in URI: "postgres://[]"'],
  ['postgres://[::1]z', 'unexpected character "z" at position 17 in URI (expected ":" or "/"): "postgres://[::1]z"'],
  ['postgresql://host?zzz', 'missing key/value separator "=" in URI query parameter: "zzz"'],
  ['postgresql://host?value1&value2', 'missing key/value separator "=" in URI query parameter: "value1"'],
  ['postgresql://host?key=key=value', 'extra key/value separator "=" in URI query parameter: "key"'],
  ['postgres://host?dbname=%XXfoo', 'invalid percent-encoded token: "%XXfoo"'],
  ['postgresql://a%00b', 'forbidden value %00 in percent-encoded value: "a%00b"'],
  ['postgresql://%1', 'invalid percent-encoded token: "%1"'],
];

for (const [uri, message] of uriErrors) {
  test(`URI error ${uri}`, () => {
    assert.throws(() => parseConninfo(uri), (e: unknown) => e instanceof ConninfoError && e.message === message);
  });
}

test('key=value: spaces around =, quotes, backslash escapes in and out of quotes', () => {
  assert.deepEqual(parsed(`host = /tmp  dbname='my db' user=a\\ b password='it\\'s \\\\ ok'port=5433`), {
    host: '/tmp',
    dbname: 'my db',
    user: 'a b',
    password: "it's \\ ok",
    port: '5433',
  });
  assert.deepEqual(parsed("dbname='' options='-c search_path=x'"), { dbname: '', options: '-c search_path=x' });
  // libpq skips blanks after "=", so an unquoted empty value swallows the next word
  assert.deepEqual(parsed('dbname= host=/tmp'), { dbname: 'host=/tmp' });
  assert.deepEqual(parsed('dbname=a dbname=b'), { dbname: 'b' });
  assert.deepEqual(parsed('requiressl=1'), { sslmode: 'require' });
});

test('key=value errors carry libpq messages', () => {
  assert.throws(() => parseConninfo('mydb'), { message: 'missing "=" after "mydb" in connection info string' });
  assert.throws(() => parseConninfo('host x=1'), { message: 'missing "=" after "host" in connection info string' });
  assert.throws(() => parseConninfo("dbname='open"), { message: 'unterminated quoted string in connection info string' });
  assert.throws(() => parseConninfo('hots=x'), { message: 'invalid connection option "hots"' });
});

test('formatConninfo quotes what needs quoting and parses back', () => {
  const values: [string, string][] = [['dbname', "it's"], ['host', '/var/run/postgresql'], ['options', '-c a=b'], ['user', ''], ['application_name', 'a\\b']];
  const s = formatConninfo(values);
  assert.equal(s, "dbname='it\\'s' host=/var/run/postgresql options='-c a=b' user='' application_name='a\\\\b'");
  assert.deepEqual([...parseConninfo(s)], values);
});

test('formatUri never includes the password and round-trips sockets and IPv6', () => {
  const uri = formatUri(new Map([['user', 'ann@x'], ['password', 'secret'], ['host', '/var/run/postgresql'], ['port', '5433'], ['dbname', 'my db'], ['sslmode', 'disable']]));
  assert.equal(uri, 'postgresql://ann%40x@%2Fvar%2Frun%2Fpostgresql:5433/my%20db?sslmode=disable');
  assert.ok(!uri.includes('secret'));
  assert.deepEqual(parsed(uri), { user: 'ann@x', host: '/var/run/postgresql', port: '5433', dbname: 'my db', sslmode: 'disable' });
  assert.deepEqual(parsed(formatUri(new Map([['host', '::1']]))), { host: '::1' });
});

test('isConnectionString follows libpq: a URI prefix or an "="', () => {
  assert.equal(isConnectionString('postgres://x'), true);
  assert.equal(isConnectionString('dbname=x'), true);
  assert.equal(isConnectionString('mydb'), false);
});
