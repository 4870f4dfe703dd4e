package org.latentkit.api.run;

import ai.djl.engine.Engine;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run came from: versions of everything that can change a result.
 *
 * @param latentkit latentkit's version
 * @param gitCommit the source commit, or {@code unknown}
 * @param java the Java runtime version
 * @param os operating system and architecture
 * @param djl DJL's version
 * @param engine the engine name
 * @param engineVersion the engine's native library version
 * @param malloc the native allocator the launcher chose ({@code glibc}, or the preloaded library's
 *     file name), or {@code unknown} outside the launcher
 * @param mklVendorCheck whether the launcher let oneMKL's CPU-vendor check stand ({@code kept}) or
 *     answered it "Intel" on an AMD CPU ({@code bypassed}), or {@code unknown} outside the launcher
 */
public record Provenance(
        String latentkit,
        String gitCommit,
        String java,
        String os,
        String djl,
        String engine,
        String engineVersion,
        String malloc,
        String mklVendorCheck) {

    /**
     * Describes the running process and engine.
     *
     * @param engine the engine in use
     * @return the provenance
     */
    public static Provenance of(Engine engine) {
        String version = Provenance.class.getPackage().getImplementationVersion();
        return new Provenance(
                version == null ? "0.1.0-SNAPSHOT" : version,
                System.getProperty("latentkit.git.commit", "unknown"),
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                Engine.getDjlVersion(),
                engine.getEngineName(),
                engine.getVersion(),
                System.getProperty("latentkit.malloc", "unknown"),
                System.getProperty("latentkit.mkl.vendor.check", "unknown"));
    }

    /**
     * Returns the fields as ordered key/value pairs.
     *
     * @return the map
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("latentkit", latentkit);
        m.put("git_commit", gitCommit);
        m.put("java", java);
        m.put("os", os);
        m.put("djl", djl);
        m.put("engine", engine);
        m.put("engine_version", engineVersion);
        m.put("malloc", malloc);
        m.put("mkl_vendor_check", mklVendorCheck);
        return m;
    }
}
