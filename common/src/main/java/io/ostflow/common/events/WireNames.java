package io.ostflow.common.events;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses an enum from its wire name, with an error that lists the names allowed. */
final class WireNames {
    private WireNames() {}

    static <E extends Enum<E>> E parse(
            Class<E> type, E[] values, Function<E, String> wire, String name) {
        for (E e : values) {
            if (wire.apply(e).equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException(
                type.getSimpleName()
                        + " must be one of "
                        + Arrays.stream(values).map(wire).collect(Collectors.joining(", "))
                        + ", was "
                        + name);
    }
}
