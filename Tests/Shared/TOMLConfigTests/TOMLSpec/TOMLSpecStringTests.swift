import Testing
import TOMLPrecheck

/// TOML v1.0.0, section "String".
@Suite struct TOMLSpecStringTests {
    /// "Basic strings are surrounded by quotation marks ("). Any Unicode character may be used
    /// except those that must be escaped: quotation mark, backslash, and the control characters
    /// other than tab (U+0000 to U+0008, U+000A to U+001F, U+007F)."
    @Test func basicStrings() {
        expectValid(#"str = "I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF.""#,
                    ["str": "\"I'm a string. \"You can quote me\". Name\tJosé\nLocation\tSF.\""])
        expectValid("tab = \"a\tb\"", ["tab": "\"a\tb\""])
        expectInvalid("str = \"two\nlines\"", at: 1, 7, "this string is not closed with '\"' on its line")
        expectInvalid("str = \"bell\u{07}\"", at: 1, 12, "control character U+0007")
        expectInvalid(#"str = "unclosed"#, at: 1, 7, "this string is not closed")
        expectInvalid(#"str = "a"b""#, at: 1, 10, "expected the end of the line, found 'b'")
    }

    /// "For convenience, some popular characters have a compact escape sequence."
    /// (\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX)
    @Test func escapes() {
        expectValid(#"s = "\b\t\n\f\r\"\\\u0041\U0001F600""#, ["s": "\"\u{08}\t\n\u{0C}\r\"\\A😀\""])
    }

    /// "Any Unicode character may be escaped with the \uXXXX or \UXXXXXXXX forms. The escape
    /// codes must be valid Unicode scalar values."
    @Test func unicodeEscapesAreScalarValues() {
        expectValid(#"s = "\uD7FF\uE000\U0010FFFF\u00e9""#, ["s": "\"\u{D7FF}\u{E000}\u{10FFFF}é\""])
        expectInvalid(#"s = "\uD800""#, at: 1, 6, "\\uD800 is not a Unicode scalar value")
        expectInvalid(#"s = "\UDFFF0000""#, at: 1, 6, "is not a Unicode scalar value")
        expectInvalid(#"s = "x\U00110000""#, at: 1, 7, "\\U00110000 is not a Unicode scalar value")
        expectInvalid(#"s = "\u12""#, at: 1, 6, "\\u must be followed by exactly 4 hex digits")
        expectInvalid(#"s = "\U1234567""#, at: 1, 6, "\\U must be followed by exactly 8 hex digits")
        expectInvalid(#"s = "\u12G4""#, at: 1, 6, "exactly 4 hex digits")
    }

    /// "All other escape sequences not listed above are reserved; if they are used, TOML
    /// should produce an error."
    @Test func otherEscapesAreErrors() {
        expectInvalid(#"s = "\e""#, at: 1, 6, "\\e is not a TOML escape")  // TOML 1.1 only
        expectInvalid(#"s = "\x41""#, at: 1, 6, "\\x is not a TOML escape")
        expectInvalid(#"s = "C:\Users""#, at: 1, 8, "\\U must be followed by exactly 8 hex digits")
        expectInvalid(#"s = "a\ b""#, at: 1, 7, "only works in a \"\"\"multi-line\"\"\" string")
        expectInvalid("s = \"a\\\nb\"", at: 1, 7, "only works in a \"\"\"multi-line\"\"\" string")
    }

    /// "Multi-line basic strings are surrounded by three quotation marks on each side and allow
    /// newlines. A newline immediately following the opening delimiter will be trimmed. All
    /// other whitespace and newline characters remain intact."
    @Test func multiLineBasicStrings() {
        expectValid("str1 = \"\"\"\nRoses are red\nViolets are blue\"\"\"", ["str1": "\"Roses are red\nViolets are blue\""])
        expectValid(#"""
            # On a Unix system, the above multi-line string will most likely be the same as:
            str2 = "Roses are red\nViolets are blue"

            # On a Windows system, it will most likely be equivalent to:
            str3 = "Roses are red\r\nViolets are blue"
            """#, ["str3": "\"Roses are red\r\nViolets are blue\""])
        expectValid("s = \"\"\"\r\none\r\ntwo\"\"\"")
        expectInvalid("s = \"\"\"\nnever closed\n", at: 1, 5, "this multi-line string is never closed with \"\"\"")
    }

    /// "When the last non-whitespace character on a line is an unescaped \, it will be trimmed
    /// along with all whitespace (including newlines) up to the next non-whitespace character
    /// or closing delimiter."
    @Test func lineEndingBackslash() {
        let fox = "\"The quick brown fox jumps over the lazy dog.\""
        expectValid(#"""
            # The following strings are byte-for-byte equivalent:
            str1 = "The quick brown fox jumps over the lazy dog."

            str2 = """
            The quick brown \


              fox jumps over \
                the lazy dog."""

            str3 = """\
                   The quick brown \
                   fox jumps over \
                   the lazy dog.\
                   """
            """#, ["str1": fox, "str2": fox, "str3": fox])
        expectValid("s = \"\"\"a \\  \t\r\n  b\"\"\"", ["s": "\"a b\""])
        expectInvalid("s = \"\"\"a \\ b\"\"\"", at: 1, 10, "a backslash followed by whitespace must end its line")
    }

    /// "Any Unicode character may be used except those that must be escaped: backslash and the
    /// control characters other than tab, line feed, and carriage return (U+0000 to U+0008,
    /// U+000B, U+000C, U+000E to U+001F, U+007F)."
    @Test func controlCharactersInMultiLineBasicStrings() {
        expectValid("s = \"\"\"tab\there\r\nand CRLF\"\"\"")
        expectInvalid("s = \"\"\"form\u{0C}feed\"\"\"", at: 1, 12, "control character U+000C")
        expectInvalid("s = \"\"\"\\q\"\"\"", at: 1, 8, "\\q is not a TOML escape")
    }

    /// "You can write a quotation mark, or two adjacent quotation marks, anywhere inside a
    /// multi-line basic string. They can also be written just inside the delimiters."
    @Test func quotesInMultiLineBasicStrings() {
        expectValid(#"""
            str4 = """Here are two quotation marks: "". Simple enough."""
            # str5 = """Here are three quotation marks: """."""  # INVALID
            str5 = """Here are three quotation marks: ""\"."""
            str6 = """Here are fifteen quotation marks: ""\"""\"""\"""\"""\"."""

            # "This," she said, "is just a pointless statement."
            str7 = """"This," she said, "is just a pointless statement.""""
            """#, [
                "str4": "\"Here are two quotation marks: \"\". Simple enough.\"",
                "str5": "\"Here are three quotation marks: \"\"\".\"",
                "str6": "\"Here are fifteen quotation marks: \(String(repeating: "\"", count: 15)).\"",
                "str7": "\"\"This,\" she said, \"is just a pointless statement.\"\"",
            ])
        expectInvalid(#"str5 = """Here are three quotation marks: """."""  # INVALID"#, at: 1, 46, "expected the end of the line, found '.'")
        expectInvalid(#"s = """a""""""""#, at: 1, 9, "three or more quotation marks in a row end a multi-line string")
    }

    /// "Literal strings are surrounded by single quotes. Like basic strings, they must appear
    /// on a single line"
    @Test func literalStrings() {
        expectValid(#"""
            # What you see is what you get.
            winpath  = 'C:\Users\nodejs\templates'
            winpath2 = '\\ServerX\admin$\system32\'
            quoted   = 'Tom "Dubs" Preston-Werner'
            regex    = '<\i\c*\s*>'
            """#, [
                "winpath": #""C:\Users\nodejs\templates""#, "winpath2": #""\\ServerX\admin$\system32\""#,
                "quoted": "\"Tom \"Dubs\" Preston-Werner\"", "regex": #""<\i\c*\s*>""#,
            ])
        expectInvalid("s = 'two\nlines'", at: 1, 5, "this string is not closed with \"'\" on its line")
    }

    /// "Multi-line literal strings are surrounded by three single quotes on each side and allow
    /// newlines. Like literal strings, there is no escaping whatsoever. A newline immediately
    /// following the opening delimiter will be trimmed."
    @Test func multiLineLiteralStrings() {
        expectValid(#"""
            regex2 = '''I [dw]on't need \d{2} apples'''
            lines  = '''
            The first newline is
            trimmed in raw strings.
               All other whitespace
               is preserved.
            '''
            """#, [
                "regex2": #""I [dw]on't need \d{2} apples""#,
                "lines": "\"The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n\"",
            ])
        expectInvalid("s = '''never closed\n", at: 1, 5, "this multi-line string is never closed with '''")
    }

    /// "You can write 1 or 2 single quotes anywhere within a multi-line literal string, but
    /// sequences of three or more single quotes are not permitted."
    @Test func quotesInMultiLineLiteralStrings() {
        expectValid(#"""
            quot15 = '''Here are fifteen quotation marks: """""""""""""""'''

            # apos15 = '''Here are fifteen apostrophes: ''''''''''''''''''  # INVALID
            apos15 = "Here are fifteen apostrophes: '''''''''''''''"

            # 'That,' she said, 'is still pointless.'
            str = ''''That,' she said, 'is still pointless.''''
            """#, [
                "quot15": "\"Here are fifteen quotation marks: \(String(repeating: "\"", count: 15))\"",
                "apos15": "\"Here are fifteen apostrophes: \(String(repeating: "'", count: 15))\"",
                "str": "\"'That,' she said, 'is still pointless.'\"",
            ])
        expectInvalid("apos15 = '''Here are fifteen apostrophes: ''''''''''''''''''  # INVALID", at: 1, 43,
                      "three or more apostrophes in a row end a multi-line string")
    }

    /// "Control characters other than tab are not permitted in a literal string."
    @Test func controlCharactersInLiteralStrings() {
        expectValid("s = 'a\tb'", ["s": "\"a\tb\""])
        expectInvalid("s = 'a\u{7F}'", at: 1, 7, "control character U+007F")
        expectInvalid("s = '''a\u{00}'''", at: 1, 9, "control character U+0000")
    }
}
