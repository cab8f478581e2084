package dev.gatehouse.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The media types listed in Accept or Content-Type headers, parameters dropped, wildcards understood. */
record MediaTypes(List<String> types) {

    static MediaTypes parse(List<String> headerValues) {
        List<String> types = new ArrayList<>();
        for (String value : headerValues) {
            for (String part : value.split(",")) {
                String type = part.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
                if (!type.isEmpty()) {
                    types.add(type);
                }
            }
        }
        return new MediaTypes(List.copyOf(types));
    }

    /** Whether a response of {@code type} is acceptable, counting {@code *}{@code /*} and {@code type/*}. */
    boolean accepts(String type) {
        String family = type.substring(0, type.indexOf('/') + 1) + "*";
        return types.contains(type) || types.contains("*/*") || types.contains(family);
    }

    /** Whether the single declared type is exactly {@code type}. */
    boolean is(String type) {
        return types.size() == 1 && types.getFirst().equals(type);
    }
}
