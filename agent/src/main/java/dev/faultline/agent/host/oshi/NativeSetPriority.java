package dev.faultline.agent.host.oshi;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.lang.reflect.Method;
import java.util.function.IntBinaryOperator;

/**
 * libc's {@code setpriority(PRIO_PROCESS, tid, nice)} through the host probe's JNA: on Linux it sets the nice value
 * of the one thread {@code tid}. Returns what {@code setpriority} returns (0, or -1 when refused).
 *
 * <p>The symbol is looked up with JNA's own {@code dlopen(NULL)} / {@code dlsym} rather than
 * {@code Function.getFunction("c", ...)}: that goes through {@code NativeLibrary}, whose class initialiser runs
 * {@code ldconfig -p} (an external process) on Linux. Those two JNA methods are package-private, hence reflection
 * (allowed: JNA and this class share the isolated loader's unnamed module).
 */
public final class NativeSetPriority implements IntBinaryOperator {

  private static final int PRIO_PROCESS = 0;
  /** JNA's "default flags" for {@code open} (RTLD_LAZY | RTLD_GLOBAL). */
  private static final int DEFAULT_OPEN_FLAGS = -1;

  private final Function setpriority;

  public NativeSetPriority() throws ReflectiveOperationException {
    Method open = Native.class.getDeclaredMethod("open", String.class, int.class);
    Method findSymbol = Native.class.getDeclaredMethod("findSymbol", long.class, String.class);
    open.setAccessible(true);
    findSymbol.setAccessible(true);
    // dlopen(NULL): the process's global symbols, libc's among them; never closed (it is the process itself).
    long process = (long) open.invoke(null, null, DEFAULT_OPEN_FLAGS);
    long address = (long) findSymbol.invoke(null, process, "setpriority");
    setpriority = Function.getFunction(new Pointer(address));
  }

  @Override
  public int applyAsInt(int threadId, int niceness) {
    return setpriority.invokeInt(new Object[] {PRIO_PROCESS, threadId, niceness});
  }
}
