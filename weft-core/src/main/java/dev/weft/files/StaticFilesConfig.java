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
 */
public record StaticFilesConfig(boolean showHidden, boolean followLinks, String cacheControl, boolean compression) {

    private static final StaticFilesConfig DEFAULTS = new StaticFilesConfig(false, false, null, true);

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

    /** Hidden files off, links confined to the root, no {@code Cache-Control}, compression on. */
    public static StaticFilesConfig defaults() {
        return DEFAULTS;
    }

    /** A copy with {@link #showHidden} changed. */
    public StaticFilesConfig withShowHidden(boolean showHidden) {
        return new StaticFilesConfig(showHidden, followLinks, cacheControl, compression);
    }

    /** A copy with {@link #followLinks} changed. */
    public StaticFilesConfig withFollowLinks(boolean followLinks) {
        return new StaticFilesConfig(showHidden, followLinks, cacheControl, compression);
    }

    /** A copy with {@link #cacheControl} changed ({@code null} for none). */
    public StaticFilesConfig withCacheControl(String cacheControl) {
        return new StaticFilesConfig(showHidden, followLinks, cacheControl, compression);
    }

    /** A copy with {@link #compression} changed. */
    public StaticFilesConfig withCompression(boolean compression) {
        return new StaticFilesConfig(showHidden, followLinks, cacheControl, compression);
    }
}
