package org.latentkit.blocks.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.latentkit.core.InvalidInputException;
import org.latentkit.core.nd.Scalars;

/**
 * Random affine and elastic distortion of a batch of images, for data augmentation: a
 * parameter-free block that, in training mode, moves, rotates, rescales and (optionally)
 * elastically warps every image by its own random amount, and in inference mode returns its input
 * untouched.
 *
 * <p><b>Geometry.</b> Pixel {@code (i, j)} (row {@code i}, column {@code j}) of an {@code H × W}
 * image has centred coordinates {@code p = (u, v) = (j − (W−1)/2, i − (H−1)/2)}, with {@code v}
 * pointing down. Image {@code b} of the batch gets its own angle {@code θ ~ U(−r, r)} degrees,
 * scale factor {@code s ~ U(1−σ, 1+σ)} and shift {@code t = (t_x, t_y) ~ U(−m, m)²} pixels (each
 * range of width 0 is not drawn). The content moves by the forward map {@code p ↦ s·R(θ)·p + t}
 * with {@code R(θ) = [[cos θ, sin θ], [−sin θ, cos θ]]}, a counter-clockwise rotation as the image
 * is displayed (θ = 90° is {@code numpy.rot90}). Output pixel {@code p} therefore reads the input
 * at the inverse image
 *
 * <pre>
 *   q(p) = R(−θ)·(p − t) / s  +  d(p),     R(−θ) = [[cos θ, −sin θ], [sin θ, cos θ]],
 * </pre>
 *
 * where {@code d} is the elastic displacement of Simard, Steinkraus and Platt (2003), or 0: a field
 * {@code D ~ U(−1, 1)} of shape {@code (2, H, W)} (one plane for {@code x}, one for {@code y}),
 * smoothed by a Gaussian filter of standard deviation {@code σ_e} pixels and scaled by {@code α}:
 * {@code d = α · G_H · D · G_Wᵀ}, with {@code G_N[i][k] = exp(−(i−k)²/(2σ_e²)) / Σ_{m∈ℤ}
 * exp(−m²/(2σ_e²))} the {@code (N, N)} matrix of a normalised Gaussian filter with zero padding.
 *
 * <p><b>Sampling.</b> The input is read at {@code q} (back in pixel units) by bilinear
 * interpolation with zero padding: with {@code x₀ = ⌊q_x⌋}, {@code y₀ = ⌊q_y⌋}, {@code f_x = q_x −
 * x₀} and {@code f_y = q_y − y₀}, the output is {@code Σ w·x[y', x']} over the four neighbours
 * {@code (y', x') ∈ {y₀, y₀+1} × {x₀, x₀+1}} with weights {@code (1−f_x)(1−f_y)}, {@code
 * f_x(1−f_y)}, {@code (1−f_x)f_y}, {@code f_x f_y}, and a neighbour outside the image contributes
 * 0. Every channel of an image gets the same map.
 *
 * <p><b>On the engine.</b> The whole batch is transformed by batched engine operations, with no
 * loop over images: one {@code (B, 2, 2)} by {@code (B, 2, H·W)} matrix product for the affine map,
 * two matrix products with the fixed Gaussian matrices for the elastic field (no convolution), and
 * one {@link NDArray#take linear gather} per neighbour from the flattened batch at {@code (b·C +
 * c)·H·W + y'·W + x'} (PyTorch's {@code torch.take}, MXNet's {@code take}). The random draws come
 * from the input's {@link NDManager} ({@code randomUniform}), that is from the engine's generator:
 * a trainer that seeds the engine (latentkit's loop re-seeds it from the seed and global step at
 * every checkpoint and on resume) gets the same augmented batches on every run.
 *
 * <p>Shapes: input {@code (B, C, H, W)} or {@code (B, H, W)}, float; output the same shape and
 * type. No parameters; the transform carries no gradient to its parameters, which are not learned.
 *
 * <pre>{@code
 * RandomAffine augment = RandomAffine.builder().optShift(2).optRotation(10).build();
 * try (NDManager m = NDManager.newBaseManager()) {
 *     NDArray batch = m.zeros(new Shape(32, 1, 28, 28));
 *     NDArray seen = augment.augment(batch); // (32, 1, 28, 28), a new draw per image
 * }
 * }</pre>
 *
 * @see <a href="https://doi.org/10.1109/ICDAR.2003.1227801">Simard, Steinkraus and Platt, Best
 *     practices for convolutional neural networks applied to visual document analysis (ICDAR
 *     2003)</a>
 */
