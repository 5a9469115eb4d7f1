package io.gatehouse.sso.saml;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** OpenSAML's initialisation makes slf4j's logger look-ups cached (ADR 0021), without freezing the levels. */
class Slf4jLoggerCacheTest {
    @Test
    void afterOpenSamlStartsSlf4jHandsOutCachedLoggers() {
        OpenSaml.initialize();
        assertInstanceOf(Slf4jLoggerCache.CachingFactory.class, LoggerFactory.getILoggerFactory());
        assertSame(
                LoggerFactory.getLogger("org.opensaml.core.xml.AbstractXMLObject"),
                LoggerFactory.getLogger(org.opensaml.core.xml.AbstractXMLObject.class));
        assertTrue(Slf4jLoggerCache.install(), "idempotent");
    }

    @Test
    void aCachedLoggerFollowsLevelChangesOfTheLogManager() {
        OpenSaml.initialize();
        String name = "io.gatehouse.sso.saml.cache-test";
        Logger logger = LoggerFactory.getLogger(name);
        java.util.logging.Logger.getLogger(name).setLevel(Level.SEVERE);
        assertFalse(LoggerFactory.getLogger(name).isInfoEnabled());
        java.util.logging.Logger.getLogger(name).setLevel(Level.FINE);
        assertTrue(LoggerFactory.getLogger(name).isDebugEnabled());
        assertSame(logger, LoggerFactory.getLogger(name));
    }
}
