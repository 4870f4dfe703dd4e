/** NDArray helpers that keep engine arithmetic safe and deterministic across engines. */
package org.latentkit.core.nd;
