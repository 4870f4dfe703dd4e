package org.latentkit.trainers.tsne;

import java.util.Arrays;

/**
 * Exact nearest neighbours by squared Euclidean distance, on Java arrays: the selection step of
 * k-nearest-neighbour graphs (t-SNE's affinities) and of label propagation.
 */
public final class Neighbours {

    private Neighbours() {}

    /**
     * Returns the squared Euclidean distance between two rows.
     *
     * @param a a point
     * @param b a point of the same length
     * @return {@code ‖a − b‖²}, accumulated in double
     */
    public static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int c = 0; c < a.length; c++) {
            double d = a[c] - b[c];
            s += d * d;
        }
        return s;
    }

    /**
     * Returns the indices of the {@code k} smallest values, nearest first; equal values are ordered
     * by index, so the result is deterministic.
     *
     * @param dist one distance per candidate ({@code +∞} excludes a candidate)
     * @param k how many, at most {@code dist.length}
     * @return {@code k} indices into {@code dist}
     */
    public static int[] nearest(double[] dist, int k) {
        // A bounded max-heap of the k best so far, ordered by (distance, index).
        int[] heap = new int[k];
        int size = 0;
        for (int j = 0; j < dist.length; j++) {
            if (size < k) {
                heap[size] = j;
                siftUp(heap, size++, dist);
            } else if (before(j, heap[0], dist)) {
                heap[0] = j;
                siftDown(heap, k, dist);
            }
        }
        // Sort by (distance, index); k is small (tens), so an insertion sort suffices.
        for (int a = 1; a < k; a++) {
            int v = heap[a];
            int b = a - 1;
            while (b >= 0 && before(v, heap[b], dist)) {
                heap[b + 1] = heap[b];
                b--;
            }
            heap[b + 1] = v;
        }
        return Arrays.copyOf(heap, k);
    }

    private static boolean before(int a, int b, double[] dist) {
        return dist[a] < dist[b] || (dist[a] == dist[b] && a < b);
    }

    private static void siftUp(int[] heap, int at, double[] dist) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!before(heap[parent], heap[at], dist)) {
                return;
            }
            int t = heap[parent];
            heap[parent] = heap[at];
            heap[at] = t;
            at = parent;
        }
    }

    private static void siftDown(int[] heap, int size, double[] dist) {
        int at = 0;
        while (true) {
            int l = 2 * at + 1;
            int r = l + 1;
            int top = at;
            if (l < size && before(heap[top], heap[l], dist)) {
                top = l;
            }
            if (r < size && before(heap[top], heap[r], dist)) {
                top = r;
            }
            if (top == at) {
                return;
            }
            int t = heap[top];
            heap[top] = heap[at];
            heap[at] = t;
            at = top;
        }
    }
}
