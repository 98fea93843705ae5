/**
 * Transaction conflicts, as AWS's "Transaction conflict handling" lists them: while a
 * TransactWriteItems is in flight, its items are held;
 * - another TransactWriteItems touching a held item is cancelled (TransactionCanceledException,
 *   `TransactionConflict` for that item);
 * - a PutItem, UpdateItem or DeleteItem of a held item is refused (TransactionConflictException);
 * - a TransactGetItems reading an item that any write in flight holds is cancelled.
 * The model holds an item from the moment the proxy admits the request until DynamoDB Local
 * answers it: the window in which AWS's two-phase commit would find the other's lock.
 */

export interface ConflictStats {
  /** TransactWriteItems cancelled by another in flight. */
  transactionsCancelled: number;
  /** Single-item writes refused with TransactionConflictException. */
  writesRefused: number;
  /** TransactGetItems cancelled by a write in flight. */
  readsCancelled: number;
}

export class ItemClaims {
  private readonly transactions = new Map<string, number>();
  private readonly writes = new Map<string, number>();
  private readonly counts: ConflictStats = { transactionsCancelled: 0, writesRefused: 0, readsCancelled: 0 };

  /**
   * A TransactWriteItems over `items` (table and key, in TransactItems order): per item, whether
   * another transaction holds it. With no conflict the items are held until `release`.
   */
  claimTransaction(items: readonly string[]): { conflicts: boolean[]; release?: () => void } {
    const conflicts = items.map((item) => this.transactions.has(item));
    if (conflicts.some(Boolean)) {
      this.counts.transactionsCancelled++;
      return { conflicts };
    }
    return { conflicts, release: this.hold(this.transactions, items) };
  }

  /** A single-item write: refused while a transaction holds the item, else held (for transactional reads) until `release`. */
  claimWrite(items: readonly string[]): { conflict: boolean; release?: () => void } {
    if (items.some((item) => this.transactions.has(item))) {
      this.counts.writesRefused++;
      return { conflict: true };
    }
    return { conflict: false, release: this.hold(this.writes, items) };
  }

  /** A TransactGetItems: per item, whether a write in flight holds it. */
  checkTransactionalRead(items: readonly string[]): boolean[] {
    const conflicts = items.map((item) => this.transactions.has(item) || this.writes.has(item));
    if (conflicts.some(Boolean)) this.counts.readsCancelled++;
    return conflicts;
  }

  stats(): ConflictStats {
    return { ...this.counts };
  }

  private hold(held: Map<string, number>, items: readonly string[]): () => void {
    for (const item of items) held.set(item, (held.get(item) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const item of items) {
        const count = (held.get(item) ?? 1) - 1;
        if (count > 0) held.set(item, count);
        else held.delete(item);
      }
    };
  }
}
