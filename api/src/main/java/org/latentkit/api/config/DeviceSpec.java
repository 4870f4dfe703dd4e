package org.latentkit.api.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.latentkit.core.InvalidInputException;

/**
 * A parsed {@code --device} value: {@code cpu}, {@code gpu} (the first GPU) or {@code gpuN}.
 *
 * @param gpu whether a GPU was asked for
 * @param index the GPU index, 0 for {@code gpu}; -1 for the CPU
 */
public record DeviceSpec(boolean gpu, int index) {

    private static final Pattern GPU = Pattern.compile("gpu(\\d*)");

    /**
     * Parses a device string.
     *
     * @param text {@code cpu}, {@code gpu} or {@code gpuN}
     * @return the device
     * @throws InvalidInputException if the text is none of these
     */
    public static DeviceSpec parse(String text) {
        if (text == null || text.equalsIgnoreCase("cpu")) {
            return new DeviceSpec(false, -1);
        }
        Matcher m = GPU.matcher(text.toLowerCase(java.util.Locale.ROOT));
        if (m.matches()) {
            return new DeviceSpec(true, m.group(1).isEmpty() ? 0 : Integer.parseInt(m.group(1)));
        }
        throw new InvalidInputException(
                "device: unknown device '" + text + "' (valid: cpu, gpu, gpuN such as gpu1)");
    }

    @Override
    public String toString() {
        return gpu ? "gpu" + index : "cpu";
    }
}
