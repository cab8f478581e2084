package dev.gatehouse.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Looks for the marks of tool poisoning in everything a model reads of a tool: its name, title, description and
 * every string inside its schemas and annotations. It flags, it does not block: a human decides, through the
 * status output. Each pattern is a known shape of attack, not a guess at intent.
 */
public final class HiddenInstructionScanner {

    /** What was found. */
    public enum Flag {
        INVISIBLE_CHARACTERS("invisible characters (zero-width, soft hyphen, word joiner)"),
        TAG_CHARACTERS("Unicode tag characters (U+E0000–U+E007F), which hide ASCII text"),
        BIDI_CONTROLS("bidirectional text controls, which make text read differently than it is stored"),
        INSTRUCTION_OVERRIDE("text telling the model to ignore or override its instructions"),
        SECRECY("text telling the model to hide something from the user"),
        FILE_ACCESS("instructions to read local files or credentials"),
        EXFILTRATION("instructions to send data to another place");

        private final String description;

        Flag(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private static final Pattern OVERRIDE = Pattern.compile(
            "\\b(ignore|disregard|forget|override)\\b.{0,40}\\b(previous|prior|above|earlier|all|other|system)\\b"
                    + ".{0,20}\\b(instructions?|prompts?|rules|directions)\\b"
                    + "|<\\s*(important|system|instructions?)\\s*>|\\bsystem prompt\\b|\\bnew instructions\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern SECRECY = Pattern.compile(
            "\\b(do not|don't|never)\\b.{0,30}\\b(tell|mention|inform|reveal|show)\\b.{0,30}\\b(user|human)\\b"
                    + "|\\bwithout (telling|informing|notifying)\\b.{0,20}\\b(user|human)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern FILES = Pattern.compile(
            "~/\\.|\\.ssh\\b|id_rsa|id_ed25519|\\.aws/credentials|\\.env\\b|/etc/(passwd|shadow)|\\.netrc"
                    + "|mcp\\.json|\\.cursor/|claude_desktop_config|\\b(read|cat|open|include)\\b.{0,30}"
                    + "\\b(file|contents of)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern EXFILTRATION = Pattern.compile(
            "\\b(send|post|upload|forward|transmit|exfiltrate|leak)\\b.{0,60}\\b(to|via)\\b.{0,20}"
                    + "(https?://|\\burl\\b|\\bendpoint\\b|\\bserver\\b|\\bemail\\b|@)"
                    + "|\\bcurl\\s|\\bwget\\s|\\bbase64\\b.{0,40}\\b(param|parameter|argument|field)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** The flags raised anywhere in a tool definition, in declaration order. */
    public Set<Flag> scan(JsonNode definition) {
        List<String> texts = new ArrayList<>();
        collect(definition, texts);
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        for (String text : texts) {
            scanText(text, flags);
        }
        return flags;
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node == null) {
            return;
        }
        if (node.isString()) {
            texts.add(node.stringValue());
        } else if (node.isObject()) {
            node.properties().forEach(field -> {
                texts.add(field.getKey());
                collect(field.getValue(), texts);
            });
        } else if (node.isArray()) {
            node.forEach(element -> collect(element, texts));
        }
    }

    private static void scanText(String text, Set<Flag> flags) {
        text.codePoints().forEach(c -> {
            if (c >= 0xE0000 && c <= 0xE007F) {
                flags.add(Flag.TAG_CHARACTERS);
            } else if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F
                    || c == 0x061C) {
                flags.add(Flag.BIDI_CONTROLS);
            } else if ((c >= 0x200B && c <= 0x200D) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF || c == 0x00AD
                    || c == 0x180E || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x3164 || c == 0xFFA0) {
                flags.add(Flag.INVISIBLE_CHARACTERS);
            }
        });
        String folded = text.toLowerCase(Locale.ROOT);
        if (OVERRIDE.matcher(folded).find()) {
            flags.add(Flag.INSTRUCTION_OVERRIDE);
        }
        if (SECRECY.matcher(folded).find()) {
            flags.add(Flag.SECRECY);
        }
        if (FILES.matcher(folded).find()) {
            flags.add(Flag.FILE_ACCESS);
        }
        if (EXFILTRATION.matcher(folded).find()) {
            flags.add(Flag.EXFILTRATION);
        }
    }
}
