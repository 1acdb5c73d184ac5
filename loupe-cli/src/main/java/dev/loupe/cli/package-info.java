/**
 * The {@code loupe} command: {@code predict}, {@code explain} and {@code demo} over model files and
 * CSV data. A front end only: it reads files with loupe-models and loupe-io, explains with
 * loupe-explainers, and turns every user mistake into one line {@code loupe: ...} on stderr with
 * exit code 2 (usage) or 1 (data or model).
 */
package dev.loupe.cli;
