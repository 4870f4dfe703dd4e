package org.latentkit.cli;

import java.util.Map;

/**
 * A command whose defaults for shared flags differ from the mixin's: an autoencoder trains at batch
 * 512 for 50 epochs, a classifier at batch 32 for 10. {@link ConfigDefaults} consults this after
 * the config file, so {@code --help} shows the command's own default.
 */
interface CommandDefaults {

    /**
     * Returns the command's defaults by long option name.
     *
     * @return for example {@code Map.of("--epochs", "50", "--batch-size", "512")}
     */
    Map<String, String> defaults();
}
