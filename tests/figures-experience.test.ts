import { describe, expect, it } from 'vitest';
import { figure } from './support/figures.js';
import { experienceTask as task, experiencer } from './support/rows.js';
import { useWarehouse } from './support/shared-warehouse.js';
import { insertRows, WAREHOUSE_KINDS } from './support/warehouses.js';

describe.each(WAREHOUSE_KINDS)('UE189 experience figures on %s', (kind) => {
  const wh = useWarehouse(kind, { clear: ['experience_tasks', 'experiencers'] });

  it('experience.tasks and experience.samples count the tasks launched in the year and add their samples', async () => {
    await insertRows(wh(), 'experience_tasks', [
      task('2023-01-01', { samples: 1000 }),
      task('2023-06-01', { samples: 0 }),
      task('2023-12-31', { samples: 500 }),
      task('2022-12-31', { samples: 9999 }),
      task('2024-01-01', { samples: 9999 }),
    ]);
    expect((await figure(wh(), 'experience.tasks')).value).toBe(3);
    expect((await figure(wh(), 'experience.samples')).value).toBe(1500);
  });

  it('experience.tasks and experience.samples are 0 over a year without tasks', async () => {
    await insertRows(wh(), 'experience_tasks', [task('2022-06-01'), task('2024-06-01')]);
    for (const id of ['experience.tasks', 'experience.samples']) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBe(0);
      expect(f.reason, id).toBeNull();
    }
  });

  it('experience.new_experiencers counts those who joined in the year, even if they left again', async () => {
    await insertRows(wh(), 'experiencers', [
      experiencer('2023-01-01'),
      experiencer('2023-06-01', { left: '2023-08-01' }),
      experiencer('2023-12-31', { province: '广东' }),
      experiencer('2022-12-31'),
      experiencer('2024-01-01'),
    ]);
    expect((await figure(wh(), 'experience.new_experiencers')).value).toBe(3);
  });

  it('experience.active_experiencers counts those joined by Y-12-31 and not left on or before it', async () => {
    await insertRows(wh(), 'experiencers', [
      experiencer('2020-01-01'),
      experiencer('2023-12-31'), // joined on the last day
      experiencer('2022-05-01', { left: '2024-01-01' }), // left the day after
      experiencer('2022-05-01', { left: '2023-12-31' }), // left on the last day: not active
      experiencer('2023-06-01', { left: '2023-08-01' }),
      experiencer('2024-01-01'),
    ]);
    expect((await figure(wh(), 'experience.active_experiencers')).value).toBe(3);
    expect((await figure(wh(), 'experience.active_experiencers', 2022)).value).toBe(3); // 2020-01-01 and both joined 2022-05-01
  });

  it('the experiencer counts are 0 without experiencers', async () => {
    await insertRows(wh(), 'experiencers', [experiencer('2024-03-01')]);
    for (const id of ['experience.new_experiencers', 'experience.active_experiencers']) {
      const f = await figure(wh(), id);
      expect(f.value, id).toBe(0);
      expect(f.reason, id).toBeNull();
    }
  });
});
