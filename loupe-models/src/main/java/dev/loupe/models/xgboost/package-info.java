/**
 * The XGBoost reader: {@link dev.loupe.models.xgboost.XGBoostModelReader} turns a model saved by
 * XGBoost's {@code save_model} (1.6 to 3.x, JSON or UBJSON) into a
 * {@link dev.loupe.core.TreeEnsemble}. Inside, one small class per job: {@code ModelDocument} tells
 * JSON from UBJSON and parses it (JSON with Jackson, UBJSON with the hand-written {@code Ubjson},
 * as Jackson has no UBJSON module) into one {@code JsonNode} tree; {@code LearnerReader} translates
 * that tree; {@code Objective} holds each objective's link and base-score transform. Anything not
 * understood is a {@link dev.loupe.core.ModelFormatException} naming the file and the part.
 */
package dev.loupe.models.xgboost;
