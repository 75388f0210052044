package dev.weft.files;

/**
 * One satisfiable byte range of a representation, inclusive at both ends as on the wire.
 *
 * @param first the first byte's offset
 * @param last  the last byte's offset, {@code >= first}
 */
record ByteRange(long first, long last) {

    ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("bad range " + first + "-" + last);
        }
    }

    long length() {
        return last - first + 1;
    }

    /** The {@code Content-Range} value, e.g. {@code bytes 0-99/1000}. */
    String contentRange(long total) {
        return "bytes " + first + "-" + last + "/" + total;
    }
}
