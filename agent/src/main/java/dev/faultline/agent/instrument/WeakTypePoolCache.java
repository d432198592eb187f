package dev.faultline.agent.instrument;

import java.util.Map;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * One type-pool cache per class loader, shared by every library's transformer, held weakly so that an undeployed
 * web application's loader can be collected (with {@code LocationStrategy.ForClassLoader.WEAK}, cached
 * descriptions do not pin their loader either).
 *
 * <p>Without it byte-buddy parses a class's supertypes again for every class it matches: the JDBC matcher, which
 * must walk the supertypes of every class loaded, made H2 start five times slower in the tests.
 */
final class WeakTypePoolCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {

  static final WeakTypePoolCache INSTANCE = new WeakTypePoolCache();

  private final Map<ClassLoader, TypePool.CacheProvider> providers = new WeakHashMap<>();
  private final TypePool.CacheProvider bootstrap = new TypePool.CacheProvider.Simple();

  private WeakTypePoolCache() {
    super(TypePool.Default.ReaderMode.FAST);
  }

  @Override
  protected synchronized TypePool.CacheProvider locate(ClassLoader classLoader) {
    if (classLoader == null) {
      return bootstrap;
    }
    return providers.computeIfAbsent(classLoader, loader -> new TypePool.CacheProvider.Simple());
  }

  /** Drops every cached description (after installation, say). */
  synchronized void clear() {
    providers.clear();
    bootstrap.clear();
  }
}
