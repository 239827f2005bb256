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

  constructor(readonly spec: S, capacity: number) {
    this.capacity = Math.max(1, capacity);
    this.names = Object.keys(spec) as (keyof S)[];
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
    for (const name of this.names) (this.cols[name] as InstanceType<ColumnCtor>)[i] = 0;
    return i;
  }

  /** Removes row i by moving the last row into it. */
  remove(i: number): void {
    const last = --this.count;
    if (i !== last) for (const name of this.names) {
      const c = this.cols[name] as InstanceType<ColumnCtor>;
      c[i] = c[last];
    }
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
