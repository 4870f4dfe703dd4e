package org.latentkit.trainers.semisup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentkit.core.InvalidInputException;

class LabelsCurveTest {

    private static final int[] LABELS = {100, 2000};
    private static final List<LabelsCurve.Series> SERIES =
            List.of(
                    new LabelsCurve.Series("fixmatch", "FixMatch", new double[] {0.97, 0.98125}),
                    new LabelsCurve.Series("pixels", "pixels", new double[] {0.7, 0.9}));

    @Test
    void givenTwoMethods_whenCsv_thenOneColumnPerMethodAndOneRowPerLabelCount() {
        assertEquals(
                "labels,fixmatch_accuracy,pixels_accuracy\n"
                        + "100,0.9700,0.7000\n"
                        + "2000,0.9813,0.9000\n",
                LabelsCurve.csv(LABELS, SERIES));
    }

    @Test
    void givenTwoMethods_whenMarkdown_thenPercentColumns() {
        assertEquals(
                "| labels | fixmatch | pixels |\n"
                        + "|---:|---:|---:|\n"
                        + "| 100 | 97.00% | 70.00% |\n"
                        + "| 2000 | 98.13% | 90.00% |\n",
                LabelsCurve.markdown(LABELS, SERIES));
    }

    @Test
    void givenASeriesShorterThanTheLabels_thenRefusedNamingIt() {
        List<LabelsCurve.Series> bad =
                List.of(new LabelsCurve.Series("conv-ae", "conv-ae", new double[] {0.9}));
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> LabelsCurve.csv(LABELS, bad));
        assertTrue(
                e.getMessage().contains("'conv-ae' has 1 points for 2 label counts"),
                e.getMessage());
    }

    @Test
    void givenTwoMethods_whenWritten_thenTheCsvAndAPngAreOnDisk(@TempDir Path tmp)
            throws Exception {
        LabelsCurve.write(LABELS, SERIES, tmp.resolve("c.csv"), tmp.resolve("c.png"));
        assertEquals(LabelsCurve.csv(LABELS, SERIES), Files.readString(tmp.resolve("c.csv")));
        assertTrue(Files.size(tmp.resolve("c.png")) > 1000);
    }
}
