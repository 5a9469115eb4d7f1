package io.gatehouse.simulator.saml;

import io.gatehouse.simulator.domain.SimException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.saml2.core.AuthnRequest;

/**
 * Reads a {@code SAMLRequest} from the HTTP-Redirect binding (raw DEFLATE + base64) or the HTTP-POST binding
 * (base64 only); the form is recognised from the decoded bytes. Inflating is capped.
 */
@ApplicationScoped
public class AuthnRequestDecoder {

    static final int MAX_ENCODED = 64 * 1024;
    static final int MAX_INFLATED = 128 * 1024;

    private final OpenSaml openSaml;

    public AuthnRequestDecoder(OpenSaml openSaml) {
        this.openSaml = openSaml;
    }

    public PendingRequest decode(String samlRequest) {
        if (samlRequest.length() > MAX_ENCODED) {
            throw invalid();
        }
        byte[] raw;
        try {
            raw = Base64.getMimeDecoder().decode(samlRequest.trim());
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        byte[] xml = looksLikeXml(raw) ? raw : inflate(raw);
        try {
            XMLObject object =
                    XMLObjectSupport.unmarshallFromInputStream(openSaml.parserPool(), new ByteArrayInputStream(xml));
            if (!(object instanceof AuthnRequest request) || request.getID() == null) {
                throw invalid();
            }
            String issuer =
                    request.getIssuer() == null ? null : request.getIssuer().getValue();
            return new PendingRequest(request.getID(), issuer, request.getAssertionConsumerServiceURL());
        } catch (SimException e) {
            throw e;
        } catch (Exception | StackOverflowError e) {
            throw invalid();
        }
    }

    private static boolean looksLikeXml(byte[] raw) {
        for (byte b : raw) {
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            }
            return b == '<';
        }
        return false;
    }

    private static byte[] inflate(byte[] deflated) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw invalid();
                }
            }
            if (out.size() == 0) {
                throw invalid();
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw invalid();
        } finally {
            inflater.end();
        }
    }

    private static SimException invalid() {
        return new SimException(400, "invalid_saml_request", "The SAML request could not be read.");
    }
}
