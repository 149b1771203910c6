package io.osimg.image.lint;

/**
 * The verdict of one rule on one image.
 *
 * @param rule the stable rule ID (see {@link Rule})
 * @param verdict pass, warn or fail
 * @param message what was found, naming the file it concerns
 */
public record Finding(String rule, Verdict verdict, String message) {}
