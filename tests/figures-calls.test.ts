import { describe, expect, it } from 'vitest';
import { figure } from './support/figures.js';
import { callRecord as call, selfServiceDay as day } from './support/rows.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { insertRows, WAREHOUSE_KINDS } from './support/warehouses.js';

const answered = (hotline: string, start_time: string) => call({ hotline, start_time, outcome: '人工接通' });

describe.each(WAREHOUSE_KINDS)('call and self-service figures on %s', (kind) => {
  const wh = useWarehouse(kind, { clear: ['call_records', 'self_service_daily'] });

  it('calls.answer_15s_rate is queued 10000 calls of the year answered by an agent within 15 seconds / all queued ones', async () => {
    await insertRows(wh(), 'call_records', [
      call({ start_time: '2023-01-01 00:00:00', wait_seconds: 0 }),
      call({ wait_seconds: 15 }), // exactly 15 seconds: in time
      call({ wait_seconds: 16 }),
      call({ outcome: '放弃', wait_seconds: 5 }), // abandoned quickly: queued, not answered
      call({ start_time: '2023-12-31 23:59:59', outcome: '溢出', wait_seconds: 30 }),
      call({ queued: false, outcome: 'IVR自助', wait_seconds: null }), // never queued: out
      call({ start_time: '2022-12-31 23:59:59' }),
      call({ start_time: '2024-01-01 00:00:00' }),
      call({ hotline: '10005' }),
    ]);
    const f = await figure(wh(), 'calls.answer_15s_rate');
    expect(f.numerator).toBe(2);
    expect(f.denominator).toBe(5);
    expect(f.value).toBeCloseTo(40, 10);
  });

  it('calls.answer_15s_rate is not computable when no 10000 call of the year was queued', async () => {
    await insertRows(wh(), 'call_records', [call({ queued: false, outcome: 'IVR自助', wait_seconds: null }), call({ hotline: '10005' }), call({ start_time: '2022-06-01 10:00:00' })]);
    const f = await figure(wh(), 'calls.answer_15s_rate');
    expect(f.value).toBeNull();
    expect(f.numerator).toBe(0);
    expect(f.denominator).toBe(0);
    expect(f.reason).toMatch(/denominator is 0/);
  });

  it('calls.manual_q1_growth compares answered 10000 calls of Q1 (01-01 to 03-31) of Y and of Y−1', async () => {
    await insertRows(wh(), 'call_records', [
      answered('10000', '2023-01-01 00:00:00'),
      answered('10000', '2023-02-15 10:00:00'),
      answered('10000', '2023-03-31 23:59:59'),
      answered('10000', '2023-04-01 00:00:00'), // Q2
      answered('10000', '2022-01-01 00:00:00'),
      answered('10000', '2022-03-31 23:59:59'),
      answered('10000', '2022-04-01 00:00:00'), // Q2 of Y−1
      answered('10000', '2022-12-31 23:59:59'), // Q4 of Y−1
      answered('10005', '2023-02-01 10:00:00'), // other hotline
      call({ start_time: '2023-02-01 10:00:00', outcome: '放弃' }),
      call({ start_time: '2022-02-01 10:00:00', outcome: 'IVR自助', queued: false, wait_seconds: null }),
    ]);
    const f = await figure(wh(), 'calls.manual_q1_growth');
    expect(f.numerator).toBe(3);
    expect(f.denominator).toBe(2);
    expect(f.value).toBeCloseTo(50, 10);

    const next = await figure(wh(), 'calls.manual_q1_growth', 2024); // no Q1 call in 2024: −100 %
    expect(next.numerator).toBe(0);
    expect(next.denominator).toBe(3);
    expect(next.value).toBeCloseTo(-100, 10);
  });

  it('calls.manual_q1_growth is not computable without answered calls in Q1 of Y−1', async () => {
    await insertRows(wh(), 'call_records', [answered('10000', '2023-01-05 10:00:00'), answered('10000', '2022-04-01 00:00:00'), answered('10005', '2022-01-05 10:00:00')]);
    const f = await figure(wh(), 'calls.manual_q1_growth');
    expect(f.value).toBeNull();
    expect(f.numerator).toBe(1);
    expect(f.denominator).toBe(0);
    expect(f.reason).toMatch(/denominator is 0/);
  });

  it('calls.hotline_10005_manual_cut is 1 − answered 10005 calls of Y / those of Y−1, over whole years', async () => {
    await insertRows(wh(), 'call_records', [
      answered('10005', '2022-01-01 00:00:00'),
      answered('10005', '2022-05-01 10:00:00'),
      answered('10005', '2022-09-01 10:00:00'),
      answered('10005', '2022-12-31 23:59:59'),
      answered('10005', '2023-01-01 00:00:00'),
      answered('10005', '2023-07-01 10:00:00'),
      answered('10005', '2023-12-31 23:59:59'),
      answered('10005', '2021-12-31 23:59:59'),
      answered('10005', '2024-01-01 00:00:00'),
      answered('10000', '2023-07-01 10:00:00'), // other hotline
      call({ hotline: '10005', start_time: '2023-07-01 10:00:00', outcome: '放弃' }),
      call({ hotline: '10005', start_time: '2022-07-01 10:00:00', outcome: '溢出' }),
    ]);
    const f = await figure(wh(), 'calls.hotline_10005_manual_cut');
    expect(f.numerator).toBe(3);
    expect(f.denominator).toBe(4);
    expect(f.value).toBeCloseTo(25, 10);
  });

  it('calls.hotline_10005_manual_cut is not computable without answered 10005 calls in Y−1', async () => {
    await insertRows(wh(), 'call_records', [answered('10005', '2023-03-01 10:00:00'), answered('10000', '2022-03-01 10:00:00')]);
    const f = await figure(wh(), 'calls.hotline_10005_manual_cut');
    expect(f.value).toBeNull();
    expect(f.numerator).toBe(1);
    expect(f.denominator).toBe(0);
    expect(f.reason).toMatch(/denominator is 0/);
  });

  it('the self-service volumes add the volume of their own service over the days of the year', async () => {
    await insertRows(wh(), 'self_service_daily', [
      day('互联网自助服务', '2023-01-01', { volume: 1000 }),
      day('互联网自助服务', '2023-06-01', { volume: 300, manual_calls: 50 }),
      day('互联网自助服务', '2023-12-31', { volume: 2000 }),
      day('互联网自助服务', '2022-12-31', { volume: 50000 }),
      day('互联网自助服务', '2024-01-01', { volume: 50000 }),
      day('国漫智能服务专区', '2023-03-01', { volume: 70 }),
      day('国漫智能服务专区', '2023-03-02', { volume: 30 }),
      day('国漫知识库', '2023-12-31', { volume: 9 }),
      day('国漫知识库', '2024-01-01', { volume: 9000 }),
    ]);
    expect((await figure(wh(), 'selfservice.internet_volume')).value).toBe(3300);
    expect((await figure(wh(), 'selfservice.roaming_queries')).value).toBe(100);
    expect((await figure(wh(), 'selfservice.kb_logins')).value).toBe(9);
  });

  it('selfservice.diversion_rate is volume / (volume + manual calls) of 互联网自助服务 days in the year', async () => {
    await insertRows(wh(), 'self_service_daily', [
      day('互联网自助服务', '2023-01-01', { volume: 600, manual_calls: 400 }),
      day('互联网自助服务', '2023-06-01', { volume: 200, manual_calls: 0 }),
      day('互联网自助服务', '2023-12-31', { volume: 200, manual_calls: 600 }),
      day('互联网自助服务', '2022-12-31', { volume: 1000, manual_calls: null }),
      day('互联网自助服务', '2024-01-01', { volume: 1000, manual_calls: 0 }),
      day('国漫知识库', '2023-06-01', { volume: 5, manual_calls: 1000 }),
    ]);
    const f = await figure(wh(), 'selfservice.diversion_rate');
    // 600 + 200 + 200 = 1000 self-served; 1000 + 400 + 0 + 600 = 2000.
    expect(f.numerator).toBe(1000);
    expect(f.denominator).toBe(2000);
    expect(f.value).toBeCloseTo(50, 10);
  });

  it('selfservice.diversion_rate is not computable when a day of the year has no manual calls: an empty cell is never read as 0', async () => {
    await insertRows(wh(), 'self_service_daily', [
      day('互联网自助服务', '2023-01-01', { volume: 600, manual_calls: 400 }),
      day('互联网自助服务', '2023-06-01', { volume: 200, manual_calls: null }),
      day('互联网自助服务', '2023-12-31', { volume: 200, manual_calls: null }),
    ]);
    const f = await figure(wh(), 'selfservice.diversion_rate');
    expect(f.value).toBeNull();
    expect(f.reason).toBe('2 of the 3 days of 互联网自助服务 in 2023 have no 人工话务量 (manual_calls), e.g. 2023-06-01: the share of manual calls diverted needs them all');
  });

  it('selfservice.diversion_rate is not computable, not 100 %, when every manual-call cell of the year is empty', async () => {
    await insertRows(wh(), 'self_service_daily', [
      day('互联网自助服务', '2023-01-01', { volume: 600, manual_calls: null }),
      day('互联网自助服务', '2023-02-01', { volume: 400, manual_calls: null }),
    ]);
    const f = await figure(wh(), 'selfservice.diversion_rate');
    expect(f.value).toBeNull();
    expect(f.reason).toMatch(/^2 of the 2 days of 互联网自助服务 in 2023 have no 人工话务量/);
  });

  it('the self-service figures are not computable, not 0, over a year without any day of their service', async () => {
    await insertRows(wh(), 'self_service_daily', [day('互联网自助服务', '2022-12-31'), day('国漫知识库', '2024-01-01')]);
    for (const id of ['selfservice.internet_volume', 'selfservice.roaming_queries', 'selfservice.kb_logins', 'selfservice.diversion_rate']) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBeNull();
      expect(f.reason, id).toBe('no rows to compute it from for this year');
    }
  });
});
