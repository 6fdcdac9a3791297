/** The SQL gate of `etl serve`: what it lets through and what it refuses, without a server. */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSql, gateSql, isSafeEncoding, loadGate, MAX_SQL_BYTES, statementCount } from '../src/audit/serve-gate.js';
import { isLoopback } from '../src/cli/serve-command.js';

// What the served database marks volatile, in part (the server reads the full list from pg_proc).
const VOLATILE = new Set(['pg_sleep', 'set_config', 'random', 'pg_relation_size', 'query_to_xml', 'lo_import', 'nextval', 'pg_read_file', 'txid_status']);

beforeAll(loadGate);

describe('serve gate', () => {
  it.each([
    'select 1',
    'select * from satisfaction_samples where province = $1',
    'with q as (select 1 as n) select n from q',
    'explain analyze select count(*) from etl.runs',
    'show default_transaction_read_only',
    'show all',
    'begin',
    'begin read only',
    'start transaction isolation level repeatable read, read only',
    'commit',
    'rollback',
    'savepoint a',
    'rollback to savepoint a',
    'set application_name = \'psql\'',
    'set datestyle = iso, mdy',
    'set time zone \'UTC\'',
    'set names \'UTF8\'',
    'set extra_float_digits to 3',
    'reset search_path',
    'set transaction read only',
    'set transaction_read_only = on',
    'declare c cursor for select 1',
    'fetch 10 from c',
    'close c',
    'copy (select 1) to stdout',
    'copy satisfaction_samples to stdout with (format csv)',
    'select random(), pg_relation_size(\'etl.runs\'), now(), to_char(now(), \'YYYY\')',
    '',
    '-- only a comment',
  ])('lets through %j', (sql) => {
    expect(checkSql(sql, VOLATILE)).toBeNull();
  });

  it.each([
    ['begin read write', /READ WRITE/],
    ['begin isolation level serializable, read write', /READ WRITE/],
    ['set default_transaction_read_only = off', /default_transaction_read_only is protected/],
    ['SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE', /READ WRITE/],
    ['set transaction read write', /READ WRITE/],
    ['set transaction_read_only = off', /stays read-only/],
    ['reset all', /RESET ALL/],
    ['discard all', /DISCARD/],
    ['reset default_transaction_read_only', /protected/],
    ['set standard_conforming_strings = off', /protected/],
    ['set session authorization postgres', /protected/],
    ['set role postgres', /protected/],
    ["set client_encoding = 'SJIS'", /UTF8 or SQL_ASCII/],
    ["select set_config('default_transaction_read_only', 'off', false)", /set_config\(\) changes a setting/],
    ['select 1; set default_transaction_read_only = off', /protected/],
    ['create table x (a int)', /CREATE is not a statement that only reads/],
    ['insert into etl.runs default values', /INSERT/],
    ['with d as (delete from etl.runs returning *) select * from d', /DELETE inside a query/],
    ['select * from etl.runs for update', /FOR UPDATE/],
    ['select 1 as a into t2', /SELECT … INTO/],
    ['explain analyze delete from etl.runs', /DELETE/],
    ["copy (select 1) to '/pglite/data/base/5/16503'", /COPY … TO a file/],
    ["copy etl.runs to program 'sh'", /COPY … TO a file/],
    ['copy etl.runs from stdin', /COPY … FROM/],
    ['alter system set default_transaction_read_only = on', /ALTER SYSTEM/],
    ["select lo_import('/etc/passwd')", /reads or writes files/],
    ["select lo_export(1, '/pglite/data/postgresql.conf')", /reads or writes files/],
    ["select pg_read_file('postgresql.conf')", /reads or writes files/],
    ["select * from pg_ls_dir('.')", /reads or writes files/],
    ['select pg_sleep(1e6)', /makes the server wait/],
    ["select pg_catalog.pg_sleep_for('1 hour')", /makes the server wait/],
    ["select (select pg_sleep(1)) from etl.runs where run_id in (select 1 where pg_sleep(1) is null)", /makes the server wait/],
    ["select query_to_xml('select 1', true, true, '')", /runs SQL given as text/],
    ['select pg_advisory_lock(1)', /state/],
    ['select pg_terminate_backend(1)', /state/],
    ["select nextval('etl.runs_run_id_seq')", /state/],
    ['select txid_status(1)', /volatile/],
    ['do $$ begin perform 1; end $$', /DO is not/],
    ['create function f() returns int language sql as $$ select f() $$', /CREATE FUNCTION/],
    ['call p()', /CALL/],
    ['prepare p as select 1', /PREPARE/],
    ['declare c cursor with hold for select 1', /WITH HOLD/],
    ['listen x', /LISTEN/],
    ['lock table etl.runs', /LOCK/],
    ['vacuum', /VACUUM/],
    ['checkpoint', /CHECKPOINT/],
    ['load \'x\'', /LOAD/],
    ['commit prepared \'x\'', /two-phase/],
    ['select from where', /could not be read/],
  ])('refuses %j', (sql, why) => {
    const refusal = checkSql(sql, VOLATILE);
    expect(refusal).not.toBeNull();
    expect(['25006', '42501', '42601']).toContain(refusal!.code);
    expect(refusal!.message).toMatch(why);
  });

  it('refuses, without failing, SQL too deep for the parser, and reads the next statement as usual', () => {
    const deep = `select ${'1+'.repeat(100_000)}1`;
    expect(checkSql(deep, VOLATILE)?.code).toBe('42601');
    expect(checkSql('select 1', VOLATILE)).toBeNull();
  });

  it('refuses SQL text longer than it reads, before parsing it (the parser cannot be stopped once it runs)', () => {
    const long = `select ${'1,'.repeat(MAX_SQL_BYTES / 2)}1`;
    expect(checkSql(long, VOLATILE)).toEqual({ code: '54000', message: `refused: the SQL text is ${Buffer.byteLength(long).toLocaleString('en-US')} bytes long; this server reads at most 256 KiB of SQL in one query or Parse message` });
    // Up to the limit, in characters of several bytes too, it is read as usual.
    expect(checkSql(`select '${'é'.repeat(MAX_SQL_BYTES / 2 - 20)}'`, VOLATILE)).toBeNull();
    expect(checkSql(`select '${'é'.repeat(MAX_SQL_BYTES / 2 + 1)}'`, VOLATILE)?.code).toBe('54000');
  });

  it('accepts only client encodings it reads byte for byte like the database', () => {
    expect(['UTF8', 'utf-8', 'UNICODE', 'SQL_ASCII'].every(isSafeEncoding)).toBe(true);
    expect(['SJIS', 'BIG5', 'GBK', 'GB18030', 'LATIN1'].some(isSafeEncoding)).toBe(false);
  });
});

