/**
 * A table of agents stored as typed-array columns (structure of arrays).
 *
 * Live rows are packed in [0, count): iteration is a tight loop over typed arrays,
 * and removal moves the last row into the hole (so row indices are not stable
 * identities; code that needs one keeps an id column). Room grows by doubling,
 * which is rare and amortised: adding or removing a row allocates nothing.
 * Hot code reads `table.cols.x` once per phase, not once per agent, and must do so
 * again after `add`, which may grow (replace) the arrays.
 */

export type ColumnCtor =
  | Uint8ArrayConstructor
  | Int8ArrayConstructor
  | Uint16ArrayConstructor
  | Int16ArrayConstructor
  | Uint32ArrayConstructor
  | Int32ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

export type ColumnSpec = Record<string, ColumnCtor>;
export type Columns<S extends ColumnSpec> = { [K in keyof S]: InstanceType<S[K]> };

export class ColumnTable<S extends ColumnSpec> {
  count = 0;
  capacity: number;
  cols: Columns<S>;
  private readonly names: (keyof S)[];
  /**
   * Row operations compiled once per table from the column names, so that each
   * column access is its own (monomorphic) site: a loop over columns of several
   * typed-array kinds is megamorphic and was the slowest part of the step loop.
   */
  private readonly zeroRow: (cols: Columns<S>, i: number) => void;
  private readonly moveRow: (cols: Columns<S>, to: number, from: number) => void;

  constructor(
    readonly spec: S,
    capacity: number,
  ) {
    this.capacity = Math.max(1, capacity);
    this.names = Object.keys(spec) as (keyof S)[];
    for (const name of this.names)
      if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(String(name))) throw new Error(`column name ${String(name)} is not an identifier`);
    const access = this.names.map((n) => `c.${String(n)}`);
    this.zeroRow = new Function('c', 'i', access.map((c) => `${c}[i] = 0;`).join('\n')) as typeof this.zeroRow;
    this.moveRow = new Function('c', 'to', 'from', access.map((c) => `${c}[to] = ${c}[from];`).join('\n')) as typeof this.moveRow;
    const cols = {} as Columns<S>;
    for (const name of this.names) cols[name] = new spec[name](this.capacity) as InstanceType<S[keyof S]>;
    this.cols = cols;
  }

  /** Bytes of state per agent: the sum of the columns' element sizes. */
  get bytesPerRow(): number {
    let b = 0;
    for (const name of this.names) b += this.spec[name].BYTES_PER_ELEMENT;
    return b;
  }

  /** Appends a zeroed row and returns its index; grows the columns when full. */
  add(): number {
    if (this.count === this.capacity) this.grow(this.capacity * 2);
    const i = this.count++;
    this.zeroRow(this.cols, i);
    return i;
  }

  /** Removes row i by moving the last row into it. */
  remove(i: number): void {
    const last = --this.count;
    if (i !== last) this.moveRow(this.cols, i, last);
  }

  private grow(capacity: number): void {
    for (const name of this.names) {
      const next = new this.spec[name](capacity) as InstanceType<ColumnCtor>;
      next.set(this.cols[name] as InstanceType<ColumnCtor> as never);
      this.cols[name] = next as InstanceType<S[keyof S]>;
    }
    this.capacity = capacity;
  }
}
