/**
 * DJL {@link ai.djl.translate.Translator}s for digit images: an image file becomes the {@code (1,
 * 1, 28, 28)} input a latentkit model was trained on, and the model's outputs become classes or
 * codes. They need only DJL's API and this module, so a saved model loads through {@code Criteria}
 * with no latentkit trainer code.
 */
package org.latentkit.api.translate;
