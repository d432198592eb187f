import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
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
 *       ({@code /{orderId}}, relative to the servlet path).
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
}
