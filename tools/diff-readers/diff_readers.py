"""Reads every .xlsx/.xlsm under a folder with our reader (read-ours.mjs, over dist/) and with openpyxl
(read_openpyxl.py) and lists where they disagree: by file, sheet and cell, with both values, then a
summary. Writes report.json (machine-readable) and report.txt (every disagreement) to --out.
A report, not a test: exits 0 whatever it finds. See docs/diff-readers.md.

Normalised before comparing (differences of representation, counted under "normalised", never listed):
  an empty string and no value; 1 and 1.0; a date-time to the millisecond (each side rounds its own);
  openpyxl's time of day (a serial below 1) against our date on the epoch day with that clock;
  openpyxl's timedelta ([h]:mm formats) against our date as an offset from the epoch;
  openpyxl's date (t="d" without a time) as midnight; trailing and missing empty cells; row numbers
  (cells are matched by coordinates, not by position in openpyxl's padded rows); a sheet that one
  side lists and the other does not when it has no cells (chart sheets, dialog sheets).
"""
import argparse
import collections
import concurrent.futures
import datetime
import json
import os
import re
import select
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EPOCH_1970 = datetime.datetime(1970, 1, 1)
DAY_MS = 86_400_000
MAX_ROW = 1_048_576
LISTED_PER_FILE = 10_000  # disagreements kept per file in report.json (all are counted)


def column_letters(index):
    letters = ''
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def iso(ms):
    try:
        return (EPOCH_1970 + datetime.timedelta(milliseconds=ms)).isoformat(timespec='milliseconds')
    except (OverflowError, TypeError, ValueError):
        return f'{ms} ms since 1970'


def show(value):
    """A value as the report shows it."""
    if value is None:
        return '(empty)'
    if isinstance(value, str):
        return value
    tag, v = value[0], value[1]
    if tag == 's':
        return json.dumps(v, ensure_ascii=False)
    if tag == 'n':
        return repr(v)
    if tag == 'b':
        return 'TRUE' if v else 'FALSE'
    if tag == 'e':
        return f'error {v}'
    if tag == 'd':
        return f'date {iso(v)}' if isinstance(v, (int, float)) else f'date {v}'
    if tag == 't':
        return f'time {datetime.timedelta(milliseconds=v)}'
    if tag == 'td':
        return f'duration {datetime.timedelta(milliseconds=v)}'
    return repr(value)


TYPE_NAMES = {'s': 'string', 'n': 'number', 'b': 'boolean', 'e': 'error', 'd': 'date', 't': 'date', 'td': 'date'}


def load(path):
    """A dump as {workbook, sheets: [(name, {(row, col): value})], refused}."""
    result = {'workbook': {}, 'sheets': [], 'refused': None, 'ended': False}
    cells = None
    with open(path, encoding='utf-8', errors='replace', newline='\n') as lines:
        for line in lines:
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError:
                result['stray_lines'] = result.get('stray_lines', 0) + 1
                continue
            if 'r' in item:
                for cell in item['c']:
                    column, tag, value = cell[0], cell[1], cell[2]
                    if tag == 's' and value == '':
                        continue  # an empty string is no value
                    cells[(item['r'], column)] = (tag, value, cell[3] if len(cell) > 3 else None)
            elif 'sheet' in item:
                cells = {}
                result['sheets'].append((item['sheet'], cells))
            elif 'workbook' in item:
                result['workbook'] = item['workbook']
            elif 'end' in item:
                result['ended'] = True
            elif 'refused' in item:
                result['refused'] = item['refused']
    if not result['ended'] and not result['refused']:
        result['refused'] = {'code': 'no-output', 'reason': 'the reader stopped without saying why (killed, or out of memory)'}
    return result


def unescape_x(text):
    return re.sub(r'_x([0-9A-Fa-f]{4})_', lambda m: chr(int(m.group(1), 16)), text)


