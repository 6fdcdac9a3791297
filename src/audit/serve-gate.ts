/**
 * The gate of `etl serve`: every SQL text a client sends is parsed by the real Postgres parser
 * (libpg-query, Postgres 18's grammar compiled to WebAssembly) and only statements that can
 * read and nothing else are let through. What the gate refuses never reaches the database.
 */
import { loadModule, parseSync } from 'libpg-query';

/** Settings a client may change for itself (SET / RESET, or at connection). */
export const CLIENT_SETTINGS: ReadonlySet<string> = new Set([
  'application_name',
  'bytea_output',
  'client_encoding',
  'client_min_messages',
  'datestyle',
  'default_text_search_config',
  'default_transaction_isolation',
  'extra_float_digits',
  'idle_in_transaction_session_timeout',
  'intervalstyle',
  'lock_timeout',
  'search_path',
  'statement_timeout',
  'timezone',
  'xmlbinary',
  'xmloption',
]);

/** Client encodings whose bytes the gate reads exactly as the database does (no multi-byte trickery). */
const SAFE_ENCODINGS = new Set(['utf8', 'unicode', 'sqlascii']);

/** Functions refused whatever the catalogue says: they sleep, touch files, run SQL given as text, or change settings. */
const REFUSED_FUNCTIONS: [RegExp, string][] = [
  [/^pg_sleep.*$/, 'makes the server wait'],
  [/^(set_config|setseed)$/, 'changes a setting of the session'],
  [/^(lo_.*|loread|lowrite|pg_read_.*|pg_ls_.*|pg_stat_file|pg_file_.*|pg_current_logfile)$/, 'reads or writes files on the server'],
  [/^(dblink.*|.*_to_xml.*|ts_stat|ts_rewrite)$/, 'runs SQL given as text'],
  [
    /^(pg_advisory.*|pg_try_advisory.*|pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|pg_logfile_rotate|pg_notify|nextval|setval|pg_stat_reset.*|pg_(restore|clear)_.*_stats|pg_switch_wal|pg_promote|pg_backup_.*|pg_create_.*|pg_drop_.*|pg_copy_.*|pg_replication_.*|pg_logical_.*|pg_import_system_collations|binary_upgrade_.*)$/,
    "changes the server's state",
  ],
];

/**
 * Functions the catalogue marks volatile that only read or compute (sizes for psql's \dt+ and
 * \l+, random numbers, the clock); every other volatile function is refused.
 */
const HARMLESS_VOLATILE = new Set([
  'array_sample',
  'array_shuffle',
  'clock_timestamp',
  'current_query',
  'gen_random_uuid',
  'pg_blocking_pids',
  'pg_collation_actual_version',
  'pg_database_collation_actual_version',
  'pg_database_size',
  'pg_indexes_size',
  'pg_is_in_recovery',
  'pg_jit_available',
  'pg_lock_status',
  'pg_partition_ancestors',
  'pg_partition_tree',
  'pg_relation_size',
  'pg_table_size',
  'pg_tablespace_size',
  'pg_total_relation_size',
  'random',
  'random_normal',
  'timeofday',
  'uuidv4',
  'uuidv7',
]);

const TRANSACTION_KINDS = new Set(['TRANS_STMT_BEGIN', 'TRANS_STMT_START', 'TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_SAVEPOINT', 'TRANS_STMT_RELEASE', 'TRANS_STMT_ROLLBACK_TO']);
const CURSOR_OPT_HOLD = 0x20;

/** Why a statement was refused: SQLSTATE and a sentence for the client. */
export interface Refusal {
  code: string;
  message: string;
}

/**
 * The longest SQL text the gate reads (bytes). The parser runs in the server's main thread, where
 * no time limit can stop it and nothing else is answered meanwhile: 256 KiB took up to 1.6 s on a
 * busy two-core machine, a 16 MiB statement 8 to 19 s (docs/serve.md).
 */
export const MAX_SQL_BYTES = 256 * 1024;

/** Loads the parser (once); call before check(). */
export async function loadGate(): Promise<void> {
  await loadModule();
}

type Node = Record<string, unknown>;

/**
 * Checks SQL text as sent in one Query or Parse message. `volatile` names the functions the
 * served database marks volatile. Returns null if every statement only reads, else why not.
 */
export function checkSql(sql: string, volatile: ReadonlySet<string>): Refusal | null {
  if (sql.trim() === '') return null;
  const bytes = Buffer.byteLength(sql);
  if (bytes > MAX_SQL_BYTES) {
    return { code: '54000', message: `refused: the SQL text is ${bytes.toLocaleString('en-US')} bytes long; this server reads at most ${MAX_SQL_BYTES / 1024} KiB of SQL in one query or Parse message` };
  }
  let tree: { stmts?: { stmt: Node }[] };
  try {
    tree = parseSync(sql) as typeof tree;
  } catch (error) {
    return { code: '42601', message: `the statement could not be read: ${(error as Error).message}` };
  }
  for (const { stmt } of tree.stmts ?? []) {
    const why = checkStatement(stmt, volatile);
    if (why) return { code: why.startsWith('the function') ? '42501' : '25006', message: `refused: ${why}. This served copy of the warehouse is read-only` };
  }
  return null;
}

