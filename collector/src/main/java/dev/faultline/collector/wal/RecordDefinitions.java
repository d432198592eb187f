package dev.faultline.collector.wal;

import java.nio.ByteBuffer;

/**
 * The definitions a record refers to by key (small non-negative ints, e.g. series ids), which the WAL writes into
 * the same segment before the first record there that uses them: once per segment, not once per record.
 *
 * <p>Why per segment: retention deletes whole segments, so a definition logged only once in the whole log could be
 * gone while records using it remain. Within a segment, a record's definitions are always at lower LSNs in the same
 * file. A replay that starts in the middle of a segment (after a snapshot) needs the definitions written before
 * its start: the caller keeps them in its snapshot.
 *
 * <pre>{@code
 * wal.append(record, new RecordDefinitions() {
 *   public int count() { return usedKeys.length; }
 *   public int key(int i) { return usedKeys[i]; }
 *   public ByteBuffer encode(int[] keys, int from, int to) { return dictionary.definitionRecord(keys, from, to); }
 * }, callback);
 * }</pre>
 */
public interface RecordDefinitions {

  /** Number of distinct keys the record uses. */
  int count();

  /** The {@code i}-th key the record uses, {@code >= 0}. */
  int key(int i);

  /**
   * One record that defines {@code keys[from..to)}, ready to append. Called under the WAL's append lock (keep it
   * cheap: it runs once per key and segment); if the result is larger than the WAL's record limit, it is called
   * again with halves of the range.
   */
  ByteBuffer encode(int[] keys, int from, int to);

  /**
   * A shortcut for a key set that recurs (a connection sending the same series batch after batch): the WAL's token
   * for "every key was defined in the active segment", as last given to {@link #definedIn(long)}, or 0 if unknown.
   * When it matches the WAL's current token, the per-key check is skipped. Return 0 (the default) when the keys
   * may differ from those of the call that stored the token.
   */
  default long definedIn() {
    return 0;
  }

  /** Stores the WAL's token after the record was appended with all its keys defined; see {@link #definedIn()}. */
  default void definedIn(long token) {}
}
