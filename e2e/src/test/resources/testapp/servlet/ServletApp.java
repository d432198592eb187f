import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty (context /jetty) and an embedded Tomcat (context /tomcat) in one JVM, both serving the same
 * servlets; prints {@code READY <jetty port> <tomcat port>}. Written against jakarta.servlet and Jetty 12 ee10; the
 * test rewrites the imports for javax.servlet and Jetty 9.4.
 *
 * <ul>
 *   <li>{@code GET /items/<n>}: 200, or 500 (sendError) when n is a multiple of 4;
 *   <li>{@code GET /boom}: throws IllegalStateException;
 *   <li>{@code GET /orders/<anything>}: sets the route template Spring MVC would set for a DispatcherServlet mapped to {@code /orders/*}
 *       ({@code /{orderId}}, relative to the servlet path);
 *   <li>{@code GET /async/<n>}: an async servlet whose answer comes ~150 ms later from another thread: 200, or 500
 *       when n is a multiple of 4;
 *   <li>{@code GET /gated/<n>}: answered 503 by a filter, never reaching the servlet mapped there (which would
 *       answer 200).
 * </ul>
 */
public final class ServletApp {

  public static void main(String[] args) throws Exception {
    Server jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler handler = new ServletContextHandler();
    handler.setContextPath("/jetty");
    handler.addServlet(new ServletHolder(new ItemsServlet()), "/items/*");
    handler.addServlet(new ServletHolder(new BoomServlet()), "/boom");
    handler.addServlet(new ServletHolder(new OrdersServlet()), "/orders/*");
    ServletHolder async = new ServletHolder(new AsyncServlet());
    async.setAsyncSupported(true);
    handler.addServlet(async, "/async/*");
    handler.addServlet(new ServletHolder(new ItemsServlet()), "/gated/*");
    handler.addFilter(new FilterHolder(new GateFilter()), "/gated/*", EnumSet.of(DispatcherType.REQUEST));
    jetty.setHandler(handler);
    jetty.start();

    Path base = Files.createTempDirectory("servlet-app-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    Connector tomcatConnector = tomcat.getConnector();
    tomcatConnector.setPort(0);
    tomcatConnector.setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("/tomcat", base.toString());
    Tomcat.addServlet(context, "items", new ItemsServlet());
    context.addServletMappingDecoded("/items/*", "items");
    Tomcat.addServlet(context, "boom", new BoomServlet());
    context.addServletMappingDecoded("/boom", "boom");
    Tomcat.addServlet(context, "orders", new OrdersServlet());
    context.addServletMappingDecoded("/orders/*", "orders");
    Tomcat.addServlet(context, "async", new AsyncServlet()).setAsyncSupported(true);
    context.addServletMappingDecoded("/async/*", "async");
    Tomcat.addServlet(context, "gated", new ItemsServlet());
    context.addServletMappingDecoded("/gated/*", "gated");
    FilterDef gate = new FilterDef();
    gate.setFilterName("gate");
    gate.setFilter(new GateFilter());
    context.addFilterDef(gate);
    FilterMap gateMap = new FilterMap();
    gateMap.setFilterName("gate");
    gateMap.addURLPattern("/gated/*");
    context.addFilterMap(gateMap);
    tomcat.start();

    System.out.println("READY " + connector.getLocalPort() + " " + tomcatConnector.getLocalPort());
    System.out.flush();
    Thread.currentThread().join();
  }

  static final class ItemsServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      int id = Integer.parseInt(request.getPathInfo().substring(1));
      if (id % 4 == 0) {
        response.sendError(500, "every fourth item fails");
        return;
      }
      response.setContentType("text/plain");
      response.getWriter().println("item " + id);
    }
  }

  static final class BoomServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException {
      throw new IllegalStateException("boom");
    }
  }

  static final class OrdersServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      request.setAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern", "/{orderId}");
      response.setContentType("text/plain");
      response.getWriter().println("order " + request.getPathInfo());
    }
  }

  static final class AsyncServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      int id = Integer.parseInt(request.getPathInfo().substring(1));
      AsyncContext async = request.startAsync();
      async.setTimeout(10_000);
      async.start(() -> {
        try {
          Thread.sleep(150);
          HttpServletResponse answer = (HttpServletResponse) async.getResponse();
          if (id % 4 == 0) {
            answer.setStatus(500);
          } else {
            answer.setContentType("text/plain");
            answer.getWriter().println("async " + id);
          }
        } catch (InterruptedException | IOException e) {
          Thread.currentThread().interrupt();
        } finally {
          async.complete();
        }
      });
    }
  }

  /** Answers every request itself; init and destroy spelled out for Servlet 3.1 (Jetty 9.4), where they are abstract. */
  static final class GateFilter implements Filter {
    @Override
    public void init(FilterConfig config) {}

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) {
      ((HttpServletResponse) response).setStatus(503);
    }

    @Override
    public void destroy() {}
  }
}
