package dev.gatehouse.policy;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Compiles a tool's JSON Schema once per distinct schema text and validates instances against it. Schemas
 * without {@code $schema} are JSON Schema 2020-12, as MCP specifies. Remote {@code $ref}s are never fetched: a
 * schema written by a server must not make the gateway open connections (that would be a way around the address
 * policy), so such a reference fails compilation instead.
 */
final class SchemaCompiler {

    private static final int MAX_CACHED = 4096;
    private static final int MAX_REPORTED_ERRORS = 5;

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
    private final Map<String, Schema> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Schema> eldest) {
            return size() > MAX_CACHED;
        }
    };

    /** A compiled schema failed to build; the message is safe to show (it names no instance value). */
    static final class InvalidSchemaException extends RuntimeException {
        InvalidSchemaException(String message) {
            super(message, null, false, false);
        }
    }

    /** The compiled schema, from the cache when this exact schema was compiled before. */
    Schema compile(String key, JsonNode schema) {
        synchronized (cache) {
            Schema cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Schema compiled;
        try {
            compiled = registry.getSchema(schema);
            compiled.initializeValidators();
        } catch (RuntimeException e) {
            throw new InvalidSchemaException("the schema cannot be compiled (" + e.getClass().getSimpleName() + ")");
        }
        synchronized (cache) {
            cache.put(key, compiled);
        }
        return compiled;
    }

    /**
     * At most a few problems, each as "location: message"; empty when the instance is valid. The messages name
     * the rule broken, never the value that broke it.
     */
    static List<String> problems(Schema schema, JsonNode instance) {
        List<Error> errors = schema.validate(instance);
        return errors.stream().limit(MAX_REPORTED_ERRORS).map(SchemaCompiler::describe).toList();
    }

    private static String describe(Error error) {
        String text = error.getInstanceLocation() + ": " + error.getMessage();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
