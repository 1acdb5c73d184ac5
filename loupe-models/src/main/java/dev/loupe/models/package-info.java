/**
 * Readers of foreign model files into Loupe's canonical {@link dev.loupe.core.TreeEnsemble}: one
 * small reader per format, and {@link dev.loupe.models.ModelReaders} to pick one from a file's
 * content. A reader never guesses: anything it does not understand is a
 * {@link dev.loupe.core.ModelFormatException} naming the file and the part.
 */
package dev.loupe.models;
