/**
 * Inputs that have broken web apps before. `text` values are what a client means (the fuzzer percent-encodes
 * them); `raw` values go into the URL byte for byte, because the bug is often in the encoding itself.
 */
export const nastyText: readonly string[] = [
  // numbers at and past every integer boundary the app has (PostgreSQL integer, JS safe integer, page caps)
  '2147483647', '2147483648', '-2147483649', '9e99', '-1', '0', '1e3', '00001', '3100001', '3100001.0', '0x10', 'NaN', 'Infinity',
  '9007199254740993', '99999999999999999999999999', '1 ', ' 1', '+1', '１２３',
  // empty and whitespace
  '', ' ', '\t', '\u3000', '\u00a0',
  // control characters, NUL first: PostgreSQL cannot store a NUL in text at all
  '\u0000', 'a\u0000b', '\u0001\u0002\u0003', '\u001b[31m', '\u007f', '\r\n', '\n\nX-Injected: 1', '\u0085',
  // lone surrogates and non-characters
  '\ud800', '\udfff', 'a\ud83db', '\ufffe', '\uffff', '\ufeff',
  // bidirectional and zero-width
  '\u202eevil\u202c', '\u200b', '\u200d\u200c', '\u2066x\u2069', '\u061c', 'abc\u200f',
  // line and paragraph separators
  '\u2028', '\u2029',
  // very long strings
  'a'.repeat(10_240), '川'.repeat(10_240), '%'.repeat(2_000), '"'.repeat(5_000),
  // SQL
  "' OR 1=1 --", "'; drop table articles; --", '" OR ""="', '1; select pg_sleep(5)', "1' union select null--", '\\', "\\'",
  // FTS5 and tsquery syntax
  '"', '*', 'NEAR(', 'NEAR(a b, 2)', 'a OR b', 'NOT', 'AND', ':*', 'a:*', '&', '|', '!', '!!', '<->', '(', ')', '^', 'title:x', '{a b}', '-', 'a & !b | c', "''", '"a" "b', 'facets : x',
  // path traversal and URL syntax
  '../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/passwd', '.', '..', '//', '?', '#', '&page=2', '=', 'a=b&c', '%', '%%', '%00',
  // markup
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert(1)", '{{7*7}}', '${7*7}', '<!--',
  // emoji, CJK, house markers
  '👍🏽', '👨‍👩‍👧‍👦', '🇹🇼', '川普', '特朗普', '台灣', '臺灣', '𠮷', '▲', '●', '▲▼', '我們想讓你知道', '我們想讓你知道…', '●楊聰榮／教授', '（圖／路透）', 'ＡＰＥＣ',
  // dates the search filters read
  '2026-01-08', '2026-02-30', '0000-00-00', '9999-12-31', '2026-1-8', '20260108', '-0001-01-01', '2026-01-08T00:00:00Z',
  // cursors: valid base64url of broken JSON and of JSON with wrong types
  Buffer.from('{"p":"x","i":1}').toString('base64url'),
  Buffer.from('{"p":"2026-01-01T00:00:00.000Z","i":99999999999}').toString('base64url'),
  Buffer.from('{"p":"2026-01-01T00:00:00.000Z","i":-1}').toString('base64url'),
  Buffer.from('{"p":"9999-12-31T23:59:59.999Z","i":2147483648}').toString('base64url'),
  Buffer.from('[]').toString('base64url'),
  Buffer.from('null').toString('base64url'),
  Buffer.from('{"__proto__":{"x":1}}').toString('base64url'),
  // prototype names
  '__proto__', 'constructor', 'toString', 'hasOwnProperty',
];

/** Already percent-encoded (or deliberately not): inserted into the URL as is. */
export const nastyRaw: readonly string[] = [
  '%', '%2', '%zz', '%G0', '%%32%65', '%u0041', '%E0%A4%A', '%FF', '%FE%FF', '%C0%AF', '%C0%AE%C0%AE%C0%AF', '%E0%80%AF', '%F0%80%80%AF',
  '%C1%9C', '%ED%A0%80', '%ED%BF%BF', '%F4%90%80%80', '%00', '%0A', '%0D%0A', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%2f..%2f', '%2e%2e/',
  '..%252f', '%252e%252e', '%5c..%5c', '%2F', '%3F', '%23', '%26', '%3D', '%2B', '+', 'a+b', '%20', '%E5%B7%9D%E6%99%AE', '%EF%BB%BF',
  '%E2%80%AE', '%E2%80%A8', '%F0%9F%91%8D', '%F0%9F', '%80', '%C3', 'a%00b', '%25', '%2525', ';', ';jsessionid=1', ',', '*', '~', '!', "'", '(', ')',
];

/** Query parameter names every public route reads today (docs/API.md, README), plus names none reads. */
export const queryKeys: readonly string[] = [
  'page', 'q', 'author', 'tag', 'section', 'from', 'to', 'limit', 'cursor', 'id', 'name', 'slug', 'format', 'callback', '__proto__', 'constructor', '',
];

export const oddHeaders: ReadonlyArray<Record<string, string>> = [
  { 'accept-language': 'en' },
  { 'accept-language': '*' },
  { 'accept-language': 'zz-ZZ;q=abc, ,,;q=-1' },
  { 'accept-language': 'en'.repeat(2_000) },
  { 'accept-language': 'en-US;q=0.9, zh-TW;q=1e99' },
  { 'if-none-match': '*' },
  { 'if-none-match': '"bogus"' },
  { 'if-none-match': 'W/"x", "y", ,,' },
  { 'if-none-match': '"' },
  { 'if-modified-since': 'yesterday' },
  { 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' },
  { 'if-modified-since': 'Fri, 31 Dec 9999 23:59:59 GMT' },
  { 'if-modified-since': '-1' },
  { 'if-unmodified-since': 'garbage' },
  { range: 'bytes=0-0' },
  { range: 'bytes=999999999-' },
  { range: 'bytes=-0,a-b' },
  { 'accept-encoding': 'garbage' },
  { 'accept-encoding': 'br;q=abc, gzip;q=-5, *;q=0' },
  { 'accept-encoding': 'identity;q=0, *;q=0' },
  { 'accept-encoding': 'x'.repeat(5_000) },
  { accept: 'application/json' },
  { accept: '*/*;q=zz' },
  { 'content-type': 'application/json' },
  { 'content-type': 'multipart/form-data; boundary=' },
  { 'x-forwarded-for': '1.1.1.1, ::1, garbage' },
  { 'x-forwarded-host': 'evil.example' },
  { host: 'evil.example' },
  { cookie: 'a=b; ; c' },
];
