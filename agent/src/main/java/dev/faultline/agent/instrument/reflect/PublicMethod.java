package dev.faultline.agent.instrument.reflect;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * A public method of a library type the agent does not compile against (the Servlet API, Apache HttpClient,
 * OkHttp), found by the owner's name among the supertypes of the object it is called on and cached per concrete
 * class, so that one agent serves every version and class loader of the library.
 *
 * <pre>{@code
 * PublicMethod getHeader = PublicMethod.of("jakarta.servlet.http.HttpServletRequest", "getHeader", String.class);
 * String traceparent = (String) getHeader.invoke(request, "traceparent");
 * }</pre>
 *
 * <p>Parameter types are JDK types, or {@code Object.class} to match a parameter of a library type by position
 * (resolved by {@link #ofAnyParameters}). The handle is looked up from the owner's {@code Method} through the public
 * lookup (never {@code setAccessible}), so it dispatches virtually like the application's own call. A class that
 * lacks the owner yields {@link #available} false; {@code invoke} then throws {@link IllegalStateException}, which
 * the tracers catch.
 */
public final class PublicMethod {

  private final String owner;
  private final String name;
  private final Class<?>[] parameterTypes;
  private final boolean byCount;
  private final ClassValue<MethodHandle> handles = new ClassValue<>() {
    @Override
    protected MethodHandle computeValue(Class<?> type) {
      return lookup(type);
    }
  };

  private PublicMethod(String owner, String name, Class<?>[] parameterTypes, boolean byCount) {
    this.owner = owner;
    this.name = name;
    this.parameterTypes = parameterTypes.clone();
    this.byCount = byCount;
  }

  /** {@code owner.name(parameterTypes)}. */
  public static PublicMethod of(String owner, String name, Class<?>... parameterTypes) {
    return new PublicMethod(owner, name, parameterTypes, false);
  }

  /** The one public method {@code owner.name} with {@code parameters} parameters of any type. */
  public static PublicMethod ofAnyParameters(String owner, String name, int parameters) {
    return new PublicMethod(owner, name, new Class<?>[parameters], true);
  }

  /** Whether {@code target}'s class has this method. */
  public boolean available(Object target) {
    return target != null && handles.get(target.getClass()) != null;
  }

  public Object invoke(Object target) throws Throwable {
    return handle(target).invokeExact(target);
  }

  public Object invoke(Object target, Object argument) throws Throwable {
    return handle(target).invokeExact(target, argument);
  }

  public Object invoke(Object target, Object first, Object second) throws Throwable {
    return handle(target).invokeExact(target, first, second);
  }

  /** An int-returning method without boxing. */
  public int invokeInt(Object target) throws Throwable {
    return (int) handle(target).invokeExact(target);
  }

  private MethodHandle handle(Object target) {
    MethodHandle handle = handles.get(target.getClass());
    if (handle == null) {
      throw new IllegalStateException(target.getClass().getName() + " has no public " + owner + '.' + name);
    }
    return handle;
  }

  private MethodHandle lookup(Class<?> type) {
    Class<?> ownerType = findSupertype(type, owner);
    if (ownerType == null) {
      return null;
    }
    try {
      java.lang.reflect.Method method = byCount ? byCount(ownerType) : ownerType.getMethod(name, parameterTypes);
      if (method == null) {
        return null;
      }
      MethodHandle handle = MethodHandles.publicLookup().unreflect(method);
      Class<?> returnType = method.getReturnType() == int.class ? int.class : Object.class;
      return handle.asType(MethodType.genericMethodType(parameterTypes.length + 1).changeReturnType(returnType));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private java.lang.reflect.Method byCount(Class<?> ownerType) {
    for (java.lang.reflect.Method method : ownerType.getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == parameterTypes.length) {
        return method;
      }
    }
    return null;
  }

  /** The public class or interface named {@code name} among {@code type} and its supertypes, or null. */
  static Class<?> findSupertype(Class<?> type, String name) {
    Deque<Class<?>> pending = new ArrayDeque<>();
    Set<Class<?>> seen = new HashSet<>();
    pending.add(type);
    while (!pending.isEmpty()) {
      Class<?> candidate = pending.poll();
      if (!seen.add(candidate)) {
        continue;
      }
      if (candidate.getName().equals(name)) {
        return java.lang.reflect.Modifier.isPublic(candidate.getModifiers()) ? candidate : null;
      }
      if (candidate.getSuperclass() != null) {
        pending.add(candidate.getSuperclass());
      }
      pending.addAll(java.util.List.of(candidate.getInterfaces()));
    }
    return null;
  }
}
