package dev.faultline.agent.instrument;

/**
 * Reads just enough of a class file to tell whether it can declare one of a few method names: walks the constant
 * pool (a declared method's name is always one of its UTF-8 entries) and reads the access flags behind it. No
 * allocation; runs for every class the JVM loads, so it is kept to a loop over the bytes.
 */
final class ClassFileScan {

  private static final int ACC_INTERFACE = 0x0200;

  private ClassFileScan() {}

  /**
   * False when {@code classFile} is an interface or annotation, or when no UTF-8 constant equals one of
   * {@code names}; true otherwise, and whenever the bytes cannot be read (a constant-pool tag of a newer class
   * format, say), so that byte-buddy decides. {@code lengthMask} has bit {@code n} set when some name is {@code n}
   * bytes long (names are ASCII, shorter than 64).
   */
  static boolean mayDeclare(byte[] classFile, byte[][] names, long lengthMask) {
    byte[] b = classFile;
    if (b == null || b.length < 10 || (b[0] & 0xff) != 0xca || (b[1] & 0xff) != 0xfe) {
      return true;
    }
    int count = u2(b, 8);
    int at = 10;
    boolean named = false;
    for (int index = 1; index < count; index++) {
      if (at + 3 > b.length) {
        return true;
      }
      switch (b[at]) {
        case 1 -> {
          int length = u2(b, at + 1);
          if (!named && length < 64 && ((lengthMask >>> length) & 1) != 0) {
            named = equalsAny(b, at + 3, length, names);
          }
          at += 3 + length;
        }
        case 7, 8, 16, 19, 20 -> at += 3;
        case 15 -> at += 4;
        case 3, 4, 9, 10, 11, 12, 17, 18 -> at += 5;
        case 5, 6 -> {
          at += 9;
          index++;
        }
        default -> {
          return true;
        }
      }
    }
    if (at + 2 > b.length) {
      return true;
    }
    return named && (u2(b, at) & ACC_INTERFACE) == 0;
  }

  private static boolean equalsAny(byte[] b, int offset, int length, byte[][] names) {
    if (offset + length > b.length) {
      return true;
    }
    for (byte[] name : names) {
      if (name.length == length && equalsAt(b, offset, name)) {
        return true;
      }
    }
    return false;
  }

  private static boolean equalsAt(byte[] b, int offset, byte[] name) {
    for (int i = 0; i < name.length; i++) {
      if (b[offset + i] != name[i]) {
        return false;
      }
    }
    return true;
  }

  private static int u2(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }
}
