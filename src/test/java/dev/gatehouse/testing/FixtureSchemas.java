package dev.gatehouse.testing;

/** The JSON Schemas the conformance scenarios inspect, verbatim; kept as JSON so they diff against the suite. */
final class FixtureSchemas {

    /** Form for {@code test_elicitation}, the fields the suite's client fills in. */
    static final String USER_INFO = """
            {"type": "object",
             "properties": {
               "username": {"type": "string", "description": "User's response"},
               "email": {"type": "string", "description": "User's email address"}},
             "required": ["username", "email"]}
            """;

    /** SEP-1034: a default for every primitive type. */
    static final String SEP1034_DEFAULTS = """
            {"type": "object",
             "properties": {
               "name": {"type": "string", "description": "User name", "default": "John Doe"},
               "age": {"type": "integer", "description": "User age", "default": 30},
               "score": {"type": "number", "description": "User score", "default": 95.5},
               "status": {"type": "string", "description": "User status",
                          "enum": ["active", "inactive", "pending"], "default": "active"},
               "verified": {"type": "boolean", "description": "Verification status", "default": true}},
             "required": []}
            """;

    /** SEP-1330: the five enum shapes (untitled, titled, legacy enumNames, untitled multi, titled multi). */
    static final String SEP1330_ENUMS = """
            {"type": "object",
             "properties": {
               "untitledSingle": {"type": "string", "description": "Select one option",
                                  "enum": ["option1", "option2", "option3"]},
               "titledSingle": {"type": "string", "description": "Select one option with titles",
                                "oneOf": [{"const": "value1", "title": "First Option"},
                                          {"const": "value2", "title": "Second Option"},
                                          {"const": "value3", "title": "Third Option"}]},
               "legacyEnum": {"type": "string", "description": "Select one option (legacy)",
                              "enum": ["opt1", "opt2", "opt3"],
                              "enumNames": ["Option One", "Option Two", "Option Three"]},
               "untitledMulti": {"type": "array", "description": "Select multiple options",
                                 "minItems": 1, "maxItems": 3,
                                 "items": {"type": "string", "enum": ["option1", "option2", "option3"]}},
               "titledMulti": {"type": "array", "description": "Select multiple options with titles",
                               "minItems": 1, "maxItems": 3,
                               "items": {"anyOf": [{"const": "value1", "title": "First Choice"},
                                                   {"const": "value2", "title": "Second Choice"},
                                                   {"const": "value3", "title": "Third Choice"}]}}},
             "required": []}
            """;

    /**
     * SEP-1613 and SEP-2106: keywords a gateway must pass through untouched ($schema, $defs with $anchor,
     * additionalProperties, allOf/anyOf, if/then/else). An SDK that models schemas as a fixed type drops them.
     */
    static final String JSON_SCHEMA_2020_12 = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema",
             "type": "object",
             "$defs": {
               "address": {"$anchor": "addressDef", "type": "object",
                           "properties": {"street": {"type": "string"}, "city": {"type": "string"}}}},
             "properties": {
               "name": {"type": "string"},
               "address": {"$ref": "#/$defs/address"},
               "contactMethod": {"type": "string", "enum": ["phone", "email"]},
               "phone": {"type": "string"},
               "email": {"type": "string"}},
             "allOf": [{"anyOf": [{"required": ["phone"]}, {"required": ["email"]}]}],
             "if": {"properties": {"contactMethod": {"const": "phone"}}, "required": ["contactMethod"]},
             "then": {"required": ["phone"]},
             "else": {"required": ["email"]},
             "additionalProperties": false}
            """;

    private FixtureSchemas() {
    }
}
