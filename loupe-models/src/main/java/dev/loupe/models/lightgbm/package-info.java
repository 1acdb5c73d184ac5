/**
 * Reads LightGBM's text model format into Loupe's {@link dev.loupe.core.TreeEnsemble}.
 * {@link dev.loupe.models.lightgbm.LightGbmModelReader} is the entry point; package-private classes
 * each do one job: {@code ModelText} splits the file into keyed lines, {@code Header} reads the
 * header, {@code Objective} maps the objective to a link, {@code TreeBlockReader} turns one tree
 * block into canonical nodes, {@code DecisionType} decodes LightGBM's split flags. The format
 * facts are those of LightGBM's {@code src/boosting/gbdt_model_text.cpp} and
 * {@code src/io/tree.cpp}, checked against LightGBM's own predictions in the tests.
 */
package dev.loupe.models.lightgbm;
