package org.latentkit.trainers.predict;

import java.io.DataOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.latentkit.api.run.AtomicFiles;

/**
 * Writes a float matrix as a NumPy {@code .npy} file (format 1.0): the magic {@code \x93NUMPY},
 * version 1.0, a little-endian header length, the header dict {@code {'descr': '<f4',
 * 'fortran_order': False, 'shape': (n, d), }} padded with spaces to a multiple of 64 bytes and
 * ending in a newline, then {@code n·d} little-endian float32 values, row-major.
 */
public final class Npy {

    private Npy() {}

    /**
     * Writes {@code rows} atomically.
     *
     * @param rows {@code n} rows of {@code d} values each
     * @param file the target
     */
    public static void write(float[][] rows, Path file) {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        String dict =
                String.format(
                        Locale.ROOT,
                        "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }",
                        n,
                        d);
        int preamble = 10;
        int total = preamble + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer data = ByteBuffer.allocate(4 * n * d).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] r : rows) {
            if (r.length != d) {
                throw new IllegalArgumentException("npy: rows of " + r.length + " and " + d);
            }
            for (float v : r) {
                data.putFloat(v);
            }
        }
        AtomicFiles.write(
                file,
                out -> {
                    DataOutputStream o = new DataOutputStream(out);
                    o.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
                    int len = header.length();
                    o.write(len & 0xFF);
                    o.write((len >> 8) & 0xFF);
                    o.write(header.getBytes(StandardCharsets.US_ASCII));
                    o.write(data.array());
                    o.flush();
                });
    }
}
