package dev.faultline.collector.wal;

/**
 * The CRC32C of two byte ranges one after the other from the CRC32C of each and the second's length (zlib's {@code
 * crc32_combine}, for the Castagnoli polynomial). Why: a record's checksum covers its header (which holds the LSN,
 * known only once its place in the log is reserved) followed by its payload; combining lets an append checksum the
 * payload before taking the WAL's lock and only the 12 header bytes under it. About 32 steps per set bit of the
 * length's logarithm: far below checksumming tens of kilobytes.
 */
final class Crc32cCombine {

  /** The reflected Castagnoli polynomial. */
  private static final int POLY = 0x82F63B78;
  /** X2N[k] = x^(2^k) modulo the polynomial. */
  private static final int[] X2N = new int[32];

  static {
    int p = 1 << 30; // x^1
    X2N[0] = p;
    for (int n = 1; n < 32; n++) {
      p = multiplyModP(p, p);
      X2N[n] = p;
    }
  }

  private Crc32cCombine() {}

  /** CRC32C of A followed by B, given {@code crcA} = CRC32C(A), {@code crcB} = CRC32C(B) and B's length. */
  static int combine(int crcA, int crcB, long lengthB) {
    return multiplyModP(xToEightN(lengthB), crcA) ^ crcB;
  }

  /** a * b modulo the polynomial (bit-reflected). */
  private static int multiplyModP(int a, int b) {
    int m = 1 << 31;
    int p = 0;
    while (true) {
      if ((a & m) != 0) {
        p ^= b;
        if ((a & (m - 1)) == 0) {
          break;
        }
      }
      m >>>= 1;
      b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
    }
    return p;
  }

  /** x^(8n) modulo the polynomial: shifting a CRC over n zero bytes. */
  private static int xToEightN(long n) {
    int p = 1 << 31; // x^0
    int k = 3;
    while (n != 0) {
      if ((n & 1) != 0) {
        p = multiplyModP(X2N[k & 31], p);
      }
      n >>>= 1;
      k++;
    }
    return p;
  }
}
