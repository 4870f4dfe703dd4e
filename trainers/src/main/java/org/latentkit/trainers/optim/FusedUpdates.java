package org.latentkit.trainers.optim;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The engine's multi-tensor optimiser kernels: one engine call updates every parameter of a step,
 * as PyTorch's {@code fused=True} optimisers do.
 *
 * <p>On PyTorch (2.4 or later, CPU, float32) these are {@code aten::_fused_adam_}, {@code
 * _fused_adamw_} and {@code _fused_sgd_}. DJL's {@code NDArray} API does not reach them, so each is
 * called through a one-line TorchScript module that this class writes (its source is {@link
 * #ADAM_SOURCE} and the like) and loads with DJL's own {@link Model#load(java.io.InputStream)}; no
 * engine class is used. Each module's arguments are one float64 tensor of hyper-parameters and the
 * lists of tensors, which DJL passes as TorchScript lists when the arrays are named {@code x[]}.
 * Like DJL's per-parameter updates, each module then sets the gradients to zero ({@code
 * _foreach_zero_}), since DJL's gradient collector on PyTorch does not.
 *
 * <p>Per parameter, the fused Adam reads w, g, m, v and writes w, m, v, and the zeroing writes g: 8
 * passes over memory, against about 28 for DJL's {@code adamUpdate} and {@code zeroGrad} (the
 * update clones g, adds a zero weight decay and makes four temporaries). Its arithmetic is
 * PyTorch's (m by {@code lerp}, ε added to √v / √(1 − β2^t)), which equals DJL's to float rounding;
 * the callers ({@link AdamOptimizer}, {@link SgdOptimizer}) pass arguments that make the two the
 * same update (see there).
 *
 * <p>Elsewhere (MXNet, another device, any other data type) {@link #applies} answers false; where a
 * module does not load (a libtorch without the kernels), {@link #adam} and {@link #sgd} answer
 * false. Either way the callers update one parameter at a time.
 */
final class FusedUpdates {

    /** Adam, weight decay added to g: h = (η, β1, β2, λ, ε); p, g, m, v the lists; s the steps. */
    static final String ADAM_SOURCE = adamSource("FusedAdam", "_fused_adam_");

    /** AdamW: as Adam, with decoupled weight decay w ← w (1 − η λ). */
    static final String ADAMW_SOURCE = adamSource("FusedAdamW", "_fused_adamw_");

    /** SGD with momentum buffers b: h = (λ, μ, η, dampening). */
    static final String SGD_SOURCE =
            """
            class FusedSgd(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.FusedSgd, h: Tensor, p: List[Tensor], g: List[Tensor],
                  b: List[Tensor]) -> List[Tensor]:
                hv = annotate(List[float], h.tolist())
                torch._fused_sgd_(p, g, b, weight_decay=hv[0], momentum=hv[1], lr=hv[2],
                    dampening=hv[3], nesterov=False, maximize=False, is_first_step=False)
                torch._foreach_zero_(g)
                return annotate(List[Tensor], [])
            """;

    /** SGD without momentum: h = (λ, η). */
    static final String PLAIN_SGD_SOURCE =
            """
            class FusedPlainSgd(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.FusedPlainSgd, h: Tensor, p: List[Tensor],
                  g: List[Tensor]) -> List[Tensor]:
                hv = annotate(List[float], h.tolist())
                torch._fused_sgd_(p, g, annotate(List[Tensor], []), weight_decay=hv[0],
                    momentum=0., lr=hv[1], dampening=0., nesterov=False, maximize=False,
                    is_first_step=False)
                torch._foreach_zero_(g)
                return annotate(List[Tensor], [])
            """;

    private static final String ENGINE = "PyTorch";
    private static final Map<String, Kernel> KERNELS = new ConcurrentHashMap<>();

    private FusedUpdates() {}

    private static String adamSource(String className, String op) {
        return """
            class %1$s(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.%1$s, h: Tensor, p: List[Tensor], g: List[Tensor],
                  m: List[Tensor], v: List[Tensor], s: List[Tensor]) -> List[Tensor]:
                hv = annotate(List[float], h.tolist())
                torch.%2$s(p, g, m, v, annotate(List[Tensor], []), s, lr=hv[0], beta1=hv[1],
                    beta2=hv[2], weight_decay=hv[3], eps=hv[4], amsgrad=False, maximize=False)
                torch._foreach_zero_(g)
                return annotate(List[Tensor], [])
            """
                .formatted(className, op);
    }

    /**
     * Whether the fused kernels can update these arrays: all float32 on the CPU of the PyTorch
     * engine.
     *
     * @param weights the parameters
     * @return whether {@link #adam} and {@link #sgd} apply
     */
    static boolean applies(List<NDArray> weights) {
        if (weights.isEmpty()) {
            return false;
        }
        for (NDArray w : weights) {
            if (!ENGINE.equals(w.getManager().getEngine().getEngineName())
                    || !Device.cpu().equals(w.getDevice())
                    || w.getDataType() != DataType.FLOAT32) {
                return false;
            }
        }
        return true;
    }

    /**
     * One fused Adam (or AdamW) step over parameters that share the step number and learning rate:
     *
     * <pre>
     * m ← β1 m + (1 − β1) g'     v ← β2 v + (1 − β2) g'²     (g' = g + λ w for Adam, g for AdamW)
     * w ← w − η / (1 − β1^t) · m / (√v / √(1 − β2^t) + ε)    (AdamW: first w ← w (1 − η λ))
     * </pre>
     *
     * @param weights w, updated in place
     * @param grads g, one per weight, of its shape
     * @param means m, updated in place
     * @param variances v, updated in place
     * @param t the step number, at least 1
     * @param h the hyper-parameters (η, β1, β2, λ, ε)
     * @param decoupled AdamW's decay instead of Adam's
     * @return false when the kernel is not available here (nothing was changed)
     */
    static boolean adam(
            List<NDArray> weights,
            List<NDArray> grads,
            List<NDArray> means,
            List<NDArray> variances,
            int t,
            double[] h,
            boolean decoupled) {
        Kernel kernel =
                kernel(
                        decoupled ? "FusedAdamW" : "FusedAdam",
                        decoupled ? ADAMW_SOURCE : ADAM_SOURCE);
        if (kernel == null) {
            return false;
        }
        NDManager base = weights.get(0).getManager();
        try (NDManager call = base.newSubManager()) {
            NDArray step = call.create((float) t);
            List<NDArray> steps = new ArrayList<>(weights.size());
            for (int i = 0; i < weights.size(); i++) {
                steps.add(step);
            }
            kernel.run(
                    call,
                    h,
                    List.of("p[]", "g[]", "m[]", "v[]", "s[]"),
                    List.of(weights, grads, means, variances, steps));
        }
        return true;
    }

    /**
     * One fused SGD step: with momentum buffers, {@code b ← μ b + (1 − dampening) (g + λ w); w ← w
     * − η b}; without, {@code w ← w − η (g + λ w)}.
     *
     * @param weights w, updated in place
     * @param grads g
     * @param buffers b, updated in place; {@code null} without momentum
     * @param h with buffers (λ, μ, η, dampening); without (λ, η)
     * @return false when the kernel is not available here (nothing was changed)
     */
    static boolean sgd(
            List<NDArray> weights, List<NDArray> grads, List<NDArray> buffers, double[] h) {
        Kernel kernel =
                buffers == null
                        ? kernel("FusedPlainSgd", PLAIN_SGD_SOURCE)
                        : kernel("FusedSgd", SGD_SOURCE);
        if (kernel == null) {
            return false;
        }
        try (NDManager call = weights.get(0).getManager().newSubManager()) {
            if (buffers == null) {
                kernel.run(call, h, List.of("p[]", "g[]"), List.of(weights, grads));
            } else {
                kernel.run(call, h, List.of("p[]", "g[]", "b[]"), List.of(weights, grads, buffers));
            }
        }
        return true;
    }

    /**
     * The loaded module for a kernel, or {@code null} when this engine cannot load it.
     *
     * @param className the module class that {@code source} defines, also the cache key
     */
    private static Kernel kernel(String className, String source) {
        Kernel k = KERNELS.computeIfAbsent(className, n -> Kernel.load(n, source));
        return k.block == null ? null : k;
    }

    /**
     * A TorchScript archive as {@code torch.jit.save} writes it: a zip holding the pickled module
     * object ({@code data.pkl}: a {@code __torch__.C} with {@code training = True}), its class's
     * source ({@code code/__torch__.py}), no constants, and format version 3.
     *
     * @param className the module class defined by {@code source}
     * @param source the TorchScript source of the class
     * @return the archive's bytes
     */
    static byte[] archive(String className, String source) throws IOException {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(new byte[] {(byte) 0x80, 2, 'c'}); // PROTO 2, GLOBAL
        pickle.write(("__torch__\n" + className + "\n").getBytes(StandardCharsets.US_ASCII));
        pickle.write(new byte[] {'q', 0, ')', (byte) 0x81, '}', '(', 'X', 8, 0, 0, 0});
        pickle.write("training".getBytes(StandardCharsets.US_ASCII));
        // BINPUT 1, NEWTRUE, SETITEMS, BUILD, BINPUT 2, STOP
        pickle.write(new byte[] {'q', 1, (byte) 0x88, 'u', 'b', 'q', 2, '.'});
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            stored(out, "fused/data.pkl", pickle.toByteArray());
            stored(out, "fused/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(out, "fused/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(out, "fused/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return zip.toByteArray();
    }

    private static void stored(ZipOutputStream out, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        e.setTime(0);
        out.putNextEntry(e);
        out.write(data);
        out.closeEntry();
    }

    /** One loaded module, kept for the life of the process; {@code block} null if it failed. */
    private static final class Kernel {
        /** Held so that it is never collected: DJL's models close themselves when finalised. */
        private final Model model;

        private final Block block;
        private final ParameterStore store;

        private Kernel(Model model) {
            this.model = model;
            this.block = model == null ? null : model.getBlock();
            this.store = model == null ? null : new ParameterStore(model.getNDManager(), false);
        }

        static Kernel load(String className, String source) {
            try {
                // Never closed: the module lives as long as the process.
                Model model = Model.newInstance("latentkit-" + className, Device.cpu(), ENGINE);
                model.load(new ByteArrayInputStream(archive(className, source)));
                return new Kernel(model);
            } catch (IOException | RuntimeException | MalformedModelException e) {
                // An engine without these kernels (libtorch before 2.4): update one at a time.
                return new Kernel(null);
            }
        }

        /**
         * Calls the module: h first (so the call's outputs belong to {@code call}), then each list
         * under its TorchScript name. The arrays' own names are restored afterwards.
         */
        void run(NDManager call, double[] h, List<String> names, List<List<NDArray>> lists) {
            NDList inputs = new NDList();
            inputs.add(call.create(h));
            List<String> saved = new ArrayList<>();
            for (int l = 0; l < lists.size(); l++) {
                for (NDArray a : lists.get(l)) {
                    saved.add(a.getName());
                    a.setName(names.get(l));
                    inputs.add(a);
                }
            }
            try {
                block.forward(store, inputs, false).close();
            } finally {
                for (int i = 1; i < inputs.size(); i++) {
                    inputs.get(i).setName(saved.get(i - 1));
                }
            }
        }
    }
}
