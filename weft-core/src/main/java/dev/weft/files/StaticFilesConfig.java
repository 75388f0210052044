package dev.weft.files;

/**
 * How {@link StaticFiles} serves a folder. Immutable; start from {@link #defaults()} and
 * change what you need:
 *
 * <pre>{@code
 * StaticFilesConfig config = StaticFilesConfig.defaults().withCacheControl("max-age=3600");
 * }</pre>
 *
 * @param showHidden   whether dot files and dot folders are listed and served; default
 *                     {@code false} (they are 404, so {@code .git} or {@code .env} never leak)
 * @param followLinks  whether symbolic links may lead out of the root; default {@code false}
 *                     (links that stay inside the root always work)
 * @param cacheControl the {@code Cache-Control} value sent with files, e.g.
 *                     {@code max-age=3600}, or {@code null} (default) for none
 * @param compression  whether to serve precompressed {@code .br}/{@code .gz} sidecars and to
 *                     gzip compressible files on the fly; default {@code true}
 * @param listing      whether a folder without an {@code index.html} is answered with an HTML
 *                     listing; default {@code true}. Without listings such a folder is
 *                     {@code 404}, with or without its trailing slash, exactly like a folder
 *                     that does not exist: a {@code 403} would tell that it exists.
 * @param spaFallback  whether a single-page application's routes are answered with the root's
 *                     {@code index.html}; default {@code false}. See
 *                     {@link #withSpaFallback(boolean)} for exactly which requests fall back.
 */
public record StaticFilesConfig(boolean showHidden, boolean followLinks, String cacheControl, boolean compression,
                                boolean listing, boolean spaFallback) {

    private static final StaticFilesConfig DEFAULTS = new StaticFilesConfig(false, false, null, true, true, false);

    /** Checks that {@code cacheControl}, if set, is a non-blank, printable header value. */
    public StaticFilesConfig {
        if (cacheControl != null) {
            if (cacheControl.isBlank()) {
                throw new IllegalArgumentException("Cache-Control must not be blank");
            }
            for (int i = 0; i < cacheControl.length(); i++) {
                char c = cacheControl.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException("Cache-Control may only hold printable ASCII");
                }
            }
        }
    }

    /**
     * The options of earlier releases, with listings on and no single-page fallback.
     *
     * @param showHidden   see {@link #showHidden()}
     * @param followLinks  see {@link #followLinks()}
     * @param cacheControl see {@link #cacheControl()}
     * @param compression  see {@link #compression()}
     */
    public StaticFilesConfig(boolean showHidden, boolean followLinks, String cacheControl, boolean compression) {
        this(showHidden, followLinks, cacheControl, compression, true, false);
    }

    /**
     * Hidden files off, links confined to the root, no {@code Cache-Control}, compression on,
     * listings on, no single-page fallback.
     */
    public static StaticFilesConfig defaults() {
        return DEFAULTS;
    }

    /** A copy with {@link #showHidden} changed. */
    public StaticFilesConfig withShowHidden(boolean showHidden) {
        return new StaticFilesConfig(showHidden, followLinks, cacheControl, compression, listing, spaFallback);
    }

    /** A copy with {@link #followLinks} changed. */
    public StaticFilesConfig withFollowLinks(boolean followLinks) {
        return new StaticFilesConfig(showHidden, followLinks, cacheControl, compression, listing, spaFallback);
    }

    /** A copy with {@link #cacheControl} changed ({@code null} for none). */
    public StaticFilesConfig withCacheControl(String cacheControl) {
        return new StaticFilesConfig(showHidden, followLinks, cacheControl, compression, listing, spaFallback);
    }

    /** A copy with {@link #compression} changed. */
    public StaticFilesConfig withCompression(boolean compression) {
        return new StaticFilesConfig(showHidden, followLinks, cacheControl, compression, listing, spaFallback);
    }

    /**
     * A copy with {@link #listing} changed: {@code false} makes a folder without an
     * {@code index.html} a {@code 404}.
     */
    public StaticFilesConfig withListing(boolean listing) {
        return new StaticFilesConfig(showHidden, followLinks, cacheControl, compression, listing, spaFallback);
    }

    /**
     * A copy with {@link #spaFallback} changed. With the fallback on, a {@code GET} or
     * {@code HEAD} whose path names nothing under the root, and whose last segment has no
     * dot (no extension, so {@code /users/42} falls back and a missing {@code /app.js} stays
     * a {@code 404}), is answered with the root's {@code index.html}: {@code 200}, with that
     * file's own {@code ETag} and {@code Last-Modified} (conditional requests work as for the
     * file itself) and {@code Cache-Control: no-cache} instead of {@link #cacheControl}, so a
     * browser revalidates the page each time and a deploy is seen at once, while an unchanged
     * page costs a {@code 304}. The rule looks only at the path, never at {@code Accept}, so
     * the answer is the same for every client and needs no {@code Vary}.
     *
     * <p>Nothing that was refused falls back: a malformed or escaping path ({@code 400}), a
     * hidden name, a link out of the root, a folder without listing, a file asked for with a
     * trailing slash stay what they were. A root without an {@code index.html} gives the
     * {@code 404} as before.
     */
    public StaticFilesConfig withSpaFallback(boolean spaFallback) {
        return new StaticFilesConfig(showHidden, followLinks, cacheControl, compression, listing, spaFallback);
    }
}
