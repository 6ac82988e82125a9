export type SeedScale = 'default' | 'national' | number;

export interface SandboxSeedOptions {
  now: Date;
  scale: SeedScale;
  onProgress?: (done: number, total: number, label: string) => void;
  /**
   * How rows are written; both write the same rows. `json` (the default): up to 2,000 rows per
   * INSERT ... SELECT, sent as one JSON array parameter that SQLite's json_each unpacks, 25 such
   * statements per transaction; one bound parameter per statement, so within D1's limit of 100,
   * and several times faster than `chunks`: insertInChunks, a handful of rows per statement (as
   * many as 100 parameters allow).
   */
  writer?: 'chunks' | 'json';
  /**
   * Where the json writer sends the participants' rows, instead of running them on `db`: lets
   * the seed command write on another thread (its own connection to the same file) while this
   * one generates the next participants. Only rows go there; everything else uses `db`, once the
   * sink has drained.
   */
  sink?: RowSink;
}

/** Takes batches of INSERT statements, each batch one transaction, run in the order given. */
export interface RowSink {
  /** May resolve before the batch has run (a failure then surfaces on a later call). */
  write(statements: { sql: string; args: string[] }[]): Promise<void>;
  /** Resolves once every batch written has been committed. */
  drain(): Promise<void>;
}

export interface SeededLeadProvider {
  id: string;
  name: string;
}