public final class RandomAffine extends AbstractBlock {

    private static final byte VERSION = 1;

    /** The spec of a bare {@code --augment}: shifts up to 2 pixels and rotations up to 10°. */
    public static final String DEFAULT_SPEC = "shift=2,rotate=10";

    /** The spec of no augmentation (every range 0): {@link #toSpec()} of the identity. */
    public static final String NONE = "none";

    private static final List<String> OPS = List.of("shift", "rotate", "scale", "elastic");

    private final float shift;
    private final float rotation;
    private final float scale;
    private final float elasticAlpha;
    private final float elasticSigma;

    private RandomAffine(Builder b) {
        super(VERSION);
        this.shift = b.shift;
        this.rotation = b.rotation;
        this.scale = b.scale;
        this.elasticAlpha = b.elasticAlpha;
        this.elasticSigma = b.elasticAlpha > 0 ? b.elasticSigma : 0;
    }

    /**
     * Starts a builder; every range starts at 0 (no change).
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses a spec: comma-separated {@code op=value} with ops {@code shift=PX}, {@code
     * rotate=DEGREES}, {@code scale=FRACTION} and {@code elastic=ALPHA:SIGMA}, for example {@code
     * "shift=2,rotate=10,scale=0.1,elastic=34:4"}. An empty spec or {@code default} is {@link
     * #DEFAULT_SPEC}; {@code none} is the identity.
     *
     * @param spec the spec, or {@code null} for the default
     * @return the block
     * @throws InvalidInputException one line naming an unknown op, a bad number or a bad range
     */
    public static RandomAffine parse(String spec) {
        String text = spec == null ? "" : spec.strip();
        if (text.isEmpty() || text.equals("default")) {
            text = DEFAULT_SPEC;
        }
        Builder b = builder();
        if (text.equals(NONE)) {
            return b.build();
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (String part : text.split(",", -1)) {
            String item = part.strip();
            int eq = item.indexOf('=');
            String op = (eq < 0 ? item : item.substring(0, eq)).strip();
            if (!OPS.contains(op)) {
                throw new InvalidInputException(
                        "augment: unknown op '" + op + "' (valid: " + String.join(", ", OPS) + ")");
            }
            if (eq < 0) {
                throw new InvalidInputException(
                        "augment: " + op + " needs a value, as in " + example(op));
            }
            if (seen.put(op, item) != null) {
                throw new InvalidInputException("augment: " + op + " is given twice");
            }
            String value = item.substring(eq + 1).strip();
            switch (op) {
                case "shift" -> b.optShift(number(op, value));
                case "rotate" -> b.optRotation(number(op, value));
                case "scale" -> b.optScale(number(op, value));
                default -> {
                    int colon = value.indexOf(':');
                    if (colon < 0) {
                        throw new InvalidInputException(
                                "augment: elastic needs ALPHA:SIGMA, as in "
                                        + example(op)
                                        + ", got '"
                                        + value
                                        + "'");
                    }
                    b.optElastic(
                            number(op, value.substring(0, colon)),
                            number(op, value.substring(colon + 1)));
                }
            }
        }
        return b.build();
    }

    private static String example(String op) {
        return switch (op) {
            case "shift" -> "shift=2";
            case "rotate" -> "rotate=10";
            case "scale" -> "scale=0.1";
            default -> "elastic=34:4";
        };
    }

    private static float number(String op, String text) {
        try {
            return Float.parseFloat(text.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(
                    "augment: " + op + " needs a number, got '" + text.strip() + "'", e);
        }
    }

    /**
     * Returns the spec that {@link #parse} turns back into an equal block: the ops whose range is
     * not 0, in the order shift, rotate, scale, elastic.
     *
     * @return for example {@code "shift=2,rotate=10"}, or {@link #NONE}
     */
    public String toSpec() {
        StringBuilder s = new StringBuilder();
        if (shift > 0) {
            s.append(",shift=").append(format(shift));
        }
        if (rotation > 0) {
            s.append(",rotate=").append(format(rotation));
        }
        if (scale > 0) {
            s.append(",scale=").append(format(scale));
        }
        if (elasticAlpha > 0) {
            s.append(",elastic=")
                    .append(format(elasticAlpha))
                    .append(':')
                    .append(format(elasticSigma));
        }
        return s.length() == 0 ? NONE : s.substring(1);
    }

    private static String format(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e7 ? Long.toString((long) v) : Float.toString(v);
    }

    /**
     * Returns the largest shift.
     *
     * @return {@code m}: each of {@code t_x, t_y} is drawn from {@code U(−m, m)} pixels
     */
    public float shift() {
        return shift;
    }

    /**
     * Returns the largest rotation.
     *
     * @return {@code r}: the angle is drawn from {@code U(−r, r)} degrees
     */
    public float rotation() {
        return rotation;
    }

    /**
     * Returns the scale range.
     *
     * @return {@code σ}: the scale factor is drawn from {@code U(1−σ, 1+σ)}
     */
    public float scale() {
        return scale;
    }

    /**
     * Returns the elastic field's strength.
     *
     * @return {@code α} in pixels per unit of smoothed noise; 0 for no elastic warp
     */
    public float elasticAlpha() {
        return elasticAlpha;
    }

    /**
     * Returns the elastic field's smoothness.
     *
     * @return {@code σ_e}, the Gaussian filter's standard deviation in pixels; 0 without elastic
     *     warp
     */
    public float elasticSigma() {
        return elasticSigma;
    }

    /**
     * Returns whether every range is 0, so that training batches pass unchanged.
     *
     * @return true for the identity
     */
    public boolean isIdentity() {
        return shift == 0 && rotation == 0 && scale == 0 && elasticAlpha == 0;
    }

    /**
     * The per-image parameters of one transform of a batch of {@code B} images of {@code H × W}.
     *
     * @param radians {@code (B)} angles {@code θ}, counter-clockwise as displayed
     * @param scale {@code (B)} scale factors {@code s > 0}
     * @param shift {@code (B, 2)} shifts {@code (t_x, t_y)} in pixels, right and down
     * @param displacement {@code (B, 2, H, W)} elastic displacements {@code d} in pixels ({@code x}
     *     plane first), or {@code null} for none
     */
    public record Draw(NDArray radians, NDArray scale, NDArray shift, NDArray displacement) {

        /** Validates the components. */
        public Draw {
            Objects.requireNonNull(radians, "radians");
            Objects.requireNonNull(scale, "scale");
            Objects.requireNonNull(shift, "shift");
        }
    }

    /**
     * Draws a transform per image of a batch from the batch's manager (the engine's random
     * generator): the angle, scale, shift and elastic field described in the class comment.
     *
     * @param x {@code (B, C, H, W)} or {@code (B, H, W)} images
     * @return the draw, in {@code x}'s manager
     */
    public Draw draw(NDArray x) {
        Shape s = imageShape(x);
        long b = s.get(0);
        long h = s.get(2);
        long w = s.get(3);
        NDManager m = x.getManager();
        Shape one = new Shape(b);
        NDArray radians =
                rotation > 0
                        ? uniform(m, x, (float) Math.toRadians(rotation), one)
                        : m.zeros(one, DataType.FLOAT32, x.getDevice());
        NDArray factor =
                scale > 0
                        ? uniform(m, x, scale, one).add(1f)
                        : m.ones(one, DataType.FLOAT32, x.getDevice());
        NDArray t =
                shift > 0
                        ? uniform(m, x, shift, new Shape(b, 2))
                        : m.zeros(new Shape(b, 2), DataType.FLOAT32, x.getDevice());
        NDArray d = null;
        if (elasticAlpha > 0) {
            NDArray noise = uniform(m, x, 1f, new Shape(b * 2, h, w));
            NDArray gh = gaussian(m, x, (int) h, elasticSigma).expandDims(0);
            NDArray gw = gaussian(m, x, (int) w, elasticSigma).expandDims(0);
            // G_H · D · G_Wᵀ, batched over the 2B planes; both matrices are symmetric.
            NDArray smooth = gh.matMul(noise).matMul(gw);
            d = Scalars.mul(smooth, elasticAlpha).reshape(b, 2, h, w);
        }
        return new Draw(radians, factor, t, d);
    }

    /** {@code U(−half, half)} of a shape, from {@code x}'s manager and device. */
    private static NDArray uniform(NDManager m, NDArray x, float half, Shape shape) {
        return m.randomUniform(-half, half, shape, DataType.FLOAT32, x.getDevice());
    }

    /**
     * Returns the {@code (n, n)} matrix of a normalised Gaussian filter with zero padding: {@code
     * G[i][k] = exp(−(i−k)²/(2σ²)) / Σ_{m∈ℤ} exp(−m²/(2σ²))}.
     *
     * @param n the image side
     * @param sigma the standard deviation in pixels
     * @return the row-major matrix
     */
    static float[] gaussianMatrix(int n, float sigma) {
        double z = 0;
        int reach = (int) Math.ceil(10 * sigma) + n;
        for (int k = -reach; k <= reach; k++) {
            z += Math.exp(-(double) k * k / (2.0 * sigma * sigma));
        }
        float[] g = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                g[i * n + k] =
                        (float) (Math.exp(-(double) (i - k) * (i - k) / (2.0 * sigma * sigma)) / z);
            }
        }
        return g;
    }

