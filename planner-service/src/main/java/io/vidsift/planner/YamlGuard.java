package io.vidsift.planner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;

/**
 * Reads a job document as a token stream before the config loader sees it, refusing what no job needs and a
 * hostile document uses: nesting deeper than the limit, YAML aliases (the loader does not expand them, so an
 * alias would silently become its anchor's name; refusing them also rules out alias bombs), and control
 * characters in any key or value (CR/LF in a device name would forge log lines and report rows). Syntax errors
 * are left to the loader, which reports them with their line.
 */
final class YamlGuard {

    private final YAMLFactory factory;
    private final int maxDepth;

    YamlGuard(IntakeLimits limits) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(limits.maxBodyBytes());
        options.setNestingDepthLimit(limits.maxDepth());
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        this.factory = YAMLFactory.builder().loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxBodyBytes()).build())
                .build();
        this.maxDepth = limits.maxDepth();
    }

    void check(String text) {
        try (YAMLParser parser = factory.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (parser.isCurrentAlias()) {
                    throw JobRefused.invalid(path(parser), "YAML aliases are not accepted (*" + parser.getText()
                            + " at line " + parser.currentLocation().getLineNr() + "); write the value out");
                }
                if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
                    int bad = controlCharacter(parser.getText());
                    if (bad >= 0) {
                        throw JobRefused.invalid(path(parser), "must not contain control characters (found "
                                + codePoint(bad) + " at line " + parser.currentLocation().getLineNr() + ")");
                    }
                }
            }
        } catch (StreamConstraintsException e) {
            throw JobRefused.invalid("body", "nests deeper than " + maxDepth + " levels (" + IntakeLimits.setting("max-depth") + ")");
        } catch (JsonProcessingException e) {
            // Not well-formed: the loader reports it with its line.
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
    }

    /** The index of the first control character (C0, DEL, C1, Unicode line/paragraph separators), or -1. */
    static int controlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029') {
                return c;
            }
        }
        return -1;
    }

    static String codePoint(int c) {
        return String.format("U+%04X", c);
    }

    /** The dotted path of the current token, as the loader names fields: {@code hik_cloud.devices[2].name}. */
    private static String path(YAMLParser parser) {
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        if (pointer.isEmpty()) {
            return "(document)";
        }
        StringBuilder path = new StringBuilder();
        for (String part : pointer.substring(1).split("/", -1)) {
            String name = part.replace("~1", "/").replace("~0", "~");
            if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && path.length() > 0) {
                path.append('[').append(name).append(']');
            } else {
                path.append(path.length() > 0 ? "." : "").append(controlCharacter(name) >= 0 ? "(key)" : name);
            }
        }
        return path.toString();
    }
}
