package io.gatehouse.sso.saml;

import java.lang.reflect.Field;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Makes {@code org.slf4j.LoggerFactory.getLogger} a map look-up (ADR 0021). OpenSAML asks slf4j for a logger for
 * every XML object it builds and, through {@code ConfigurationService.get}, twice for every attribute it unmarshals
 * — hundreds of times per SAML response. The slf4j → jboss-logmanager binding answers each call by walking the
 * logger tree by name (a substring per dot) and creating a new {@code java.util.logging.Logger} with a phantom
 * reference registered for reaping: 9 % of sso-service's login CPU in the profile of 2026-12-05. The same
 * {@code org.slf4j.Logger} is handed out every time for a name instead; levels still come from the log manager
 * on each call (the jboss logger reads them from its node), so runtime level changes keep working.
 *
 * <p>slf4j has no hook for a wrapping factory, so {@link #install()} swaps the bound provider for a caching
 * wrapper of it, once, through slf4j's package-private {@code PROVIDER} field. If a future slf4j renames that
 * field, nothing breaks: the look-ups are only slower again ({@code Slf4jLoggerCacheTest} then fails, so the
 * upgrade is noticed).
 */
public final class Slf4jLoggerCache {
    private static final Logger LOG = Logger.getLogger(Slf4jLoggerCache.class);
    /** Logger names are class names in practice; beyond this many, further names are looked up uncached. */
    static final int MAX_NAMES = 20_000;

    private static volatile boolean installed;

    private Slf4jLoggerCache() {}

    /** Idempotent; true when slf4j now hands out cached loggers. */
    public static synchronized boolean install() {
        if (installed) {
            return true;
        }
        try {
            LoggerFactory.getILoggerFactory(); // binds the provider first
            Field field = LoggerFactory.class.getDeclaredField("PROVIDER");
            field.setAccessible(true);
            Object bound = field.get(null);
            if (bound instanceof SLF4JServiceProvider provider && !(bound instanceof Caching)) {
                field.set(null, new Caching(provider));
            }
            installed = LoggerFactory.getILoggerFactory() instanceof CachingFactory;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debugf("slf4j logger cache not installed (%s): OpenSAML's logger look-ups stay uncached", e);
        }
        return installed;
    }

    /** The bound provider with a caching logger factory. */
    static final class Caching implements SLF4JServiceProvider {
        private final SLF4JServiceProvider delegate;
        private final CachingFactory factory;

        Caching(SLF4JServiceProvider delegate) {
            this.delegate = delegate;
            this.factory = new CachingFactory(delegate.getLoggerFactory());
        }

        @Override
        public ILoggerFactory getLoggerFactory() {
            return factory;
        }

        @Override
        public IMarkerFactory getMarkerFactory() {
            return delegate.getMarkerFactory();
        }

        @Override
        public MDCAdapter getMDCAdapter() {
            return delegate.getMDCAdapter();
        }

        @Override
        public String getRequestedApiVersion() {
            return delegate.getRequestedApiVersion();
        }

        @Override
        public void initialize() {
            // the delegate was initialised when slf4j bound it
        }
    }

    static final class CachingFactory implements ILoggerFactory {
        private final ILoggerFactory delegate;
        private final ConcurrentHashMap<String, org.slf4j.Logger> loggers = new ConcurrentHashMap<>();

        CachingFactory(ILoggerFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public org.slf4j.Logger getLogger(String name) {
            org.slf4j.Logger logger = loggers.get(name);
            if (logger != null) {
                return logger;
            }
            logger = delegate.getLogger(name);
            if (loggers.size() < MAX_NAMES) {
                org.slf4j.Logger raced = loggers.putIfAbsent(name, logger);
                return raced == null ? logger : raced;
            }
            return logger;
        }
    }
}
