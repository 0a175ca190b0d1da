package org.concordia.query.audit;

/**
 * CSV cells that a spreadsheet would not run as a formula (OWASP "CSV Injection"; ASVS 5 V1.2.10): text starting
 * with {@code = + - @}, a tab, a carriage return or a NUL gets a leading single quote, which spreadsheets read as
 * "this is text". The writer must also quote every cell, so that no separator inside one can start another.
 * A consumer that parses the CSV sees the quote; the JSON form of the trail carries the text unchanged.
 */
final class SpreadsheetSafeCells {

    private static final String FORMULA_TRIGGERS = "=+-@\t\r\0";

    private SpreadsheetSafeCells() {
    }

    /** The value as a cell's text, neutralised; null stays null (an empty cell). */
    static String cell(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return !text.isEmpty() && FORMULA_TRIGGERS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}
