package dev.weft.http;

import java.util.Optional;

/** A request carrying one more typed attribute; see {@link Request#withAttribute}. */
final class AttributeRequest<A> extends ForwardingRequest {

    private final Class<A> type;
    private final A value;

    AttributeRequest(Request delegate, Class<A> type, A value) {
        super(delegate);
        this.type = type;
        this.value = value;
    }

    @Override
    public <T> Optional<T> attribute(Class<T> wanted) {
        // Exact type match: attributes are looked up by the key they were stored under,
        // so a filter's String attribute never answers a request for CharSequence.
        if (wanted == type) {
            return Optional.of(wanted.cast(value));
        }
        return super.attribute(wanted);
    }
}
