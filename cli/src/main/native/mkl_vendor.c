/*
 * oneMKL's vendor check, answered "Intel".
 *
 * The PyTorch engine's libtorch_cpu links Intel oneMKL for its matrix products. oneMKL asks
 * mkl_serv_intel_cpu_true() whether the CPU is an Intel one, and on any other vendor's CPU runs
 * its generic code paths. It still picks the instruction set (AVX2, AVX-512) from the CPU's own
 * feature flags, so answering "yes" on an AMD CPU selects the kernels that CPU can run.
 *
 * Measured on a 2-core AMD EPYC with AVX-512 (docs/performance.md): the dense autoencoder's
 * training step (batch 512) took 14.3-15.8 ms with the vendor check, 8.6-9.9 ms without.
 *
 * The launcher (../../../../latentkit) compiles this file once with cc and preloads it into the
 * CLI's JVM on AMD CPUs only; LATENTKIT_MKL_VENDOR=keep leaves the check as it is.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