def compare_cell(ours, theirs, epoch_ms, normalised):
    """None when the two agree (after normalising), else the kind of disagreement."""
    if ours is None and theirs is None:
        return None
    if ours is None:
        return f'only openpyxl has a value ({TYPE_NAMES[theirs[0]]})'
    if theirs is None:
        if ours[0] == 'e' and ours[1] == '#ERROR!':
            return 'only ours has a value (#ERROR!: formula or value without a usable result)'
        return f'only ours has a value ({TYPE_NAMES[ours[0]]})'
    ot, ov = ours[0], ours[1]
    tt, tv = theirs[0], theirs[1]
    if ot == 'n' and tt == 'n':
        try:
            if float(ov) == float(tv):
                if type(ov) is not type(tv):
                    normalised['int vs float'] += 1
                return None
        except (TypeError, ValueError):
            pass
        return 'number differs'
    if ot == tt and ot in ('s', 'b', 'e'):
        if ov == tv:
            return None
        if ot == 's':
            if unescape_x(ov) == tv:
                return 'string differs: _xHHHH_ escape left in'
            if ov.replace('\r\n', '\n').replace('\r', '\n') == tv.replace('\r\n', '\n').replace('\r', '\n'):
                return 'string differs: line ends'
            if ov.strip() == tv.strip():
                return 'string differs: leading/trailing white space'
            if ov.startswith(tv) or tv.startswith(ov):
                return 'string differs: one is a prefix of the other'
            return 'string differs'
        return f'{TYPE_NAMES[ot]} differs'
    if ot == 'd' and isinstance(ov, (int, float)):
        if tt == 'd':
            delta = ov - tv
            if abs(delta) <= 1:
                if delta:
                    normalised['date rounding (<= 1 ms)'] += 1
                return None
            if abs(abs(delta) - DAY_MS) <= 1 and epoch_ms is not None and ov - epoch_ms < 61 * DAY_MS:
                return 'date differs by one day (serial before 1900-03-01)'
            return 'date differs'
        if tt == 't' and epoch_ms is not None:
            if abs((ov - epoch_ms) - tv) <= 1:
                normalised['time of day (serial < 1)'] += 1
                return None
            return 'date differs (time of day)'
        if tt == 'td' and epoch_ms is not None:
            if abs((ov - epoch_ms) - tv) <= 1:
                normalised['duration ([h]:mm format)'] += 1
                return None
            return 'date differs (duration)'
    return f'ours {TYPE_NAMES[ot]}, openpyxl {TYPE_NAMES[tt]}'


class Worker:
    """One reader kept running (read-ours.mjs or read_openpyxl.py with --serve): a workbook a request,
    ended and started again when one is not done in time, and every 200 workbooks."""

    def __init__(self, command):
        self.command = command
        self.process = None
        self.served = 0

    def _start(self):
        self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.served = 0
        self.pending = b''

    def stop(self):
        if self.process:
            self.process.kill()
            self.process.wait()
            self.process = None

    def dump(self, path, target, timeout):
        """Writes the dump of `path` to `target`; returns (seconds, timed out)."""
        if self.process is None or self.process.poll() is not None or self.served >= 200:
            self.stop()
            self._start()
        started = time.monotonic()
        self.served += 1
        try:
            self.process.stdin.write(f'{path}\t{target}\n'.encode())
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            self.stop()
            return round(time.monotonic() - started, 2), False
        fd = self.process.stdout.fileno()
        while b'done\n' not in self.pending:
            left = timeout - (time.monotonic() - started)
            ready, _, _ = select.select([fd], [], [], max(left, 0))
            if not ready:
                self.stop()
                return round(time.monotonic() - started, 2), True
            chunk = os.read(fd, 65536)
            if not chunk:  # the worker died (a crash, or out of memory): the dump says what it got
                self.stop()
                return round(time.monotonic() - started, 2), False
            self.pending += chunk
        self.pending = self.pending.split(b'done\n', 1)[1]
        return round(time.monotonic() - started, 2), False


_local = threading.local()


def workers(args):
    """This thread's pair of readers."""
    if not hasattr(_local, 'workers'):
        _local.workers = {
            'ours': Worker([args.node, os.path.join(HERE, 'read-ours.mjs'), '--serve', args.reader]),
            'openpyxl': Worker([args.python, os.path.join(HERE, 'read_openpyxl.py'), '--serve']),
        }
        with _all_lock:
            _all_workers.extend(_local.workers.values())
    return _local.workers


_all_lock = threading.Lock()
_all_workers = []