describe('the gate in the mode write (etl sql --write)', () => {
  it.each([
    'create table scratch (a int default 1)',
    'insert into etl.skips select * from etl.skips',
    'delete from etl.skips',
    'drop table scratch',
    'copy (select 1) to stdout',
    'select nextval(\'etl.runs_run_id_seq\')',
  ])('lets through %j', (sql) => {
    expect(gateSql(sql, VOLATILE, 'write')).toBeNull();
  });

  it.each([
    ["copy (select 'garbage') to '/pglite/data/postgresql.auto.conf'", /COPY … TO a file/],
    ["copy etl.skips from '/etc/passwd'", /COPY … FROM a file/],
    ["copy etl.skips from program 'sh'", /COPY … FROM a file or a program/],
    ["select lo_import('/etc/hostname')", /lo_import\(\) reads or writes files/],
    ["insert into etl.skips select pg_read_file('postgresql.conf')", /pg_read_file\(\) reads or writes files/],
    ["create table t (a text default pg_read_file('postgresql.conf'))", /pg_read_file/],
    ["create view v as select * from pg_ls_dir('.')", /pg_ls_dir/],
    ["select query_to_xml('copy (select 1) to ''/tmp/x''', true, true, '')", /runs SQL given as text/],
    ['do $$ begin execute \'select 1\'; end $$', /DO is not let through/],
    ['create function f() returns int language plpgsql as $$ begin return 1; end $$', /CREATE FUNCTION/],
    ['alter system set default_transaction_read_only = on', /ALTER SYSTEM/],
    ["load 'x'", /LOAD/],
  ])('refuses %j, as in the mode read', (sql, why) => {
    const verdict = gateSql(sql, VOLATILE, 'write');
    expect(verdict?.why).toMatch(why);
    expect(verdict?.everyMode).toBe(true);
    expect(gateSql(sql, VOLATILE, 'read')?.everyMode).toBe(true);
  });

  it('tells what only the mode read refuses', () => {
    expect(gateSql('drop table etl.skips', VOLATILE, 'read')).toMatchObject({ everyMode: false, why: expect.stringMatching(/^DROP is not a statement that only reads/) });
  });

  it('counts statements', () => {
    expect([statementCount(''), statementCount('select 1'), statementCount('select 1; drop table x'), statementCount('selec 1')]).toEqual([0, 1, 2, 0]);
  });
});

describe('serve --host', () => {
  it('knows this machine\'s own addresses', () => {
    expect(['127.0.0.1', '127.5.0.1', 'localhost', '::1', '[::1]', 'LOCALHOST'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.org', '128.0.0.1'].some(isLoopback)).toBe(false);
  });
});