function checkStatement(stmt: Node, volatile: ReadonlySet<string>): string | null {
  const [kind, node] = Object.entries(stmt)[0] as [string, Node];
  switch (kind) {
    case 'SelectStmt':
      return checkTree(node, volatile);
    case 'ExplainStmt':
      return checkStatement(node.query as Node, volatile) ?? checkTree(node.options, volatile);
    case 'VariableShowStmt':
      return null;
    case 'TransactionStmt':
      if (!TRANSACTION_KINDS.has(String(node.kind))) return 'prepared (two-phase) transactions are not served';
      return readWriteOption(node.options);
    case 'VariableSetStmt':
      return checkSet(node);
    case 'DeclareCursorStmt':
      if (Number(node.options ?? 0) & CURSOR_OPT_HOLD) return 'a cursor WITH HOLD outlives its transaction, which this server does not allow';
      return checkStatement(node.query as Node, volatile);
    case 'FetchStmt':
    case 'ClosePortalStmt':
      return null;
    case 'CopyStmt':
      if (node.is_from) return 'COPY … FROM writes into a table';
      if (node.filename || node.is_program) return 'COPY … TO a file or a program writes on the server; use COPY … TO STDOUT (psql: \\copy)';
      return checkTree(node, volatile);
    default:
      return `${describe(kind)} is not a statement that only reads; only SELECT, EXPLAIN, SHOW, COPY … TO STDOUT, cursors, BEGIN/COMMIT/ROLLBACK and SET of a few client settings are served`;
  }
}

/** "CreateStmt" → "CREATE", "AlterSystemStmt" → "ALTER SYSTEM". */
function describe(kind: string): string {
  if (kind === 'CheckPointStmt') return 'CHECKPOINT';
  return kind.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

/** A transaction may be declared READ ONLY, never READ WRITE. */
function readWriteOption(options: unknown): string | null {
  for (const o of (options as { DefElem?: Node }[] | undefined) ?? []) {
    const d = o.DefElem;
    if (d?.defname === 'transaction_read_only' && constInt(d.arg) !== 1) return 'a READ WRITE transaction';
  }
  return null;
}

function constInt(arg: unknown): number | null {
  const c = (arg as { A_Const?: { ival?: { ival?: number } } } | undefined)?.A_Const;
  if (!c?.ival) return null;
  return c.ival.ival ?? 0;
}

function checkSet(node: Node): string | null {
  const kind = String(node.kind);
  const name = String(node.name ?? '').toLowerCase();
  if (kind === 'VAR_SET_MULTI') {
    if (name === 'transaction' || name === 'session characteristics') return readWriteOption(node.args);
    return `SET ${name.toUpperCase()} is not served`;
  }
  if (kind === 'VAR_RESET_ALL') return 'RESET ALL would also reset the settings that keep this server read-only; RESET one setting at a time';
  if (kind !== 'VAR_SET_VALUE' && kind !== 'VAR_SET_DEFAULT' && kind !== 'VAR_RESET') return `this form of SET ${name} is not served`;
  if (name === 'transaction_read_only') {
    return kind === 'VAR_SET_VALUE' && isOn(node.args) ? null : 'a transaction here stays read-only';
  }
  if (!CLIENT_SETTINGS.has(name)) return `the setting ${name} is protected (a client may change only ${[...CLIENT_SETTINGS].join(', ')})`;
  if (name === 'client_encoding' && kind === 'VAR_SET_VALUE') {
    const value = constString(node.args);
    if (value === null || !isSafeEncoding(value)) return 'the client encoding must be UTF8 or SQL_ASCII';
  }
  return null;
}

function constString(args: unknown): string | null {
  const first = (args as { A_Const?: { sval?: { sval?: string } } }[] | undefined)?.[0]?.A_Const;
  return first?.sval?.sval ?? null;
}

function isOn(args: unknown): boolean {
  const s = constString(args);
  if (s !== null) return ['on', 'true', 'yes', '1'].includes(s.toLowerCase());
  const first = (args as unknown[] | undefined)?.[0];
  const n = constInt(first);
  if (n !== null) return n === 1;
  const b = (first as { A_Const?: { boolval?: { boolval?: boolean } } } | undefined)?.A_Const?.boolval;
  return b?.boolval === true;
}

/** True for an encoding name the gate reads byte for byte as the database does. */
export function isSafeEncoding(name: string): boolean {
  return SAFE_ENCODINGS.has(name.toLowerCase().replace(/[-_\s]/g, ''));
}

/** Walks any part of a parse tree: refuses data changes, SELECT INTO, row locks and state-changing functions. */
function checkTree(value: unknown, volatile: ReadonlySet<string>): string | null {
  if (Array.isArray(value)) {
    for (const v of value) {
      const why = checkTree(v, volatile);
      if (why) return why;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value as Node)) {
    switch (key) {
      case 'InsertStmt':
      case 'UpdateStmt':
      case 'DeleteStmt':
      case 'MergeStmt':
        return `${describe(key)} inside a query changes the warehouse`;
      case 'intoClause':
        return 'SELECT … INTO creates a table';
      case 'lockingClause':
        return 'FOR UPDATE / FOR SHARE locks rows for writing';
      case 'FuncCall': {
        const why = checkFunction(child as Node, volatile);
        if (why) return why;
        break;
      }
    }
    const why = checkTree(child, volatile);
    if (why) return why;
  }
  return null;
}

function checkFunction(call: Node, volatile: ReadonlySet<string>): string | null {
  const parts = (call.funcname as { String?: { sval?: string } }[]).map((p) => p.String?.sval ?? '');
  const name = parts[parts.length - 1] ?? '';
  for (const [pattern, what] of REFUSED_FUNCTIONS) if (pattern.test(name.toLowerCase())) return `the function ${parts.join('.')}() ${what}`;
  if (volatile.has(name) && !HARMLESS_VOLATILE.has(name)) return `the function ${parts.join('.')}() can change the database's state (the catalogue marks it volatile)`;
  return null;
}
