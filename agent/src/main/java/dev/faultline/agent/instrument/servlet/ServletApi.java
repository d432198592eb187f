package dev.faultline.agent.instrument.servlet;

import dev.faultline.agent.instrument.reflect.PublicMethod;

/**
 * The request and response methods the servlet tracer calls, for one flavour of the Servlet API ({@code javax} or
 * {@code jakarta}); the agent does not compile against either.
 */
final class ServletApi {

  static final ServletApi JAKARTA = new ServletApi("jakarta.servlet.http.");
  static final ServletApi JAVAX = new ServletApi("javax.servlet.http.");
  /** Spring MVC's request attribute holding the matched route template (e.g. {@code /orders/{id}}). */
  static final String SPRING_PATTERN_ATTRIBUTE = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

  final PublicMethod getMethod;
  final PublicMethod getHeader;
  final PublicMethod getContextPath;
  final PublicMethod getServletPath;
  final PublicMethod getPathInfo;
  final PublicMethod getDispatcherType;
  final PublicMethod getAttribute;
  final PublicMethod setHeader;
  final PublicMethod getStatus;
  final PublicMethod isAsyncStarted;
  final PublicMethod getAsyncContext;
  final PublicMethod addListener;
  final PublicMethod eventAsyncContext;
  final PublicMethod eventThrowable;
  private final String asyncListener;
  /** The container's {@code AsyncListener} interface, seen from the loader of its {@code AsyncContext} class. */
  private final ClassValue<Class<?>> listenerTypes = new ClassValue<>() {
    @Override
    protected Class<?> computeValue(Class<?> contextType) {
      try {
        return Class.forName(asyncListener, false, contextType.getClassLoader());
      } catch (ClassNotFoundException e) {
        return null;
      }
    }
  };

  private ServletApi(String httpPackage) {
    String request = httpPackage + "HttpServletRequest";
    String response = httpPackage + "HttpServletResponse";
    String servletPackage = httpPackage.substring(0, httpPackage.length() - "http.".length());
    getMethod = PublicMethod.of(request, "getMethod");
    getHeader = PublicMethod.of(request, "getHeader", String.class);
    getContextPath = PublicMethod.of(request, "getContextPath");
    getServletPath = PublicMethod.of(request, "getServletPath");
    getPathInfo = PublicMethod.of(request, "getPathInfo");
    getDispatcherType = PublicMethod.of(request, "getDispatcherType");
    getAttribute = PublicMethod.of(request, "getAttribute", String.class);
    setHeader = PublicMethod.of(response, "setHeader", String.class, String.class);
    getStatus = PublicMethod.of(response, "getStatus");
    isAsyncStarted = PublicMethod.of(servletPackage + "ServletRequest", "isAsyncStarted");
    getAsyncContext = PublicMethod.of(servletPackage + "ServletRequest", "getAsyncContext");
    addListener = PublicMethod.ofAnyParameters(servletPackage + "AsyncContext", "addListener", 1);
    eventAsyncContext = PublicMethod.of(servletPackage + "AsyncEvent", "getAsyncContext");
    eventThrowable = PublicMethod.of(servletPackage + "AsyncEvent", "getThrowable");
    asyncListener = servletPackage + "AsyncListener";
  }

  /** Whether {@code request} was put into async mode (Servlet 3.0+; false before). */
  boolean asyncStarted(Object request) throws Throwable {
    return isAsyncStarted.available(request) && (boolean) isAsyncStarted.invoke(request);
  }

  /** The {@code AsyncListener} interface to implement for {@code asyncContext}'s container. */
  Class<?> asyncListenerType(Object asyncContext) {
    Class<?> type = listenerTypes.get(asyncContext.getClass());
    if (type == null) {
      throw new IllegalStateException("no " + asyncListener + " visible to " + asyncContext.getClass());
    }
    return type;
  }

  /** The flavour {@code request} implements, or null when it is not an HTTP servlet request. */
  static ServletApi of(Object request) {
    if (request == null) {
      return null;
    }
    if (JAKARTA.getMethod.available(request)) {
      return JAKARTA;
    }
    return JAVAX.getMethod.available(request) ? JAVAX : null;
  }

  /**
   * Whether {@code request} is in its first dispatch (dispatcher type REQUEST), not an async, error, forward or
   * include dispatch; true where the container predates dispatcher types.
   */
  boolean initialDispatch(Object request) throws Throwable {
    if (!getDispatcherType.available(request)) {
      return true;
    }
    Object type = getDispatcherType.invoke(request);
    return type == null || "REQUEST".equals(((Enum<?>) type).name());
  }

  /**
   * The request's route: context path + servlet path + path info (decoded and normalised by the container; no
   * query, no {@code ;jsessionid}), ids folded later by the recorder. When Spring MVC put its matched pattern on
   * the request, that pattern replaces the part it is relative to: the path info of a prefix-mapped servlet
   * ({@code /api/*}), else the servlet path (the default mapping {@code /}).
   */
  String route(Object request) throws Throwable {
    String context = (String) getContextPath.invoke(request);
    String servletPath = (String) getServletPath.invoke(request);
    String pathInfo = (String) getPathInfo.invoke(request);
    Object pattern = getAttribute.invoke(request, SPRING_PATTERN_ATTRIBUTE);
    if (pattern instanceof String) {
      return pathInfo != null ? concat(context, servletPath, (String) pattern) : concat(context, (String) pattern, null);
    }
    return concat(context, servletPath, pathInfo);
  }

  private static String concat(String a, String b, String c) {
    boolean hasA = a != null && !a.isEmpty();
    boolean hasB = b != null && !b.isEmpty();
    boolean hasC = c != null && !c.isEmpty();
    if (!hasA && !hasC) {
      return hasB ? b : "/";
    }
    StringBuilder out = new StringBuilder();
    if (hasA) {
      out.append(a);
    }
    if (hasB) {
      out.append(b);
    }
    if (hasC) {
      out.append(c);
    }
    return out.toString();
  }
}
