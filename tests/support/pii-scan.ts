/**
 * Reads the personal data out of a folder of exports — every value under a phone or a name
 * header — so a test can look for it where it must not be.
 */
import { discoverFiles, extractorFor, isCandidateFile, sniffFormat } from '../../src/extract/index.js';
import { normaliseHeader } from '../../src/sources/headers.js';

const PHONE_HEADERS = new Set(['联系电话', '用户号码', '主叫号码', '来电号码'].map(normaliseHeader));
const NAME_HEADERS = new Set(['姓名', '员工姓名', '学员姓名', '志愿者'].map(normaliseHeader));

/** Phone numbers (as written, and as their digits) and person names found in the exports. */
export interface PersonalData {
  phones: Set<string>;
  phoneDigits: Set<string>;
  names: Set<string>;
}

/** The digits of a phone number as the pipeline normalises it: `+86 138 0013 8000` → `13800138000`. */
export function phoneDigits(text: string): string {
  return text.replace(/\D/g, '').replace(/^(86|0086)(?=1\d{10}$)/, '');
}

/** Collects the values of every phone and name column of every export below `dir`. */
export async function personalDataIn(dir: string): Promise<PersonalData> {
  const found: PersonalData = { phones: new Set(), phoneDigits: new Set(), names: new Set() };
  for (const file of (await discoverFiles(dir)).files) {
    if (!isCandidateFile(file.relPath)) continue;
    const format = await sniffFormat(file.path, file.relPath);
    for await (const sheet of extractorFor(format).sheets(file.path, file.relPath)) {
      let phoneColumns: number[] = [];
      let nameColumns: number[] = [];
      let rows = 0;
      for await (const row of sheet.rows) {
        const cells = row.cells.map((c) => (c === null || c === undefined ? '' : String(c).trim()));
        if (phoneColumns.length + nameColumns.length === 0 && rows++ < 20) {
          const headers = cells.map(normaliseHeader);
          phoneColumns = headers.flatMap((h, i) => (PHONE_HEADERS.has(h) ? [i] : []));
          nameColumns = headers.flatMap((h, i) => (NAME_HEADERS.has(h) ? [i] : []));
          continue;
        }
        for (const i of phoneColumns) {
          if (!/\d{7}/.test(cells[i]?.replace(/\D/g, '') ?? '')) continue;
          found.phones.add(cells[i]);
          found.phoneDigits.add(phoneDigits(cells[i]));
        }
        // A column 志愿者 may also hold a count of volunteers: a name has no digits.
        for (const i of nameColumns) if (cells[i] && !/\d/.test(cells[i])) found.names.add(cells[i]);
      }
    }
  }
  return found;
}

/** The personal data of `data` that occurs in `text`: phones as digit runs or as written, names as whole fields (or inside text from 3 characters). */
export function leaksIn(text: string, data: PersonalData): string[] {
  const runs = [...(text.match(/(?<![0-9a-fA-F])\d{7,}(?![0-9a-fA-F])/g) ?? []), ...(text.match(/(?<![0-9a-fA-F])\d[\d -]{5,}\d(?![0-9a-fA-F])/g) ?? [])];
  const digitRuns = new Set(runs.map(phoneDigits));
  const fields = new Set(text.split(/[\t\n\r,"]/).map((f) => f.trim()));
  return [
    ...[...data.phoneDigits].filter((p) => digitRuns.has(p)),
    ...[...data.phones].filter((p) => /\D/.test(p) && text.includes(p)),
    ...[...data.names].filter((n) => fields.has(n) || (n.length >= 3 && text.includes(n))),
  ];
}
