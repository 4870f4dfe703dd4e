package org.latentkit.api.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CLI looks for data where the launcher put it, whatever $HOME says. */
class DataLocatorCacheTest {

    @Test
    void givenHomeNotTheAccountsWhenResolvedThenHomeWinsOverUserHome() {
        // The launcher fetches into ${XDG_CACHE_HOME:-$HOME/.cache}/latentkit; Java's user.home
        // is the password database's /root even under HOME=/tmp/x.
        assertEquals(
                Path.of("/tmp/x/.cache/latentkit"),
                DataLocator.userCache(Map.of("HOME", "/tmp/x"), "/root"));
    }

    @Test
    void givenXdgCacheHomeWhenResolvedThenItWinsOverHome() {
        assertEquals(
                Path.of("/c/latentkit"),
                DataLocator.userCache(Map.of("XDG_CACHE_HOME", "/c", "HOME", "/tmp/x"), "/root"));
    }

    @Test
    void givenNeitherVariableWhenResolvedThenUserHome() {
        assertEquals(
                Path.of("/root/.cache/latentkit"),
                DataLocator.userCache(Map.of("HOME", " "), "/root"));
    }

    @Test
    void givenTheLauncherThenItResolvesTheSameExpression() throws Exception {
        Path launcher = Path.of("..", "latentkit");
        String script = Files.readString(launcher);
        assertTrue(
                script.contains("${XDG_CACHE_HOME:-$HOME/.cache}/latentkit"),
                "the launcher's cache root changed; keep DataLocator.userCache in step with it");
    }
}
