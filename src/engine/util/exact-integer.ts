/**
 * An integer past 2^53 (a lossless codec's `bigint`, MDM's ids) as the journal keeps it. Read as JSON
 * (the admin API, JUnit) it is its exact digits, since a JSON number cannot carry it to a JS reader;
 * where the wire text is rebuilt (the HAR export) it is written as the number it was on the wire.
 */
export class ExactInteger {
  constructor(readonly digits: string) {}
  toJSON(): string {
    return this.digits;
  }
  toString(): string {
    return this.digits;
  }
}
