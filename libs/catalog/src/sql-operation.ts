/**
 * Statement keywords that name an operation (OpenTelemetry's `db.operation.name`). The label is
 * bounded by this list: anything else is `OTHER`.
 */
const OPERATIONS = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'WITH',
  'VALUES',
  'TABLE',
  'BEGIN',
  'START',
  'COMMIT',
  'END',
  'ROLLBACK',
  'ABORT',
  'SAVEPOINT',
  'RELEASE',
  'SET',
  'RESET',
  'SHOW',
  'CREATE',
  'ALTER',
  'DROP',
  'TRUNCATE',
  'COPY',
  'EXPLAIN',
  'ANALYZE',
  'VACUUM',
  'LOCK',
  'LISTEN',
  'UNLISTEN',
  'NOTIFY',
  'DO',
  'CALL',
  'PREPARE',
  'EXECUTE',
  'DEALLOCATE',
  'DECLARE',
  'FETCH',
  'MOVE',
  'CLOSE',
  'DISCARD',
  'GRANT',
  'REVOKE',
  'COMMENT',
  'REFRESH',
  'REINDEX',
  'CLUSTER',
]);

/** No keyword in OPERATIONS is longer; reading further would only cost time. */
const LONGEST = 10;

/**
 * The operation a statement performs, for a metric label: its first keyword upper-cased
 * (`select ...` is SELECT, `with ... insert` is WITH), after any leading whitespace, parentheses
 * and comments. Runs on every statement, so it reads only the first characters of the text.
 */
export function sqlOperationName(sql: string): string {
  let at = 0;
  for (;;) {
    while (at < sql.length && isSkippable(sql.charCodeAt(at))) at++;
    if (sql.startsWith('--', at)) {
      const lineEnd = sql.indexOf('\n', at);
      if (lineEnd < 0) return 'OTHER';
      at = lineEnd + 1;
    } else if (sql.startsWith('/*', at)) {
      const commentEnd = sql.indexOf('*/', at + 2);
      if (commentEnd < 0) return 'OTHER';
      at = commentEnd + 2;
    } else {
      break;
    }
  }
  let end = at;
  while (end < sql.length && end - at <= LONGEST && isLetter(sql.charCodeAt(end))) end++;
  const keyword = sql.slice(at, end).toUpperCase();
  return OPERATIONS.has(keyword) ? keyword : 'OTHER';
}

/** Whitespace and opening parentheses (`(select ...) union (select ...)`). */
function isSkippable(code: number): boolean {
  return code === 0x20 || code === 0x28 || (code >= 0x09 && code <= 0x0d);
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}
