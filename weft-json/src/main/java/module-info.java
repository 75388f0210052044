/**
 * JSON request and response bodies for weft handlers, with Jackson: {@code dev.weft.json.Json}.
 *
 * <p>Both of its dependencies are part of its API ({@code Json} takes and gives weft's
 * {@code Request} and {@code Response} and Jackson's {@code ObjectMapper}), so a module that
 * requires this one reads them too. Jackson binds an application's own types by reflection:
 * the application opens (or exports) their package to {@code com.fasterxml.jackson.databind}.
 */
module dev.weft.json {
    requires transitive dev.weft.core;
    requires transitive com.fasterxml.jackson.databind;

    exports dev.weft.json;
}
