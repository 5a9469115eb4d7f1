package io.gatehouse.simulator.saml;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import javax.xml.namespace.QName;
import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.ParserPool;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.InitializationService;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.util.XMLObjectSupport;

/** Initialises OpenSAML once (≈ 1 s) at start and owns the hardened parser pool. */
@ApplicationScoped
public class OpenSaml {

    private volatile boolean initialized;
    private volatile BasicParserPool parserPool;

    /** Initialises in the background so the seed's key generation overlaps; users of OpenSAML wait for it. */
    void onStart(@Observes @Priority(1) StartupEvent event) {
        Thread init = new Thread(this::ensureInitialized, "opensaml-init");
        init.setDaemon(true);
        init.start();
    }

    public synchronized void ensureInitialized() {
        if (initialized) {
            return;
        }
        try {
            InitializationService.initialize();
            BasicParserPool pool = new BasicParserPool();
            pool.setMaxPoolSize(20);
            pool.setNamespaceAware(true);
            pool.setExpandEntityReferences(false);
            pool.setBuilderAttributes(Map.of("jdk.xml.maxElementDepth", "64"));
            pool.initialize();
            parserPool = pool;
            initialized = true;
        } catch (InitializationException | ComponentInitializationException e) {
            throw new IllegalStateException("OpenSAML initialisation failed", e);
        }
    }

    public boolean initialized() {
        return initialized;
    }

    public ParserPool parserPool() {
        ensureInitialized();
        return parserPool;
    }

    /** Builds an empty SAML object of the given element name. */
    @SuppressWarnings("unchecked")
    public <T extends XMLObject> T build(QName name) {
        ensureInitialized();
        return (T) XMLObjectSupport.buildXMLObject(name);
    }
}
