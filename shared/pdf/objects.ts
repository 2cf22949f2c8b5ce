/**
 * PDF object model (ISO 32000-1 §7.3), small and immutable where it can be. Names are
 * interned so that `===` compares them; streams keep only where their data is, so that a
 * reader never loads stream data it does not need.
 */

export class PdfName {
  private static readonly interned = new Map<string, PdfName>();
  private constructor(readonly value: string) {}
  static of(value: string): PdfName {
    let name = PdfName.interned.get(value);
    if (!name) {
      name = new PdfName(value);
      PdfName.interned.set(value, name);
    }
    return name;
  }
}

export class PdfRef {
  constructor(
    readonly objectNumber: number,
    readonly generation: number,
  ) {}
  get key(): string {
    return `${this.objectNumber} ${this.generation}`;
  }
}

/** A string object: bytes, and whether the file wrote it as `<hex>` or `(literal)`. */
export class PdfString {
  constructor(
    readonly bytes: Uint8Array,
    readonly form: "literal" | "hex" = "literal",
  ) {}
}

export class PdfDict {
  readonly entries: Map<string, PdfValue>;
  constructor(entries?: Iterable<[string, PdfValue]>) {
    this.entries = new Map(entries);
  }
  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }
  /** A shallow copy with some entries replaced (undefined removes the key). */
  with(changes: Record<string, PdfValue | undefined>): PdfDict {
    const copy = new PdfDict(this.entries);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) copy.entries.delete(key);
      else copy.entries.set(key, value);
    }
    return copy;
  }
}

/** A stream as found in a file: its dictionary and where its raw (encoded) data lies. */
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly dataOffset: number,
    readonly dataLength: number,
  ) {}
}

/** A stream built in memory (new objects of an incremental update). */
export class PdfNewStream {
  constructor(
    readonly dict: PdfDict,
    readonly data: Uint8Array,
  ) {}
}

/** Real numbers are written as given: a raw token keeps e.g. `0.000001` exact. */
export class PdfReal {
  constructor(readonly text: string) {}
  get value(): number {
    return Number(this.text);
  }
}

export type PdfValue = null | boolean | number | PdfReal | PdfName | PdfString | PdfRef | PdfDict | PdfValue[] | PdfStream | PdfNewStream;

export const name = (value: string): PdfName => PdfName.of(value);

export function isDict(value: PdfValue | undefined): value is PdfDict {
  return value instanceof PdfDict;
}

export function numberValue(value: PdfValue | undefined): number | undefined {
  if (typeof value === "number") return value;
  if (value instanceof PdfReal) return value.value;
  return undefined;
}
