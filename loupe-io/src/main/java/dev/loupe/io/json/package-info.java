/**
 * The one versioned JSON form of explanations ({@code "format": "loupe.explanation"}), used for
 * storage, the REST API, the dashboard and Spark: {@link dev.loupe.io.json.ExplanationJson} writes
 * {@link dev.loupe.core.Attributions} (and, optionally, their {@link dev.loupe.core.Interactions})
 * and reads them back bit for bit. {@link dev.loupe.io.json.AnchorJson} is the versioned form of
 * anchors ({@code "format": "loupe.anchor"}).
 */
package dev.loupe.io.json;
