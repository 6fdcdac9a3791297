/**
 * The SQL gate of `etl serve` and `etl sql`: every SQL text is parsed by the real Postgres parser
 * (libpg-query, Postgres 18's grammar compiled to WebAssembly) and, in the mode 'read', only
 * statements that can read and nothing else are let through; in the mode 'write' (`etl sql
 * --write`) a statement may change tables but not touch the server's files or run code the gate
 * cannot read. What the gate refuses never reaches the database.
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

/** Functions refused in every mode: they touch the server's files or run SQL given as text (which the gate cannot read). */
const FILE_AND_TEXT_FUNCTIONS: [RegExp, string][] = [
  [/^(lo_.*|loread|lowrite|pg_read_.*|pg_ls_.*|pg_stat_file|pg_file_.*|pg_current_logfile)$/, 'reads or writes files on the server'],
  [/^(dblink.*|.*_to_xml.*|ts_stat|ts_rewrite)$/, 'runs SQL given as text'],
];

/** Functions refused, in the mode 'read', whatever the catalogue says: the above, and those that sleep or change settings or state. */
const REFUSED_FUNCTIONS: [RegExp, string][] = [
  [/^pg_sleep.*$/, 'makes the server wait'],
  [/^(set_config|setseed)$/, 'changes a setting of the session'],
  ...FILE_AND_TEXT_FUNCTIONS,
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

/**
 * What the gate lets through: 'read' only statements that read (etl serve, etl sql); 'write'
 * (etl sql --write) any statement but those that touch the server's files (COPY to or from a
 * file or program, the file and large-object functions, ALTER SYSTEM, LOAD) or run code the gate
 * cannot read (DO, CREATE FUNCTION/PROCEDURE, SQL given as text).
 */
export type GateMode = 'read' | 'write';

/** Why the gate refused SQL text: SQLSTATE, the reason, and whether it is refused in every mode (the server's files, code the gate cannot read). */
export interface GateVerdict {
  code: string;
  why: string;
  everyMode: boolean;
  /** What a client of etl serve can do instead. */
  hint?: string;
}

/** The functions a database marks volatile, for gateSql's `volatile` (one column, proname). */
export const VOLATILE_FUNCTIONS_SQL = "select distinct proname from pg_proc where provolatile = 'v'";

/** Loads the parser (once); call before check(). */
export async function loadGate(): Promise<void> {
  await loadModule();
}

type Node = Record<string, unknown>;

/**
 * Checks SQL text as sent in one Query or Parse message (etl serve). `volatile` names the
 * functions the served database marks volatile. Returns null if every statement only reads, else why not.
 */
export function checkSql(sql: string, volatile: ReadonlySet<string>): Refusal | null {
  const bytes = Buffer.byteLength(sql);
  if (bytes > MAX_SQL_BYTES) {
    return { code: '54000', message: `refused: the SQL text is ${bytes.toLocaleString('en-US')} bytes long; this server reads at most ${MAX_SQL_BYTES / 1024} KiB of SQL in one query or Parse message` };
  }
  const verdict = gateSql(sql, volatile, 'read');
  if (!verdict) return null;
  if (verdict.code === '42601') return { code: verdict.code, message: verdict.why };
  const hint = verdict.hint ? `; ${verdict.hint}` : '';
  return { code: verdict.code, message: `refused: ${verdict.why}${hint}. This served copy of the warehouse is read-only` };
}

/** The statements of SQL text (0 for empty or unreadable text). */
export function statementCount(sql: string): number {
  try {
    return ((parseSync(sql) as { stmts?: unknown[] }).stmts ?? []).length;
  } catch {
    return 0;
  }
}

/**
 * Checks SQL text in `mode`. `volatile` names the functions the database marks volatile (read
 * in the mode 'read' only). Returns null if every statement passes, else why not.
 */
export function gateSql(sql: string, volatile: ReadonlySet<string>, mode: GateMode): GateVerdict | null {
  if (sql.trim() === '') return null;
  let tree: { stmts?: { stmt: Node }[] };
  try {
    tree = parseSync(sql) as typeof tree;
  } catch (error) {
    return { code: '42601', why: `the statement could not be read: ${(error as Error).message}`, everyMode: false };
  }
  for (const { stmt } of tree.stmts ?? []) {
    const always = refusedInEveryMode(stmt);
    const why = always ?? (mode === 'read' ? checkStatement(stmt, volatile) : null);
    if (!why) continue;
    const hint = why.startsWith('COPY … TO a file') ? 'use COPY … TO STDOUT (psql: \\copy)' : undefined;
    return { code: why.startsWith('the function') ? '42501' : '25006', why, everyMode: always !== null, hint };
  }
  return null;
}

/** Statements refused in every mode: they touch the server's files or keep code the gate cannot read. */
const FILE_AND_CODE_STATEMENTS: Record<string, string> = {
  DoStmt: 'DO is not let through: it runs code the gate cannot read',
  CreateFunctionStmt: 'CREATE FUNCTION / PROCEDURE keeps code the gate cannot read',
  AlterSystemStmt: "ALTER SYSTEM writes the server's configuration file",
  LoadStmt: "LOAD runs a library from the server's files",
};

/** Why a statement is refused whatever the mode (null if it is not). */
function refusedInEveryMode(stmt: Node): string | null {
  const [kind, node] = Object.entries(stmt)[0] as [string, Node];
  if (kind in FILE_AND_CODE_STATEMENTS) return FILE_AND_CODE_STATEMENTS[kind];
  if (kind === 'CopyStmt' && (node.filename || node.is_program)) {
    return node.is_from ? 'COPY … FROM a file or a program reads on the server' : 'COPY … TO a file or a program writes on the server';
  }
  return walk(node, (key, child) => (key === 'FuncCall' ? functionRefusal(child as Node, FILE_AND_TEXT_FUNCTIONS) : null));
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
      if (!TRANSACTION_KINDS.has(String(node.kind))) return 'prepared (two-phase) transactions are not let through';
      return readWriteOption(node.options);
    case 'VariableSetStmt':
      return checkSet(node);
    case 'DeclareCursorStmt':
      if (Number(node.options ?? 0) & CURSOR_OPT_HOLD) return 'a cursor WITH HOLD outlives its transaction, which is not let through';
      return checkStatement(node.query as Node, volatile);
    case 'FetchStmt':
    case 'ClosePortalStmt':
      return null;
    case 'CopyStmt':
      if (node.is_from) return 'COPY … FROM writes into a table';
      return checkTree(node, volatile);
    default:
      return `${describe(kind)} is not a statement that only reads; only SELECT, EXPLAIN, SHOW, COPY … TO STDOUT, cursors, BEGIN/COMMIT/ROLLBACK and SET of a few client settings pass`;
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
    return `SET ${name.toUpperCase()} is not let through`;
  }
  if (kind === 'VAR_RESET_ALL') return 'RESET ALL would also reset the settings that keep this server read-only; RESET one setting at a time';
  if (kind !== 'VAR_SET_VALUE' && kind !== 'VAR_SET_DEFAULT' && kind !== 'VAR_RESET') return `this form of SET ${name} is not let through`;
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

/** Walks any part of a parse tree depth first: the first reason `visit` gives for a key and its value, or null. */
function walk(value: unknown, visit: (key: string, child: unknown) => string | null): string | null {
  if (Array.isArray(value)) {
    for (const v of value) {
      const why = walk(v, visit);
      if (why) return why;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value as Node)) {
    const why = visit(key, child) ?? walk(child, visit);
    if (why) return why;
  }
  return null;
}

/** Refuses, anywhere in a tree, data changes, SELECT INTO, row locks and state-changing functions. */
function checkTree(value: unknown, volatile: ReadonlySet<string>): string | null {
  return walk(value, (key, child) => {
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
      case 'FuncCall':
        return checkFunction(child as Node, volatile);
      default:
        return null;
    }
  });
}

/** A called function's name as written (`pg_catalog.pg_sleep`) and its last part. */
function functionName(call: Node): { written: string; name: string } {
  const parts = (call.funcname as { String?: { sval?: string } }[]).map((p) => p.String?.sval ?? '');
  return { written: parts.join('.'), name: parts[parts.length - 1] ?? '' };
}

function functionRefusal(call: Node, rules: readonly [RegExp, string][]): string | null {
  const { written, name } = functionName(call);
  for (const [pattern, what] of rules) if (pattern.test(name.toLowerCase())) return `the function ${written}() ${what}`;
  return null;
}

function checkFunction(call: Node, volatile: ReadonlySet<string>): string | null {
  const why = functionRefusal(call, REFUSED_FUNCTIONS);
  if (why) return why;
  const { written, name } = functionName(call);
  if (volatile.has(name) && !HARMLESS_VOLATILE.has(name)) return `the function ${written}() can change the database's state (the catalogue marks it volatile)`;
  return null;
}
