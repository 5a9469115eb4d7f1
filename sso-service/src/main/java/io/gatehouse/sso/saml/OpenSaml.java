package io.gatehouse.sso.saml;

import javax.xml.namespace.QName;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.InitializationService;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.XMLObjectBuilderFactory;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.MarshallerFactory;
import org.opensaml.core.xml.io.UnmarshallerFactory;

/**
 * OpenSAML's one-time initialisation (≈ 1 s), done lazily by the first accessor: the SP metadata and IdP metadata
 * import use OpenSAML, no login does (the ACS reads the Response from the DOM, ADR 0026; {@link SamlStartup} prepares
 * only Apache Santuario and the parser pool). Thread-safe and idempotent.
 */
public final class OpenSaml {
    private static volatile boolean initialized;

    private OpenSaml() {}

    public static void initialize() {
        if (initialized) {
            return;
        }
        synchronized (OpenSaml.class) {
            if (initialized) {
                return;
            }
            Slf4jLoggerCache.install(); // before OpenSAML's first objects (ADR 0021)
            try {
                InitializationService.initialize();
            } catch (InitializationException e) {
                throw new IllegalStateException("OpenSAML initialisation failed", e);
            }
            initialized = true;
        }
    }

    public static XMLObjectBuilderFactory builders() {
        initialize();
        return XMLObjectProviderRegistrySupport.getBuilderFactory();
    }

    public static UnmarshallerFactory unmarshallers() {
        initialize();
        return XMLObjectProviderRegistrySupport.getUnmarshallerFactory();
    }

    public static MarshallerFactory marshallers() {
        initialize();
        return XMLObjectProviderRegistrySupport.getMarshallerFactory();
    }

    /** Builds an empty SAML object of the element {@code name}. */
    @SuppressWarnings("unchecked")
    public static <T extends XMLObject> T build(QName name) {
        return (T) builders().getBuilderOrThrow(name).buildObject(name);
    }
}
