/**
 * Victims keep their network's slot in 16 bits, so a run never holds more than
 * MAX_NETWORKS slots: the table says when it is full, and a freed slot makes room.
 */
import { describe, expect, it } from 'vitest';
import { MAX_NETWORKS, NetworkTable } from '../../engine/model/networks.ts';
import { VICTIM_COLUMNS } from '../../engine/model/state.ts';

describe('network slots', () => {
  it('MAX_NETWORKS slots fit the victims’ network column', () => {
    const column = new VICTIM_COLUMNS.net(1);
    column[0] = MAX_NETWORKS - 1;
    expect(column[0]).toBe(MAX_NETWORKS - 1);
  });

  it('the table is full at MAX_NETWORKS slots, and not once one is freed', () => {
    const t = new NetworkTable(2, 64);
    for (let i = 0; i < MAX_NETWORKS; i++) {
      expect(t.full).toBe(false);
      t.add(0.1);
    }
    expect(t.full).toBe(true);
    t.end(123, -1);
    expect(t.full).toBe(true); // waiting to be freed at the next commit
    t.releaseDying();
    expect(t.full).toBe(false);
    expect(t.add(0.1)).toBe(123);
    expect(t.full).toBe(true);
  });
});
