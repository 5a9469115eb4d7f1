package io.gatehouse.sso.saml;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.ParserPool;
import org.xml.sax.InputSource;

/**
 * The one XML parser used for untrusted SAML input (responses and IdP metadata). It is OpenSAML's
 * {@link BasicParserPool} with: DOCTYPE declarations refused (no DTD, no entity expansion, no XXE), secure
 * processing, no external general or parameter entities, no XInclude, namespace aware, comments dropped and CDATA
 * coalesced (so a NameID is always read as one whole value) and an element-depth limit — without it 3,000 nested
 * elements exhaust the stack. Nothing is ever re-parsed with a second parser.
 */
public final class HardenedParserPool {
    /** Deeper than any legitimate SAML message (a signed response is about 8 levels deep). */
    public static final int MAX_ELEMENT_DEPTH = 64;

    private static final ParserPool POOL = create();

    private HardenedParserPool() {}

    public static ParserPool get() {
        return POOL;
    }

    private static ParserPool create() {
        BasicParserPool pool = new BasicParserPool();
        pool.setNamespaceAware(true);
        pool.setIgnoreComments(true);
        pool.setCoalescing(true);
        pool.setExpandEntityReferences(false);
        pool.setXincludeAware(false);
        pool.setDTDValidating(false);
        pool.setMaxPoolSize(50);
        Map<String, Boolean> features = new HashMap<>();
        features.put(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        features.put("http://apache.org/xml/features/disallow-doctype-decl", true);
        features.put("http://xml.org/sax/features/external-general-entities", false);
        features.put("http://xml.org/sax/features/external-parameter-entities", false);
        features.put("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        pool.setBuilderFeatures(features);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("http://www.oracle.com/xml/jaxp/properties/maxElementDepth", String.valueOf(MAX_ELEMENT_DEPTH));
        attributes.put(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        attributes.put(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        pool.setBuilderAttributes(attributes);
        pool.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        try {
            pool.initialize();
        } catch (ComponentInitializationException e) {
            throw new IllegalStateException("cannot initialise the SAML parser pool", e);
        }
        return pool;
    }
}
