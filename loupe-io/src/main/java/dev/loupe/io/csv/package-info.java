/**
 * Reading tabular data from CSV into {@link dev.loupe.core.Frame}s: a header row, numeric or
 * categorical columns (inferred, or set by the caller), missing values, an optional target
 * column. Every error names the file, the line and the column.
 */
package dev.loupe.io.csv;
