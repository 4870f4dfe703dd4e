/**
 * latentkit's own DJL optimisers (Adam, AdamW, SGD with momentum), whose per-parameter state and
 * update counts are read and written through their public API, so checkpoints can save them.
 */
package org.latentkit.trainers.optim;
