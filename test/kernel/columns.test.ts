import { describe, expect, it } from 'vitest';
import { ColumnTable } from '../../engine/kernel/columns.ts';

const SPEC = { id: Uint32Array, x: Float64Array, flag: Uint8Array } as const;

function fill(t: ColumnTable<typeof SPEC>, n: number) {
  for (let k = 0; k < n; k++) {
    const i = t.add();
    t.cols.id[i] = k + 1;
    t.cols.x[i] = (k + 1) * 0.5;
    t.cols.flag[i] = k % 2;
  }
}
const ids = (t: ColumnTable<typeof SPEC>) => Array.from(t.cols.id.subarray(0, t.count));

describe('ColumnTable', () => {
  it('add appends zeroed rows at the end', () => {
    const t = new ColumnTable(SPEC, 4);
    fill(t, 3);
    expect(t.count).toBe(3);
    expect(ids(t)).toEqual([1, 2, 3]);
    // A removed row's old values must not leak into the next added row.
    t.remove(2);
    const i = t.add();
    expect(i).toBe(2);
    expect([t.cols.id[i], t.cols.x[i], t.cols.flag[i]]).toEqual([0, 0, 0]);
  });

  it('remove moves the last row into the hole, in every column', () => {
    const t = new ColumnTable(SPEC, 8);
    fill(t, 5);
    t.remove(1);
    expect(t.count).toBe(4);
    expect(ids(t)).toEqual([1, 5, 3, 4]);
    expect(t.cols.x[1]).toBe(2.5);
    expect(t.cols.flag[1]).toBe(0);
    t.remove(3); // the last row: nothing moves
    expect(ids(t)).toEqual([1, 5, 3]);
    t.remove(0);
    expect(ids(t)).toEqual([3, 5]);
    expect(Array.from(t.cols.x.subarray(0, 2))).toEqual([1.5, 2.5]);
  });

  it('grows by doubling and keeps every row', () => {
    const t = new ColumnTable(SPEC, 2);
    const before = t.cols.id;
    fill(t, 37);
    expect(t.capacity).toBe(64);
    expect(t.cols.id).not.toBe(before);
    expect(t.cols.id.length).toBe(64);
    expect(ids(t)).toEqual(Array.from({ length: 37 }, (_, k) => k + 1));
    expect(Array.from(t.cols.x.subarray(0, 37))).toEqual(Array.from({ length: 37 }, (_, k) => (k + 1) * 0.5));
    expect(Array.from(t.cols.flag.subarray(0, 37))).toEqual(Array.from({ length: 37 }, (_, k) => k % 2));
  });

  it('has room for at least one row', () => {
    const t = new ColumnTable(SPEC, 0);
    expect(t.capacity).toBe(1);
    fill(t, 3);
    expect(ids(t)).toEqual([1, 2, 3]);
  });

  it('bytesPerRow is the sum of the column element sizes', () => {
    expect(new ColumnTable(SPEC, 1).bytesPerRow).toBe(4 + 8 + 1);
    expect(new ColumnTable({ a: Int16Array, b: Float32Array }, 1).bytesPerRow).toBe(6);
    expect(new ColumnTable({ a: Uint8Array, b: Uint8Array, c: Uint16Array }, 1).bytesPerRow).toBe(4);
  });
});
