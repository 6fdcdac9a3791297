/**
 * CSV files from every producer: Chinese (GB18030/GBK) and UTF-8 exports are read; text in
 * another encoding (Latin-1/cp1252, Greek, Cyrillic, Big5 …) fails the file with a message
 * naming the encoding it looks like, instead of loading it as Chinese mojibake (`Année` →
 * `Ann閑`). Files separated by `;` (Excel in European locales) are split on it, in one pass
 * and range by range in worker threads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { sources } from '../pipelines/index.js';
import { CsvExtractor, detectCsvLayout, detectDelimiter, encodingProblem, readCsvRows } from '../src/extract/csv/csv-extractor.js';
import { planCsvRanges } from '../src/extract/csv/split.js';
import { FileError } from '../src/extract/errors.js';
import type { RawRow } from '../src/extract/extractor.js';
import { loadCsvInParallel } from '../src/pipeline/parallel-csv.js';
import { findHeader, isHeaderMatch } from '../src/sources/headers.js';
import { removeSamples, writeSmallSamples } from './support/sample-run.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'etl-encodings-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: Buffer | string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

async function readAll(rows: AsyncIterable<RawRow>): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

async function readCsv(file: string): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  for await (const sheet of new CsvExtractor().sheets(file, path.basename(file))) rows.push(...(await readAll(sheet.rows)));
  return rows;
}

async function readError(file: string): Promise<FileError> {
  try {
    await readCsv(file);
  } catch (error) {
    if (error instanceof FileError) return error;
    throw error;
  }
  throw new Error(`${file} was read without error`);
}

const refused = (looksLike: string) => `is not in a Chinese (GB18030) or UTF-8 encoding: it looks like a ${looksLike} file; save it again as "CSV UTF-8"`;
const WESTERN = refused('Western European (Latin-1/cp1252)');

describe('text in another encoding than UTF-8 or GB18030', () => {
  it('refuses a Latin-1 French file, which GB18030 would read as Ann閑', async () => {
    const text = 'Nom,Prénom,Année,Montant,Commentaire\r\nDupont,François,2023,"1 234,50",à régler\r\nMartin,Hélène,2022,12,déjà payé\r\nLefèvre,Zoé,2021,3,Réglé en août\r\n';
    const bytes = iconv.encode(text, 'latin1');
    expect(iconv.decode(bytes, 'gb18030')).toContain('Ann閑');
    const error = await readError(write('clients_fr.csv', bytes));
    expect(error).toMatchObject({ file: 'clients_fr.csv', code: 'encoding', reason: WESTERN });
    expect(error.message).toBe(`clients_fr.csv: ${WESTERN}`);
  });

  it('refuses Latin-1 German and Spanish files', async () => {
    const german = 'Straße,Größe,Übersicht,Anmerkung\nHauptstraße 5,groß,Müller,für Ärger\nBahnhofstraße,klein,Schäfer,Öffnungszeiten\n';
    expect((await readError(write('de.csv', iconv.encode(german, 'latin1')))).reason).toBe(WESTERN);
    const spanish = 'Año,Señor,Dirección,Comentario\n2023,José Núñez,Calle Mayor,más información\n2022,Niño,Avenida,está aquí\n';
    expect((await readError(write('es.csv', iconv.encode(spanish, 'latin1')))).reason).toBe(WESTERN);
  });

  it('refuses a one-word Latin-1 file whose bytes are valid GB18030 (Année → Ann閑, Größe → Gr鲚e)', async () => {
    for (const [name, text] of [
      ['annee.csv', 'Name,Année\nx,1\n'],
      ['groesse.csv', 'Artikel,Größe\nHemd,XL\n'],
    ]) {
      const bytes = iconv.encode(text, 'latin1');
      expect(iconv.decode(bytes, 'gb18030')).not.toContain('\ufffd');
      expect((await readError(write(name, bytes))).reason).toBe(WESTERN);
    }
  });

  it('refuses a Windows-1252 file with € and curly quotes, also when it is separated by semicolons', async () => {
    const text = 'Désignation;Prix;Note\r\nCafé crème;"2,50 €";l’arôme\r\nThé;"1,80 €";“doux”\r\nŒuvre d’art;"1 200 €";—\r\n';
    const error = await readError(write('prix.csv', iconv.encode(text, 'win1252')));
    expect(error).toMatchObject({ code: 'encoding', reason: WESTERN });
  });

  it('refuses an ISO-8859-7 Greek file, lower or upper case', async () => {
    const GREEK = refused('Greek (ISO-8859-7/Windows-1253)');
    const text = 'Όνομα,Επώνυμο,Πόλη,Σχόλιο\nΓιώργος,Παπαδόπουλος,Αθήνα,καλή εξυπηρέτηση\nΜαρία,Νικολάου,Θεσσαλονίκη,όλα καλά\n';
    expect((await readError(write('el.csv', iconv.encode(text, 'iso88597')))).reason).toBe(GREEK);
    expect((await readError(write('el-caps.csv', iconv.encode('ΟΝΟΜΑ,ΠΟΛΗ\nΓΙΩΡΓΟΣ,ΑΘΗΝΑ\n', 'iso88597')))).reason).toBe(GREEK);
  });

  it('names Cyrillic and Traditional Chinese (Big5) files, and refuses text that reads as no encoding it knows', async () => {
    const russian = 'Имя,Фамилия,Город,Комментарий\nИван,Петров,Москва,всё хорошо\nМария,Иванова,Санкт-Петербург,очень довольна\n';
    expect((await readError(write('ru.csv', iconv.encode(russian, 'win1251')))).reason).toBe(refused('Cyrillic (Windows-1251)'));
    const big5 = '客戶編號,姓名,服務類型,處理時長\nC001,陳大文,寬頻維修,120\nC002,黃美玲,帳單查詢,45\nC003,張國強,網絡故障報告,300\n';
    expect((await readError(write('big5.csv', iconv.encode(big5, 'big5')))).reason).toBe(refused('Traditional Chinese (Big5)'));
    const japanese = '顧客番号,氏名,住所,備考\n1,山田太郎,東京都港区,特になし\n2,佐藤花子,大阪市北区,ありがとうございました\n';
    expect((await readError(write('sjis.csv', iconv.encode(japanese, 'shiftjis')))).reason).toBe(
      'is not in a Chinese (GB18030) or UTF-8 encoding: its text reads as neither; save it again as "CSV UTF-8"',
    );
  });

  it('refuses a GB18030 file with a Latin-1 line in its first 64 KiB, naming the line', async () => {
    const lines = ['工单编号,客户,备注', ...Array.from({ length: 30 }, (_, i) => `T${i},张三,网络差`)];
    const bytes = Buffer.concat([iconv.encode(`${lines.join('\r\n')}\r\n`, 'gb18030'), iconv.encode('T99,Hélène,réglé\r\n', 'latin1')]);
    const error = await readError(write('mixed-early.csv', bytes));
    expect(error.reason).toBe(
      'is not valid Chinese (GB18030) text on line 32, although the lines before it are (the file mixes text encodings or is damaged; that line looks like Western European (Latin-1/cp1252) text): export it again, or correct that line and save the file as "CSV UTF-8"',
    );
  });

  it('refuses a GB18030 file that goes on in Latin-1 after the first 64 KiB, as it is read', async () => {
    const lines = ['工单编号,客户,备注', ...Array.from({ length: 4_000 }, (_, i) => `T${i},张三,网络差`)];
    const head = iconv.encode(`${lines.join('\n')}\n`, 'gb18030');
    expect(head.length).toBeGreaterThan(65_536);
    const error = await readError(write('mixed-late.csv', Buffer.concat([head, iconv.encode('T9999,Zoé,réglé\n', 'latin1')])));
    expect(error).toMatchObject({ file: 'mixed-late.csv', code: 'encoding' });
    expect(error.reason).toBe(
      'is not valid Chinese (GB18030) text on line 4002, although the lines before it are (the file mixes text encodings or is damaged; that line looks like Western European (Latin-1/cp1252) text): export it again, or correct that line and save the file as "CSV UTF-8"',
    );
  });

  it('refuses a GB18030 file with a damaged byte, or a four-byte sequence outside GB18030, after the first 64 KiB', async () => {
    const lines = ['工单编号,客户,备注', ...Array.from({ length: 4_000 }, (_, i) => `T${i},张三,网络差`)];
    const head = iconv.encode(`${lines.join('\n')}\n`, 'gb18030');
    for (const bad of [Buffer.from([0xff]), Buffer.from([0xfe, 0x39, 0xfe, 0x39])]) {
      // iconv-lite reads the four bytes as two lone surrogates, without a word.
      const tail = Buffer.concat([iconv.encode('T9999,李', 'gb18030'), bad, iconv.encode('四,好\n', 'gb18030')]);
      const error = await readError(write('damaged.csv', Buffer.concat([head, tail])));
      expect(error.reason).toBe(
        'is not valid Chinese (GB18030) text on line 4002, although the lines before it are (the file mixes text encodings or is damaged): export it again, or correct that line and save the file as "CSV UTF-8"',
      );
    }
  });

  it('names what a UTF-8 file goes on in after the first 64 KiB', async () => {
    const head = Buffer.from(`id,note\n${Array.from({ length: 8_000 }, (_, i) => `T${i},ok`).join('\n')}\n`);
    expect(head.length).toBeGreaterThan(65_536);
    const latin1 = await readError(write('utf8-latin1.csv', Buffer.concat([head, iconv.encode('T9,déjà réglé\n', 'latin1')])));
    expect(latin1.reason).toBe(
      'is not valid UTF-8 from line 8002 on, although the lines before it are (the file mixes text encodings; that line looks like Western European (Latin-1/cp1252) text): open it in Excel and save it again as "CSV UTF-8"',
    );
    const gbk = await readError(write('utf8-gbk.csv', Buffer.concat([head, iconv.encode('T9,网络差\n', 'gbk')])));
    expect(gbk.reason).toBe(
      'is not valid UTF-8 from line 8002 on, although the lines before it are (the file mixes text encodings; that line looks like Chinese (GB18030) text): open it in Excel and save it again as "CSV UTF-8"',
    );
  });

  it('refuses a UTF-8 file with a Latin-1 line in its first 64 KiB as UTF-8, not as GB18030', async () => {
    const bytes = Buffer.concat([Buffer.from('Nom,Ville\nÉlodie,Orléans\nJérôme,Besançon\nLéa,Nîmes\nChloé,Genève\nZoé,Rhône\n'), iconv.encode('Hélène,Sète\n', 'latin1')]);
    expect((await readError(write('utf8-then-latin1.csv', bytes))).reason).toBe(
      'is not valid UTF-8 from line 7 on, although the lines before it are (the file mixes text encodings; that line looks like Western European (Latin-1/cp1252) text): open it in Excel and save it again as "CSV UTF-8"',
    );
  });
});

describe('text that is read', () => {
  it('reads GB18030 Chinese mixed with ASCII, full-width punctuation, rare names and a four-byte character', async () => {
    const text = [
      '2023年员工名单（导出）',
      '工号,姓名,部门,备注',
      'E001,王喆,客服部,VIP客户专线：A区3号楼',
      'E002,李堃,网络部,"负责5G基站，含""室分""系统"',
      'E003,𠮷野,财务部,€ 报销',
      'E004,Zhang Wei,综合部,',
      '',
    ].join('\r\n');
    const bytes = iconv.encode(text, 'gb18030');
    expect(encodingProblem(bytes, 'gb18030')).toBeNull();
    expect(await readCsv(write('名单.csv', bytes))).toEqual([
      { row: 1, cells: ['2023年员工名单（导出）'] },
      { row: 2, cells: ['工号', '姓名', '部门', '备注'] },
      { row: 3, cells: ['E001', '王喆', '客服部', 'VIP客户专线：A区3号楼'] },
      { row: 4, cells: ['E002', '李堃', '网络部', '负责5G基站，含"室分"系统'] },
      { row: 5, cells: ['E003', '𠮷野', '财务部', '€ 报销'] },
      { row: 6, cells: ['E004', 'Zhang Wei', '综合部', ''] },
    ]);
  });

  it('reads a GBK file whose only Chinese is a rare name (too little to tell, and no other encoding fits)', async () => {
    expect(await readCsv(write('rare.csv', iconv.encode('id,name\n1,喆\n', 'gbk')))).toEqual([
      { row: 1, cells: ['id', 'name'] },
      { row: 2, cells: ['1', '喆'] },
    ]);
  });

  it('reads UTF-8 with accents, with or without a BOM', async () => {
    const text = 'Nom,Prénom,Année\nDupont,François,2023\nMüller,Jürgen,2022\n';
    for (const bytes of [Buffer.from(text), Buffer.from(`\ufeff${text}`)]) {
      expect(await readCsv(write('utf8-accents.csv', bytes))).toEqual([
        { row: 1, cells: ['Nom', 'Prénom', 'Année'] },
        { row: 2, cells: ['Dupont', 'François', '2023'] },
        { row: 3, cells: ['Müller', 'Jürgen', '2022'] },
      ]);
    }
  });

  it('reads every CSV of the sample exports (several are GB18030) as before', async () => {
    const input = await writeSmallSamples();
    try {
      const files = (fs.readdirSync(input, { recursive: true }) as string[]).filter((f) => f.endsWith('.csv')).sort();
      const layouts: Record<string, string> = {};
      for (const file of files) {
        const { encoding, delimiter } = await detectCsvLayout(path.join(input, file), file);
        layouts[file] = `${encoding} ${JSON.stringify(delimiter)}`;
        expect((await readCsv(path.join(input, file))).length).toBeGreaterThan(1);
      }
      expect(files.length).toBe(9);
      expect(Object.values(layouts).filter((l) => l.startsWith('gb18030')).length).toBe(5);
    } finally {
      removeSamples(input);
    }
  });
});

describe('semicolon-separated files', () => {
  it('splits a UTF-8 file on ; keeping a quoted ; and decimal commas inside their fields', async () => {
    const text = 'Client;Montant;Commentaire\r\nDupont;1,5;"payé; reste 2,5"\r\nMartin;12,75;"dit ""ok"""\r\n';
    expect(await readCsv(write('semi.csv', `\ufeff${text}`))).toEqual([
      { row: 1, cells: ['Client', 'Montant', 'Commentaire'] },
      { row: 2, cells: ['Dupont', '1,5', 'payé; reste 2,5'] },
      { row: 3, cells: ['Martin', '12,75', 'dit "ok"'] },
    ]);
  });

  it('splits a GB18030 file on ; below title rows', async () => {
    const text = '2023年工单明细;;;\r\n导出时间：2024-01-05;;;\r\n工单编号;省份;金额;备注\r\nT001;广东省;1,5;"网络差; 已回访"\r\nT002;北京;2;\r\n';
    const file = write('工单_分号.csv', iconv.encode(text, 'gb18030'));
    expect(await detectCsvLayout(file)).toEqual({ encoding: 'gb18030', delimiter: ';' });
    expect(await readCsv(file)).toEqual([
      { row: 1, cells: ['2023年工单明细', '', '', ''] },
      { row: 2, cells: ['导出时间：2024-01-05', '', '', ''] },
      { row: 3, cells: ['工单编号', '省份', '金额', '备注'] },
      { row: 4, cells: ['T001', '广东省', '1,5', '网络差; 已回访'] },
      { row: 5, cells: ['T002', '北京', '2', ''] },
    ]);
  });

  it('is read range by range, and by worker threads, on ; as in one pass', async () => {
    const header = '话单编号;接入号;呼入时间;转人工;排队时长(秒);呼叫结果;通话时长(秒);接听中心;主叫号码';
    const rows = Array.from({ length: 3_000 }, (_, i) => `C${String(i).padStart(6, '0')};10005;2023-03-1${i % 10} 08:00:00;是;${i % 60};人工接通;${i % 500};"北京;中心";138${String(i).padStart(8, '0')}`);
    const file = write('话务明细_分号.csv', iconv.encode(`${[header, ...rows].join('\r\n')}\r\n`, 'gb18030'));
    const layout = await detectCsvLayout(file);
    expect(layout).toEqual({ encoding: 'gb18030', delimiter: ';' });
    const whole = await readAll(readCsvRows({ path: file, relPath: 'x', layout }));
    expect(whole[1].cells).toEqual(['C000000', '10005', '2023-03-10 08:00:00', '是', '0', '人工接通', '0', '北京;中心', '13800000000']);
    const ranges = await planCsvRanges(file, fs.statSync(file).size, 3);
    expect(ranges.length).toBe(3);
    const pieces: RawRow[] = [];
    for (const range of ranges) pieces.push(...(await readAll(readCsvRows({ path: file, relPath: 'x', layout, range }))));
    expect(pieces).toEqual(whole);

    const source = sources.find((s) => s.id === 'call_records')!;
    const match = findHeader(source, whole.slice(0, 5));
    if (!isHeaderMatch(match)) throw new Error('header not found');
    let copied = 0;
    const copy = async (_t: string, _c: readonly string[], chunks: AsyncIterable<string>) => {
      for await (const chunk of chunks) copied += chunk.split('\n').length - 1;
      return copied;
    };
    const twoRanges = await planCsvRanges(file, fs.statSync(file).size, 2);
    const result = await loadCsvInParallel({ copy, source, file: { path: file, relPath: '话务明细_分号.csv', fileId: 1 }, layout, match, ranges: twoRanges }, { workers: 2, minBytes: 0, piiKey: 'k-0123456789abcdef0123456789abcdef' });
    expect(result).toMatchObject({ read: 3_000, loaded: 3_000, rejected: 0 });
    expect(copied).toBe(3_000);
  });
});

describe('detectDelimiter', () => {
  it('picks ; when the header and the rows agree on it, whatever decimal commas the rows hold', () => {
    expect(detectDelimiter('Nom;Montant;Taux\nA;1,5;2,5\nB;3,25;4,75\n')).toBe(';');
    expect(detectDelimiter('Nom;Montant\nA;1,5\nB;3,2\n')).toBe(';');
  });

  it('keeps , when ; only occurs in text, and tab files as they were', () => {
    expect(detectDelimiter('id,note\n1,"a;b"\n2,c; d\n3,e\n')).toBe(',');
    expect(detectDelimiter('工单\t金额\t备注\nT1\t1,234\t好;很好\nT2\t5\t\n')).toBe('\t');
    expect(detectDelimiter('a,b,c\n"x\ty;z",2,3\n')).toBe(',');
  });

  it('finds ; below title rows of one field and ragged rows', () => {
    expect(detectDelimiter('2023年明细\n\n编号;名称;金额\n1;a;2\n2;b\n3;c;4\n')).toBe(';');
  });
});
