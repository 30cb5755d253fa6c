package io.ostflow.docs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;

/** The property keys of a {@code @ConfigMapping} interface, as SmallRye Config names them. */
final class ConfigMappingKeys {
    /** How a key behaves when unset. */
    enum Kind {
        DEFAULTED,
        OPTIONAL,
        REQUIRED
    }

    /** One key: how it behaves when unset, and its default when it has one. */
    record Key(Kind kind, String defaultValue) {}

    private ConfigMappingKeys() {}

    static Map<String, Key> of(Class<?> mapping) {
        ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
        if (annotation == null) {
            throw new IllegalArgumentException(mapping + " is not a @ConfigMapping");
        }
        Map<String, Key> keys = new TreeMap<>();
        walk(annotation.prefix(), mapping, keys);
        return keys;
    }

    private static void walk(String prefix, Class<?> group, Map<String, Key> keys) {
        Method[] methods = group.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName));
        for (Method m : methods) {
            if (m.isDefault() || Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            WithName name = m.getAnnotation(WithName.class);
            String key = prefix + "." + (name != null ? name.value() : kebab(m.getName()));
            Class<?> type = m.getReturnType();
            if (type.isInterface() && type.getName().startsWith("io.ostflow")) {
                walk(key, type, keys);
            } else {
                keys.put(key, key(m, type));
            }
        }
    }

    private static Key key(Method m, Class<?> type) {
        WithDefault value = m.getAnnotation(WithDefault.class);
        if (value != null) {
            return new Key(Kind.DEFAULTED, value.value());
        }
        boolean optional =
                type == Optional.class
                        || type == OptionalInt.class
                        || type == OptionalLong.class
                        || type == OptionalDouble.class;
        return new Key(optional ? Kind.OPTIONAL : Kind.REQUIRED, null);
    }

    /** SmallRye's default naming: {@code maxVoxelBytes} is {@code max-voxel-bytes}. */
    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
