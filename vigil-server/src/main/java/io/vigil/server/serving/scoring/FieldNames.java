package io.vigil.server.serving.scoring;

import io.vigil.engine.data.HeaderNames;
import io.vigil.server.serving.models.LoadedModel;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The field names of prediction records, matched to a model's fields by the rule the upload applied
 * to its training file's header ({@link HeaderNames#trim}): a record may carry the names as the CSV
 * writes them (CIC-IDS2017's {@code " Destination Port"}, trained as {@code Destination Port}). A
 * name the model knows is taken as it is (the fast path); only an unknown one is trimmed. For a name
 * that still matches nothing, {@link Hints} says which field it was likely meant to be.
 */
public final class FieldNames {
    /** pandas' name for the n-th repeat of a column ({@code "Fwd Header Length.1"}); an upload numbers it {@code _2}. */
    private static final Pattern PANDAS_REPEAT = Pattern.compile("(.+)\\.(\\d{1,4})");

    private FieldNames() {}

    /** Whether the model reads {@code name}, or knows it as a field to ignore (its label, a dropped column). */
    static boolean known(LoadedModel model, String name) {
        return model.inputFields().containsKey(name) || model.isLeftOut(name);
    }

    /** The trimmed form of {@code name} when the model knows that and not {@code name} itself; else null. */
    private static String trimmedMatch(LoadedModel model, String name) {
        if (known(model, name)) {
            return null;
        }
        String trimmed = HeaderNames.trim(name);
        return !trimmed.equals(name) && known(model, trimmed) ? trimmed : null;
    }

    /**
     * The name under which the model knows tensor or field {@code name}: its trimmed form when only
     * that is known, else itself (also when unknown, for the caller to report).
     */
    static String match(LoadedModel model, String name) {
        String trimmed = trimmedMatch(model, name);
        return trimmed == null ? name : trimmed;
    }

    /**
     * {@code record} with each unknown field whose trimmed name the model knows under that name; the
     * same map when there is none. A field whose trimmed name the record also has stays as it is,
     * for the validator to report (one field given twice).
     */
    static Map<String, Object> match(LoadedModel model, Map<String, Object> record) {
        Map<String, String> renames = null;
        for (String name : record.keySet()) {
            String target = trimmedMatch(model, name);
            if (target != null && !record.containsKey(target) && (renames == null || !renames.containsValue(target))) {
                renames = renames == null ? new HashMap<>() : renames;
                renames.put(name, target);
            }
        }
        if (renames == null) {
            return record;
        }
        Map<String, Object> out = new LinkedHashMap<>(record.size() * 2);
        for (Map.Entry<String, Object> e : record.entrySet()) {
            out.put(renames.getOrDefault(e.getKey(), e.getKey()), e.getValue());
        }
        return out;
    }

    /**
     * The same for a batch read by columns: a column under an unknown name joins the column of its
     * trimmed name. A record that has both keeps the unknown one (reported as given twice).
     */
    static void match(LoadedModel model, Instances in) {
        Map<String, RawColumn> columns = in.columns();
        Map<String, String> renames = null;
        for (String name : columns.keySet()) {
            String target = trimmedMatch(model, name);
            if (target != null && (renames == null || !renames.containsValue(target))) {
                renames = renames == null ? new HashMap<>() : renames;
                renames.put(name, target);
            }
        }
        if (renames == null) {
            return;
        }
        Map<String, RawColumn> out = new LinkedHashMap<>();
        for (Map.Entry<String, RawColumn> e : columns.entrySet()) {
            String target = renames.get(e.getKey());
            if (target == null) {
                out.putIfAbsent(e.getKey(), e.getValue()); // a column merged into earlier keeps that place
            } else if (!columns.containsKey(target)) {
                out.put(target, e.getValue());
            } else {
                merge(in.size(), e.getKey(), e.getValue(), target, columns.get(target), out);
            }
        }
        columns.clear();
        columns.putAll(out);
    }

    /** Record by record, the value under the padded name where the exact one is absent; both: the padded one stays apart. */
    private static void merge(int rows, String padded, RawColumn paddedColumn, String exact, RawColumn exactColumn,
                              Map<String, RawColumn> out) {
        RawColumn merged = new RawColumn();
        RawColumn twice = new RawColumn();
        boolean anyTwice = false;
        for (int r = 0; r < rows; r++) {
            boolean hasPadded = paddedColumn.value(r) != Instances.ABSENT;
            boolean both = hasPadded && exactColumn.value(r) != Instances.ABSENT;
            merged.addFrom(hasPadded && !both ? paddedColumn : exactColumn, r);
            if (both) {
                twice.addFrom(paddedColumn, r);
            } else {
                twice.addOther(Instances.ABSENT);
            }
            anyTwice |= both;
        }
        out.put(exact, merged);
        if (anyTwice) {
            out.put(padded, twice);
        }
    }

    /**
     * What to say of a field the model does not know: the field it was likely meant to be, when one
     * differs from it only in case, spaces or punctuation ({@code destination_port} for
     * {@code Destination Port}), or is pandas' numbering of a repeated column. Built once per answer,
     * and only when a field is unknown.
     */
    static final class Hints {
        private final LoadedModel model;
        private Map<String, String> byLooseName;

        Hints(LoadedModel model) {
            this.model = model;
        }

        /** The message for unknown field {@code name}; {@code what} is "feature" or "input". */
        String unknown(String name, String what) {
            String trimmed = HeaderNames.trim(name);
            if (!trimmed.equals(name) && known(model, trimmed)) {
                return "unknown " + what + ": it is '" + trimmed + "' with spaces around it, and '" + trimmed
                        + "' is given too; send it once";
            }
            String meant = looseNames().get(loose(trimmed));
            if (meant != null) {
                return "unknown " + what + "; did you mean '" + meant + "'? (names match exactly, in case, spaces and punctuation)";
            }
            Matcher repeat = PANDAS_REPEAT.matcher(trimmed);
            if (repeat.matches()) {
                String numbered = HeaderNames.trim(repeat.group(1)) + "_" + (Integer.parseInt(repeat.group(2)) + 1);
                if (model.inputFields().containsKey(numbered)) {
                    return "unknown " + what + "; did you mean '" + numbered + "'? (pandas numbers a repeated column .1, .2, ...;"
                            + " the upload numbered it _2, _3, ...)";
                }
            }
            return "unknown " + what;
        }

        private Map<String, String> looseNames() {
            if (byLooseName == null) {
                byLooseName = new HashMap<>();
                for (String input : model.inputNames()) {
                    byLooseName.putIfAbsent(loose(input), input);
                }
            }
            return byLooseName;
        }

        /** A name without case, spaces or punctuation: {@code Flow Bytes/s} and {@code flow_bytes_s} are alike. */
        private static String loose(String name) {
            StringBuilder sb = new StringBuilder(name.length());
            name.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(sb::appendCodePoint);
            return sb.toString();
        }
    }
}
