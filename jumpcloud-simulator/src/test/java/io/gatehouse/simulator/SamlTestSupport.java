package io.gatehouse.simulator;

import static io.restassured.RestAssured.given;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import org.opensaml.core.config.InitializationService;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.util.XMLObjectSupport;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;

/** What an SP does with the IdP's output: decode, parse with OpenSAML, check signatures. */
final class SamlTestSupport {

    private static BasicParserPool pool;

    private SamlTestSupport() {}

    static synchronized BasicParserPool pool() throws Exception {
        if (pool == null) {
            InitializationService.initialize();
            BasicParserPool p = new BasicParserPool();
            p.initialize();
            pool = p;
        }
        return pool;
    }

    static String authnRequest(String id, String issuer, String acsUrl) {
        return "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
                + " xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"" + id + "\" Version=\"2.0\""
                + " IssueInstant=\"2026-01-01T00:00:00Z\" AssertionConsumerServiceURL=\"" + acsUrl + "\""
                + " ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\">"
                + "<saml:Issuer>" + issuer + "</saml:Issuer></samlp:AuthnRequest>";
    }

    /** HTTP-Redirect encoding: raw DEFLATE, then base64 (URL-encoding is left to the HTTP client). */
    static String redirectEncoded(String xml) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.DEFLATED, true))) {
            deflater.write(xml.getBytes(StandardCharsets.UTF_8));
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static String postEncoded(String xml) {
        return Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8));
    }

    static String hiddenField(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        return m.find() ? m.group(1).replace("&quot;", "\"").replace("&amp;", "&") : null;
    }

    static String formAction(String html) {
        Matcher m = Pattern.compile("<form method=\"post\" action=\"([^\"]*)\"").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    @SuppressWarnings("unchecked")
    static <T extends XMLObject> T parse(String base64) throws Exception {
        byte[] xml = Base64.getDecoder().decode(base64);
        return (T) XMLObjectSupport.unmarshallFromInputStream(pool(), new ByteArrayInputStream(xml));
    }

    static <T extends XMLObject> T parseXml(String xml) throws Exception {
        return parse(Base64.getEncoder().encodeToString(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static X509Certificate certificate(String appId) throws Exception {
        String pem = given().get("/sim/apps/" + appId + "/certificate")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        return pemToCertificate(pem);
    }

    static X509Certificate pemToCertificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Profile check first (as docs/design/saml-validation.md requires), then the cryptographic check with the key. */
    static void verify(Signature signature, X509Certificate certificate) throws SignatureException {
        new SAMLSignatureProfileValidator().validate(signature);
        SignatureValidator.validate(signature, new BasicX509Credential(certificate));
    }
}