def diff_file(path, rel, args, scratch):
    entry = {'file': rel, 'bytes': os.path.getsize(path)}
    if entry['bytes'] > args.max_mb * 1024 * 1024:
        entry['status'] = 'skipped'
        entry['skipped'] = f'larger than {args.max_mb} MB'
        return entry
    base = os.path.join(scratch, f'{threading.get_ident()}')
    sides = {}
    for side, worker in workers(args).items():
        dump = f'{base}.{side}.jsonl'
        open(dump, 'w').close()
        seconds, timed_out = worker.dump(os.path.abspath(path), dump, args.timeout)
        entry[f'{side}_seconds'] = seconds
        if timed_out:
            sides[side] = {'refused': {'code': 'timeout', 'reason': f'not done in {args.timeout:g} s'}, 'sheets': [], 'workbook': {}}
        else:
            sides[side] = load(dump)
        if sides[side].get('stray_lines'):
            entry[f'{side}_stray_lines'] = sides[side]['stray_lines']
        os.remove(dump)
    ours, theirs = sides['ours'], sides['openpyxl']
    entry['ours_refused'] = ours['refused']
    entry['openpyxl_refused'] = theirs['refused']
    if ours['refused'] or theirs['refused']:
        entry['status'] = ('refused by both' if ours['refused'] and theirs['refused']
                           else 'refused by ours' if ours['refused'] else 'refused by openpyxl')
        return entry

    normalised = collections.Counter()
    disagreements = []
    kinds = collections.Counter()
    formats = {int(k): v for k, v in theirs['workbook'].get('formats', {}).items()}
    epoch = theirs['workbook'].get('epoch')
    epoch_ms = None
    if epoch:
        epoch_ms = (datetime.datetime.fromisoformat(epoch) - EPOCH_1970) / datetime.timedelta(milliseconds=1)

    def note(sheet, cell, kind, o, t, fmt=None):
        kinds[kind] += 1
        if len(disagreements) < LISTED_PER_FILE:
            item = {'sheet': sheet, 'cell': cell, 'kind': kind, 'ours': show(o), 'openpyxl': show(t)}
            if fmt is not None:
                item['number_format'] = fmt
            disagreements.append(item)

    our_sheets = dict(ours['sheets'])
    their_sheets = dict(theirs['sheets'])
    for name, cells in ours['sheets']:
        if name not in their_sheets:
            if cells:
                note(name, None, 'sheet only ours reads', f'{len(cells)} cells', None)
            else:
                normalised['empty sheet only one side lists'] += 1
    for name, cells in theirs['sheets']:
        if name not in our_sheets:
            if cells:
                note(name, None, 'sheet only openpyxl reads', None, f'{len(cells)} cells')
            else:
                normalised['empty sheet only one side lists'] += 1
    our_order = [n for n, c in ours['sheets'] if n in their_sheets]
    their_order = [n for n, c in theirs['sheets'] if n in our_sheets]
    if our_order != their_order:
        note(None, None, 'sheet order differs', ('s', ', '.join(our_order)), ('s', ', '.join(their_order)))

    compared = 0
    for name, cells in ours['sheets']:
        if name not in their_sheets:
            continue
        other = their_sheets[name]
        for key in sorted(set(cells) | set(other)):
            o, t = cells.get(key), other.get(key)
            compared += 1
            kind = compare_cell(o, t, epoch_ms, normalised)
            if kind and o is not None and not 1 <= key[0] <= MAX_ROW:
                kind = f'ours yields a row number outside 1..{MAX_ROW}'
            if kind:
                numeric = any(v and v[0] in ('n', 'd', 't', 'td') for v in (o, t))
                style = t[2] if t else None
                fmt = formats.get(style) if numeric and style is not None else None
                note(name, f'{column_letters(key[1])}{key[0]}', kind, o, t, fmt)
    entry['sheets'] = len(ours['sheets'])
    entry['cells_compared'] = compared
    entry['normalised'] = dict(normalised)
    entry['kinds'] = dict(kinds)
    entry['disagreements'] = disagreements
    entry['status'] = 'disagree' if kinds else 'agree'
    return entry


def find_workbooks(folder):
    found = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(('.xlsx', '.xlsm')):
                found.append(os.path.join(root, name))
    return found


def summarise(entries, args):
    status = collections.Counter(e['status'] for e in entries)
    kinds_cells = collections.Counter()
    kinds_files = collections.Counter()
    examples = {}
    normalised = collections.Counter()
    for e in entries:
        for kind, n in e.get('kinds', {}).items():
            kinds_cells[kind] += n
            kinds_files[kind] += 1
            if kind not in examples:
                d = next(d for d in e['disagreements'] if d['kind'] == kind)
                examples[kind] = {'file': e['file'], **d}
        normalised.update(e.get('normalised', {}))
    refusals = {'ours': collections.Counter(), 'openpyxl': collections.Counter()}
    for e in entries:
        for side in ('ours', 'openpyxl'):
            r = e.get(f'{side}_refused')
            if r and e['status'] in ('refused by ours', 'refused by openpyxl', 'refused by both'):
                refusals[side][r['code']] += 1
    read = [e for e in entries if e['status'] != 'skipped']
    return {
        'folder': args.dir,
        'files_found': len(entries),
        'files_read': len(read),
        'skipped_too_large': status['skipped'],
        'both_read_and_agree': status['agree'],
        'both_read_with_disagreements': status['disagree'],
        'refused_by_ours_only': status['refused by ours'],
        'refused_by_openpyxl_only': status['refused by openpyxl'],
        'refused_by_both': status['refused by both'],
        'harness_errors': status['harness error'],
        'refusals_by_code': {side: dict(c.most_common()) for side, c in refusals.items()},
        'cells_compared': sum(e.get('cells_compared', 0) for e in entries),
        'disagreements_by_kind': [
            {'kind': k, 'cells': n, 'files': kinds_files[k], 'example': examples[k]} for k, n in kinds_cells.most_common()
        ],
        'normalised': dict(normalised.most_common()),
    }


