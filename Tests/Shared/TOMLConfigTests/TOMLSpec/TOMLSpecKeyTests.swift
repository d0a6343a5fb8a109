import Testing
import TOMLPrecheck

/// TOML v1.0.0, sections "Spec", "Comment", "Key/Value Pair" and "Keys".
@Suite struct TOMLSpecKeyTests {
    // MARK: Spec

    /// "Newline means LF (0x0A) or CRLF (0x0D 0x0A)."
    @Test func newlinesAreLFOrCRLF() {
        expectValid("a = 1\r\nb = \"two\"\r\n[t]\r\nc = [\r\n  1,\r\n]\r\n", ["a": "1", "b": "\"two\"", "t.c": "[1]"])
        expectValid("a = 1\nb = 2", ["b": "2"])
        expectInvalid("a = 1\rb = 2", at: 1, 6, "control character U+000D")
    }

    /// "Whitespace means tab (0x09) or space (0x20)."
    @Test func whitespaceIsTabOrSpace() {
        expectValid("\ta\t=\t1\t# tab\n [ t ] \n", ["a": "1"])
        expectInvalid("a\u{A0}= 1", at: 1, 2, "expected '.' or '=' after the key")
        expectInvalid("a =\u{3000}1", at: 1, 4, "expected a value")
    }

    /// Not in the specification: a UTF-8 byte order mark, which some editors write, is
    /// skipped (toml++ skips it too).
    @Test func aByteOrderMarkIsSkipped() {
        expectValid("\u{FEFF}a = 1\n", ["a": "1"])
        expectInvalid("a = 1\n\u{FEFF}b = 2", at: 2, 1, "expected a key")
    }

    // MARK: Comment

    /// "A hash symbol marks the rest of the line as a comment, except when inside a string."
    @Test func commentExample() {
        expectValid("""
            # This is a full-line comment
            key = "value"  # This is a comment at the end of a line
            another = "# This is not a comment"
            """, ["key": "\"value\"", "another": "\"# This is not a comment\""])
    }

    /// "Control characters other than tab (U+0000 to U+0008, U+000A to U+001F, U+007F) are
    /// not permitted in comments."
    @Test func controlCharactersAreRefusedInComments() {
        expectValid("# a\ttab is fine, and so is 中文 and 😂\n")
        expectInvalid("a = 1 # bell\u{07}", at: 1, 13, "control character U+0007")
        expectInvalid("# delete\u{7F}\n", at: 1, 9, "control character U+007F")
    }

    // MARK: Key/Value Pair

    /// "Keys are on the left of the equals sign and values are on the right. Whitespace is
    /// ignored around key names and values. The key, equals sign, and value must be on the
    /// same line (though some values can be broken over multiple lines)."
    @Test func keyEqualsAndValueShareALine() {
        expectValid("key = \"value\"", ["key": "\"value\""])
        expectValid("key=\"value\"", ["key": "\"value\""])
        expectInvalid("key\n= 1", at: 1, 4, "expected '.' or '=' after the key, found the end of the line")
        expectInvalid("key =\n1", at: 1, 6, "expected a value")
    }

    /// "Unspecified values are invalid."
    @Test func aValueIsRequired() {
        expectInvalid("key = # INVALID", at: 1, 7, "expected a value")
        expectInvalid("key =", at: 1, 6, "expected a value (a string, number, boolean, date, time, array or inline table), found the end of the file")
    }

