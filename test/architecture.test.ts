/**
 * The floors of docs/ARCHITECTURE.md hold: no file imports a floor above its own,
 * every source file is on a floor, and no runtime import loop exists (a file that
 * needs, when loaded, a file that needs it back). Type-only references may loop
 * (the model's State names the tables whose functions take a State), but only
 * within one floor.
 */
import { describe, expect, it } from 'vitest';
import { FLOORS, cycles, floorOf, importEdges, sourceFiles, upwardImports, type Edge } from './import-graph.ts';

const files = sourceFiles(['engine', 'bin']);
const edges = importEdges(files);

describe('the floors', () => {
  it('reads the imports it must judge (a sanity check of the reader)', () => {
    expect(files.length).toBeGreaterThan(100);
    const has = (from: string, to: string, typeOnly: boolean) =>
      edges.some((e) => e.from === from && e.to === to && e.typeOnly === typeOnly);
    expect(has('engine/model/step.ts', 'engine/model/state.ts', false)).toBe(true);
    expect(has('engine/model/networks.ts', 'engine/model/state.ts', true)).toBe(true);
    // A dynamic import counts as a runtime import.
    expect(has('engine/cli/commands/run.ts', 'engine/apps/calibration/posterior.ts', false)).toBe(true);
  });

  it('every source file is on a floor', () => {
    expect(files.filter((f) => floorOf(f) < 0)).toEqual([]);
  });

  it('no file imports a floor above its own', () => {
    expect(upwardImports(edges)).toEqual([]);
  });

  it('catches an upward import and a file on no floor', () => {
    const bad: Edge[] = [
      { from: 'engine/kernel/scenario/schema.ts', to: 'engine/model/world.ts', typeOnly: true },
      { from: 'engine/model/step.ts', to: 'test/model/helpers.ts', typeOnly: false },
    ];
    expect(upwardImports(bad)).toEqual([
      'engine/kernel/scenario/schema.ts (kernel) imports engine/model/world.ts (model)',
      'engine/model/step.ts imports test/model/helpers.ts, which is on no floor',
    ]);
  });

  it('lists the floors bottom to top, each folder once', () => {
    const folders = FLOORS.flatMap((f) => f.folders);
    expect(new Set(folders).size).toBe(folders.length);
    expect(FLOORS.map((f) => f.name).slice(1, 4)).toEqual(['kernel', 'model', 'runner']);
  });
});

describe('import loops', () => {
  it('no runtime import loop', () => {
    expect(cycles(edges.filter((e) => !e.typeOnly))).toEqual([]);
  });

  it('type-only loops stay within one floor', () => {
    for (const loop of cycles(edges)) expect(new Set(loop.map(floorOf)).size, loop.join(' ')).toBe(1);
  });

  it('finds a loop of three files and a file importing itself', () => {
    const e = (from: string, to: string): Edge => ({ from, to, typeOnly: false });
    expect(cycles([e('a', 'b'), e('b', 'c'), e('c', 'a'), e('c', 'd'), e('x', 'x')])).toEqual(
      [
        ['a', 'b', 'c'],
        ['x', 'x'],
      ].map((l) => [...new Set(l)]),
    );
  });
});
