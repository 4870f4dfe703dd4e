/**
 * Run configuration: engine, device, seed, threads, batch size, epochs, data and output
 * directories.
 */
package org.latentkit.api.config;
