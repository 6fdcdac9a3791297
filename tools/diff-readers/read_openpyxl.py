"""Dumps a workbook as openpyxl reads it (read_only=True, data_only=True), one JSON object a line.

  python3 read_openpyxl.py WORKBOOK      the dump on stdout
  python3 read_openpyxl.py --serve       for each line `WORKBOOK<TAB>DUMP` on stdin, the dump written
                                         to DUMP, then `done` on stdout

The lines are the ones read-ours.mjs writes for our reader, so that diff_readers.py can compare them:
  {"workbook": {"epoch": "1899-12-30", "formats": {style index: number format}}}
  {"sheet": name}
  {"r": row, "c": [[column (0 = A), tag, value, style index], ...]}    cells that hold a value
  {"end": true}                                    the whole workbook was read
  {"refused": {"code": exception type, "reason": message}}
Tags: s string, n number, b boolean, e error, d date-time (ms since 1970, wall clock),
t time of day (ms since midnight), td duration (ms). Empty cells (None) are left out.
"""
import datetime
import hashlib
import json
import sys
import warnings

EPOCH_1970 = datetime.datetime(1970, 1, 1)
MS = datetime.timedelta(milliseconds=1)


# A string this long is dumped as its start, length and SHA-1 (read-ours.mjs does the same), so that a
# shared string repeated in many cells does not make a dump of gigabytes; digests are kept per string.
LONG = 4096
digests = {}


def utf16_length(text):
    """The length JavaScript gives a string."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def long(text):
    shown = digests.get(text)
    if shown is None:
        units = utf16_length(text)
        if units <= LONG:
            return text
        sha1 = hashlib.sha1(text.encode('utf-8', 'replace')).hexdigest()
        shown = f'{text[:80]}… ({units} characters, SHA-1 {sha1})'
        if len(digests) > 1000:
            digests.clear()
        digests[text] = shown
    return shown


def encode(cell):
    value = cell.value
    if value is None:
        return None
    if cell.data_type == 'e':
        return ['e', str(value)]
    if isinstance(value, bool):
        return ['b', value]
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (value != value or value in (float('inf'), float('-inf'))):
            return ['n', repr(value)]
        return ['n', value]
    if isinstance(value, str):
        return ['s', long(value) if len(value) > LONG // 2 else value]
    if isinstance(value, datetime.datetime):
        return ['d', (value.replace(tzinfo=None) - EPOCH_1970) / MS]
    if isinstance(value, datetime.date):
        return ['d', (datetime.datetime(value.year, value.month, value.day) - EPOCH_1970) / MS]
    if isinstance(value, datetime.time):
        return ['t', (value.hour * 3600 + value.minute * 60 + value.second) * 1000 + value.microsecond / 1000]
    if isinstance(value, datetime.timedelta):
        return ['td', value / MS]
    return ['s', str(value)]


def dump(path, out):
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
        formats = {}
        for idx, style in enumerate(getattr(wb, '_cell_styles', []) or []):
            fid = style.numFmtId
            if fid < BUILTIN_FORMATS_MAX_SIZE:
                code = BUILTIN_FORMATS.get(fid, f'builtin #{fid}')
            else:
                code = wb._number_formats[fid - BUILTIN_FORMATS_MAX_SIZE]
            formats[idx] = code
        out.write(json.dumps({'workbook': {'epoch': wb.epoch.date().isoformat(), 'formats': formats}}) + '\n')
        for ws in wb.worksheets:  # chart sheets are not in wb.worksheets
            out.write(json.dumps({'sheet': ws.title}, ensure_ascii=False) + '\n')
            # A <dimension> that is wrong would cut rows and columns off in read-only mode.
            ws.reset_dimensions()
            for row in ws.iter_rows(values_only=False):
                cells = []
                number = None
                for cell in row:
                    if not hasattr(cell, 'row'):  # EMPTY_CELL fills gaps
                        continue
                    number = cell.row
                    encoded = encode(cell)
                    if encoded is None:
                        continue
                    style = getattr(cell, '_style_id', 0) or 0
                    cells.append([cell.column - 1, *encoded, style])
                if cells:
                    out.write(json.dumps({'r': number, 'c': cells}, ensure_ascii=False) + '\n')
        wb.close()
        out.write('{"end": true}\n')
    except Exception as error:  # noqa: BLE001 - every refusal is reported, whatever its type
        out.write(json.dumps({'refused': {'code': type(error).__name__, 'reason': str(error)[:500]}}, ensure_ascii=False) + '\n')


if __name__ == '__main__':
    warnings.simplefilter('ignore')
    import openpyxl
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    # What a library prints goes to stderr, never into a dump or the protocol.
    stdout, sys.stdout = sys.stdout, sys.stderr
    if sys.argv[1] == '--serve':
        # For each line `WORKBOOK<TAB>DUMP` on stdin: the dump written to DUMP, then `done` on stdout.
        for line in sys.stdin:
            path, target = line.rstrip('\n').split('\t')
            with open(target, 'w', encoding='utf-8', newline='\n') as out:
                dump(path, out)
            stdout.write('done\n')
            stdout.flush()
    else:
        dump(sys.argv[1], stdout)