def write_text(entries, summary, stream, per_file=None):
    for e in entries:
        if e['status'] == 'disagree':
            total = sum(e['kinds'].values())
            print(f"\n{e['file']}: {total} disagreement(s)", file=stream)
            shown = e['disagreements'] if per_file is None else e['disagreements'][:per_file]
            for d in shown:
                where = f"{d['sheet']}!{d['cell']}" if d['cell'] else (d['sheet'] or '(workbook)')
                fmt = f"  [format {d['number_format']!r}]" if d.get('number_format') is not None else ''
                print(f"  {where}: {d['kind']}: ours {d['ours']} | openpyxl {d['openpyxl']}{fmt}", file=stream)
            if len(shown) < total:
                print(f'  … {total - len(shown)} more (see report.txt / report.json)', file=stream)
        elif e['status'] in ('skipped', 'harness error'):
            print(f"\n{e['file']}: {e['status']}: {e.get('skipped') or e.get('error')}", file=stream)
        elif e['status'].startswith('refused'):
            parts = []
            for side in ('ours', 'openpyxl'):
                r = e.get(f'{side}_refused')
                if r:
                    parts.append(f"{side}: [{r['code']}] {r['reason']}")
            print(f"\n{e['file']}: {e['status']}: " + ' / '.join(parts), file=stream)
    s = summary
    print('\n== Summary', file=stream)
    print(f"files found {s['files_found']}, read {s['files_read']} (skipped as too large: {s['skipped_too_large']})", file=stream)
    print(f"both read, agree: {s['both_read_and_agree']}", file=stream)
    print(f"both read, with disagreements: {s['both_read_with_disagreements']}", file=stream)
    print(f"refused by ours only: {s['refused_by_ours_only']}; by openpyxl only: {s['refused_by_openpyxl_only']}; by both: {s['refused_by_both']}", file=stream)
    for side, codes in s['refusals_by_code'].items():
        if codes:
            print(f"  {side} refused: " + ', '.join(f'{c} {n}' for c, n in codes.items()), file=stream)
    if s['harness_errors']:
        print(f"harness errors (a fault of this tool, see report.json): {s['harness_errors']}", file=stream)
    print(f"cells compared: {s['cells_compared']}", file=stream)
    print('disagreements by kind (cells / files):', file=stream)
    for k in s['disagreements_by_kind']:
        print(f"  {k['cells']:>8} / {k['files']:<4} {k['kind']}", file=stream)
    if s['normalised']:
        print('normalised (not disagreements): ' + ', '.join(f'{k} {n}' for k, n in s['normalised'].items()), file=stream)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('dir')
    parser.add_argument('--out', default='out/diff-readers')
    parser.add_argument('--timeout', type=float, default=60, help='seconds per file and reader')
    parser.add_argument('--max-mb', type=float, default=50)
    parser.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    parser.add_argument('--python', default=sys.executable)
    parser.add_argument('--node', default='node')
    parser.add_argument('--reader', default=os.path.join(HERE, '..', '..', 'dist', 'src', 'extract', 'xlsx', 'xlsx-extractor.js'),
                        help='the built xlsx-extractor.js to test (default: dist/ of this checkout)')
    parser.add_argument('--shown-per-file', type=int, default=20, help='disagreements printed per file (report.txt has all)')
    args = parser.parse_args()

    files = find_workbooks(args.dir)
    os.makedirs(args.out, exist_ok=True)
    entries = []
    with tempfile.TemporaryDirectory(prefix='diff-readers-') as scratch:
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            futures = {pool.submit(diff_file, f, os.path.relpath(f, args.dir), args, scratch): f for f in files}
            for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
                try:
                    entries.append(future.result())
                except Exception as error:  # noqa: BLE001 - a fault of this harness on one file is reported, not fatal
                    rel = os.path.relpath(futures[future], args.dir)
                    entries.append({'file': rel, 'status': 'harness error', 'error': repr(error)})
                if done % 100 == 0:
                    print(f'… {done}/{len(files)} files', file=sys.stderr)
        for worker in _all_workers:
            worker.stop()
    entries.sort(key=lambda e: e['file'])
    summary = summarise(entries, args)
    summary['reader'] = os.path.abspath(args.reader)
    with open(os.path.join(args.out, 'report.json'), 'w', encoding='utf-8', errors='backslashreplace') as out:
        json.dump({'summary': summary, 'files': entries}, out, ensure_ascii=False, indent=1)
    with open(os.path.join(args.out, 'report.txt'), 'w', encoding='utf-8', errors='backslashreplace') as out:
        write_text(entries, summary, out)
    write_text(entries, summary, sys.stdout, per_file=args.shown_per_file)
    print(f"\nreport: {os.path.join(args.out, 'report.json')} and report.txt", file=sys.stdout)


if __name__ == '__main__':
    main()
