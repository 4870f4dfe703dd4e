/** Run records: atomic files, provenance, {@code metrics.json} and {@code config.json}. */
package org.latentkit.api.run;
