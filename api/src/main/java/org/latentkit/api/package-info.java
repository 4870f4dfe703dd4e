/** The shared vocabulary of latentkit: configuration, data, metrics and run records. */
package org.latentkit.api;