    private static NDArray gaussian(NDManager m, NDArray x, int n, float sigma) {
        return m.create(gaussianMatrix(n, sigma), new Shape(n, n)).toDevice(x.getDevice(), false);
    }

    /**
     * Transforms a batch with a new random draw per image: {@code warp(x, draw(x))}, what the block
     * does in training mode.
     *
     * @param x {@code (B, C, H, W)} or {@code (B, H, W)} images
     * @return the transformed images, {@code x}'s shape and type, in {@code x}'s manager
     */
    public NDArray augment(NDArray x) {
        return warp(x, draw(x));
    }

    /**
     * Transforms every image of a batch by the same fixed map, with no randomness: rotation by
     * {@code degrees} counter-clockwise, scaling by {@code scale}, then a shift of {@code (dx, dy)}
     * pixels (right and down), about the image centre, as in the class comment.
     *
     * @param x {@code (B, C, H, W)} or {@code (B, H, W)} images
     * @param degrees the angle {@code θ} in degrees
     * @param scale the scale factor {@code s > 0}
     * @param dx the shift {@code t_x} to the right, in pixels
     * @param dy the shift {@code t_y} downwards, in pixels
     * @return the transformed images, {@code x}'s shape and type
     */
    public static NDArray apply(NDArray x, float degrees, float scale, float dx, float dy) {
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new InvalidInputException("augment: scale factor must be positive, got " + scale);
        }
        long b = imageShape(x).get(0);
        NDManager m = x.getManager();
        Shape one = new Shape(b);
        Draw d =
                new Draw(
                        m.full(
                                one,
                                (float) Math.toRadians(degrees),
                                DataType.FLOAT32,
                                x.getDevice()),
                        m.full(one, scale, DataType.FLOAT32, x.getDevice()),
                        m.create(new float[] {dx, dy})
                                .toDevice(x.getDevice(), false)
                                .broadcast(new Shape(b, 2)),
                        null);
        return warp(x, d);
    }

    /**
     * Transforms a batch by given per-image parameters: output pixel {@code p} of image {@code b}
     * is the bilinear, zero-padded sample of the input at {@code q(p) = R(−θ_b)·(p − t_b)/s_b +
     * d_b(p)} (class comment). Batched engine operations only.
     *
     * @param x {@code (B, C, H, W)} or {@code (B, H, W)} images
     * @param d the per-image parameters, for {@code B} images of {@code x}'s {@code H × W}
     * @return the transformed images, {@code x}'s shape and type, in {@code x}'s manager
     */
    public static NDArray warp(NDArray x, Draw d) {
        Shape s = imageShape(x);
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        long n = h * w;
        NDManager m = x.getManager();
        NDArray cos = d.radians().cos().div(d.scale());
        NDArray sin = d.radians().sin().div(d.scale());
        // R(−θ)/s = [[cos, −sin], [sin, cos]] / s, one (2, 2) matrix per image.
        NDArray inverse = NDArrays.stack(new NDList(cos, sin.neg(), sin, cos), 1).reshape(b, 2, 2);
        NDArray p = grid(m, x, (int) h, (int) w).sub(d.shift().reshape(b, 2, 1)); // (B, 2, N)
        NDArray q = inverse.matMul(p);
        if (d.displacement() != null) {
            q = q.add(d.displacement().reshape(b, 2, n));
        }
        NDArray qx = q.get(new NDIndex(":, 0, :")).add((w - 1) / 2f); // (B, N), pixel units
        NDArray qy = q.get(new NDIndex(":, 1, :")).add((h - 1) / 2f);
        NDArray x0 = qx.floor();
        NDArray y0 = qy.floor();
        NDArray fx = qx.sub(x0);
        NDArray fy = qy.sub(y0);
        // First element of each (image, channel) plane in the flattened batch: (b·C + c)·N.
        long[] starts = new long[(int) (b * c)];
        for (int k = 0; k < starts.length; k++) {
            starts[k] = k * n;
        }
        NDArray planes = m.create(starts, new Shape(b, c, 1)).toDevice(x.getDevice(), false);
        NDArray x32 = x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        NDArray out = null;
        for (int oy = 0; oy <= 1; oy++) {
            NDArray yi = oy == 0 ? y0 : y0.add(1f);
            NDArray wy = oy == 0 ? fy.neg().add(1f) : fy;
            for (int ox = 0; ox <= 1; ox++) {
                NDArray xi = ox == 0 ? x0 : x0.add(1f);
                NDArray wx = ox == 0 ? fx.neg().add(1f) : fx;
                NDArray inside =
                        xi.gte(0f)
                                .logicalAnd(xi.lte(w - 1f))
                                .logicalAnd(yi.gte(0f))
                                .logicalAnd(yi.lte(h - 1f));
                NDArray weight = wx.mul(wy).mul(inside.toType(DataType.FLOAT32, false));
                NDArray local =
                        Scalars.mul(yi.clip(0f, h - 1f), (float) w)
                                .add(xi.clip(0f, w - 1f))
                                .toType(DataType.INT64, false);
                NDArray index = planes.add(local.reshape(b, 1, n)); // (B, C, N)
                NDArray term = x32.take(index).mul(weight.reshape(b, 1, n));
                out = out == null ? term : out.add(term);
            }
        }
        return out.reshape(x.getShape()).toType(x.getDataType(), false);
    }

    /** The {@code (1, 2, H·W)} centred coordinates {@code (u, v)} of every pixel, row-major. */
    private static NDArray grid(NDManager m, NDArray x, int h, int w) {
        float[] g = new float[2 * h * w];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                g[i * w + j] = j - (w - 1) / 2f;
                g[h * w + i * w + j] = i - (h - 1) / 2f;
            }
        }
        return m.create(g, new Shape(1, 2, (long) h * w)).toDevice(x.getDevice(), false);
    }

    /**
     * Shifts every image by a whole number of pixels, filling with 0: {@code y[…, i, j] = x[…, i −
     * dy, j − dx]} where that lies inside the image, else 0. Deterministic (for robustness tests
     * such as {@code test_accuracy_shift_N}); no interpolation.
     *
     * @param x {@code (…, H, W)} images, at least two axes
     * @param dx pixels to the right (negative: to the left)
     * @param dy pixels down (negative: up)
     * @return the shifted images, {@code x}'s shape and type, in {@code x}'s manager
     */
    public static NDArray shift(NDArray x, int dx, int dy) {
        int rank = x.getShape().dimension();
        if (rank < 2) {
            throw new InvalidInputException(
                    "augment: shift needs images of shape (..., H, W), got " + x.getShape());
        }
        return shiftAxis(shiftAxis(x, dx, rank - 1), dy, rank - 2);
    }

    private static NDArray shiftAxis(NDArray x, int d, int axis) {
        long n = x.getShape().get(axis);
        if (d == 0) {
            return x;
        }
        if (Math.abs(d) >= n) {
            return x.zerosLike();
        }
        long[] dims = x.getShape().getShape().clone();
        dims[axis] = Math.abs(d);
        NDArray zeros = x.getManager().zeros(new Shape(dims), x.getDataType(), x.getDevice());
        String before = ":, ".repeat(axis);
        String after = ", :".repeat(x.getShape().dimension() - 1 - axis);
        NDArray kept =
                d > 0
                        ? x.get(new NDIndex(before + "0:" + (n - d) + after))
                        : x.get(new NDIndex(before + (-d) + ":" + n + after));
        return d > 0 ? zeros.concat(kept, axis) : kept.concat(zeros, axis);
    }

    /** Returns {@code x}'s shape as {@code (B, C, H, W)}, accepting {@code (B, H, W)}. */
    private static Shape imageShape(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() == 4) {
            return s;
        }
        if (s.dimension() == 3) {
            return new Shape(s.get(0), 1, s.get(1), s.get(2));
        }
        throw new InvalidInputException(
                "augment: input must be images of shape (B, C, H, W) or (B, H, W), got " + s);
    }

    /** {@inheritDoc} In training mode {@link #augment}; otherwise the input itself. */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        return new NDList(training && !isIdentity() ? augment(x) : x);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} Equal ranges make equal blocks. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RandomAffine r && toSpec().equals(r.toSpec());
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return toSpec().hashCode();
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return "RandomAffine(" + toSpec() + ")";
    }

    /** Builds a {@link RandomAffine}; every range starts at 0. */
    public static final class Builder {
        private float shift;
        private float rotation;
        private float scale;
        private float elasticAlpha;
        private float elasticSigma;
        private boolean elastic;

        private Builder() {}

        /**
         * Sets the largest shift (default 0): {@code t_x, t_y ~ U(−px, px)}.
         *
         * @param px pixels, 0 or more
         * @return this builder
         */
        public Builder optShift(float px) {
            this.shift = px;
            return this;
        }

        /**
         * Sets the largest rotation (default 0): {@code θ ~ U(−degrees, degrees)}.
         *
         * @param degrees in [0, 180]
         * @return this builder
         */
        public Builder optRotation(float degrees) {
            this.rotation = degrees;
            return this;
        }

        /**
         * Sets the scale range (default 0): the scale factor is drawn from {@code U(1 − fraction, 1
         * + fraction)}.
         *
         * @param fraction in [0, 1)
         * @return this builder
         */
        public Builder optScale(float fraction) {
            this.scale = fraction;
            return this;
        }

        /**
         * Adds the elastic warp of Simard et al. (2003) (default none): a uniform noise field
         * smoothed by a Gaussian of standard deviation {@code sigma} and scaled by {@code alpha}
         * (their MNIST setting is {@code alpha = 34, sigma = 4}).
         *
         * @param alpha pixels per unit of smoothed noise, 0 or more (0: none)
         * @param sigma the Gaussian's standard deviation in pixels, more than 0
         * @return this builder
         */
        public Builder optElastic(float alpha, float sigma) {
            this.elasticAlpha = alpha;
            this.elasticSigma = sigma;
            this.elastic = true;
            return this;
        }

        /**
         * Validates the ranges and builds the block.
         *
         * @return the block
         * @throws InvalidInputException naming the first option out of range
         */
        public RandomAffine build() {
            if (!(shift >= 0) || !Float.isFinite(shift)) {
                throw new InvalidInputException(
                        "augment: shift must be 0 or more pixels, got " + shift);
            }
            if (!(rotation >= 0 && rotation <= 180)) {
                throw new InvalidInputException(
                        "augment: rotate must be between 0 and 180 degrees, got " + rotation);
            }
            if (!(scale >= 0 && scale < 1)) {
                throw new InvalidInputException(
                        "augment: scale must be in [0, 1) (the factor is drawn from [1 - s, 1 + s]),"
                                + " got "
                                + scale);
            }
            if (elastic) {
                if (!(elasticAlpha >= 0) || !Float.isFinite(elasticAlpha)) {
                    throw new InvalidInputException(
                            "augment: elastic alpha must be 0 or more, got " + elasticAlpha);
                }
                if (!(elasticSigma > 0) || !Float.isFinite(elasticSigma)) {
                    throw new InvalidInputException(
                            "augment: elastic sigma must be more than 0 pixels, got "
                                    + elasticSigma);
                }
            }
            return new RandomAffine(this);
        }
    }
}