    /// "There must be a newline (or EOF) after a key/value pair."
    @Test func oneKeyValuePairPerLine() {
        expectInvalid(#"first = "Tom" last = "Preston-Werner" # INVALID"#, at: 1, 15, "expected the end of the line")
        expectInvalid("a = 1 2", at: 1, 7, "expected the end of the line, found '2'")
    }

    // MARK: Keys

    /// "Bare keys may only contain ASCII letters, ASCII digits, underscores, and dashes
    /// (A-Za-z0-9_-). Note that bare keys are allowed to be composed of only ASCII digits,
    /// e.g. 1234, but are always interpreted as strings."
    @Test func bareKeys() {
        expectValid("""
            key = "value"
            bare_key = "value"
            bare-key = "value"
            1234 = "value"
            """, ["key": "\"value\"", "bare_key": "\"value\"", "bare-key": "\"value\"", "1234": "\"value\""])
        expectInvalid("ʎǝʞ = 1", at: 1, 1, "expected a key")
        expectInvalid("a$b = 1", at: 1, 2, "expected '.' or '=' after the key, found '$'")
        expectInvalid("two words = 1", at: 1, 5, "a name with spaces needs quotes")
    }

    /// "Quoted keys follow the exact same rules as either basic strings or literal strings
    /// and allow you to use a much broader set of key names."
    @Test func quotedKeys() {
        expectValid("""
            "127.0.0.1" = "value"
            "character encoding" = "value"
            "ʎǝʞ" = "value"
            'key2' = "value"
            'quoted "value"' = "value"
            """, ["character encoding": "\"value\"", "ʎǝʞ": "\"value\"", "key2": "\"value\"", "quoted \"value\"": "\"value\""])
        expectValid(#""tab\there" = 1"#, ["tab\there": "1"])
        expectInvalid(#""bad\q" = 1"#, at: 1, 5, "\\q is not a TOML escape")
        expectInvalid("\"open = 1", at: 1, 1, "this string is not closed")
    }

    /// "A bare key must be non-empty, but an empty quoted key is allowed (though discouraged)."
    @Test func emptyKeys() {
        expectInvalid(#"= "no key name"  # INVALID"#, at: 1, 1, "a key/value pair needs a key before '='")
        expectValid(#""" = "blank"     # VALID but discouraged"#, ["": "\"blank\""])
        expectValid("'' = 'blank'     # VALID but discouraged", ["": "\"blank\""])
    }

    /// TOML 1.0.0's grammar: `quoted-key = basic-string / ml-literal-string` has no
    /// multi-line strings.
    @Test func multiLineStringsAreNoKeys() {
        expectInvalid(#""""key""" = "not allowed""#, at: 1, 1, "a key cannot be a multi-line string")
        expectInvalid("a.'''b''' = 1", at: 1, 3, "a key cannot be a multi-line string")
    }

    /// "Dotted keys are a sequence of bare or quoted keys joined with a dot."
    @Test func dottedKeys() {
        expectValid("""
            name = "Orange"
            physical.color = "orange"
            physical.shape = "round"
            site."google.com" = true
            """, ["name": "\"Orange\"", "physical.color": "\"orange\"", "physical.shape": "\"round\"", "site.google.com": "true"])
        expectInvalid("a. = 1", at: 1, 4, "expected a key after '.'")
        expectInvalid("a..b = 1", at: 1, 3, "expected a key after '.', found '.'")
        expectInvalid(".a = 1", at: 1, 1, "expected a key")
    }

    /// "Whitespace around dot-separated parts is ignored."
    @Test func whitespaceAroundDots() {
        expectValid("""
            fruit.name = "banana"     # this is best practice
            fruit. color = "yellow"    # same as fruit.color
            fruit . flavor = "banana"   # same as fruit.flavor
            """, ["fruit.name": "\"banana\"", "fruit.color": "\"yellow\"", "fruit.flavor": "\"banana\""])
    }

    /// "Indentation is treated as whitespace and ignored."
    @Test func indentation() {
        expectValid("  a = 1\n\t\tb = 2\n    [t]\n      c = 3", ["a": "1", "b": "2", "t.c": "3"])
    }

    /// "Defining a key multiple times is invalid." and "Note that bare keys and quoted keys
    /// are equivalent": semantics, which toml++ reports.
    @Test func keysDefinedTwiceAreLeftToTOMLKit() {
        expectRefusedByTOMLKit("# DO NOT DO THIS\nname = \"Tom\"\nname = \"Pradyun\"\n")
        expectRefusedByTOMLKit("# THIS WILL NOT WORK\nspelling = \"favorite\"\n\"spelling\" = \"favourite\"\n")
        expectRefusedByTOMLKit("\"\" = \"blank\"\n'' = 'blank'\n")
    }

    /// "As long as a key hasn't been directly defined, you may still write to it and to
    /// names within it."
    @Test func writingIntoADottedTable() {
        expectValid("""
            # This makes the key "fruit" into a table.
            fruit.apple.smooth = true

            # So then you can add to the table "fruit" like so:
            fruit.orange = 2
            """, ["fruit.apple.smooth": "true", "fruit.orange": "2"])
        expectRefusedByTOMLKit("""
            # THE FOLLOWING IS INVALID

            # This defines the value of fruit.apple to be an integer.
            fruit.apple = 1

            # But then this treats fruit.apple like it's a table.
            # You can't turn an integer into a table.
            fruit.apple.smooth = true
            """)
    }

    /// "Defining dotted keys out-of-order is discouraged."
    @Test func dottedKeysInAnyOrder() {
        expectValid("""
            # VALID BUT DISCOURAGED

            apple.type = "fruit"
            orange.type = "fruit"

            apple.skin = "thin"
            orange.skin = "thick"

            apple.color = "red"
            orange.color = "orange"
            """, ["apple.skin": "\"thin\"", "orange.color": "\"orange\""])
        expectValid("""
            # RECOMMENDED

            apple.type = "fruit"
            apple.skin = "thin"
            apple.color = "red"

            orange.type = "fruit"
            orange.skin = "thick"
            orange.color = "orange"
            """, ["apple.color": "\"red\"", "orange.type": "\"fruit\""])
    }

    /// "Since bare keys can be composed of only ASCII integers, it is possible to write dotted
    /// keys that look like floats but are 2-part dotted keys."
    @Test func keysThatLookLikeFloats() {
        expectValid("3.14159 = \"pi\"", ["3.14159": "\"pi\""])
    }
}
