import Testing
import TOMLPrecheck

/// TOML v1.0.0, sections "Integer", "Float" and "Boolean".
@Suite struct TOMLSpecNumberTests {
    // MARK: Integer

    /// "Integers are whole numbers. Positive numbers may be prefixed with a plus sign.
    /// Negative numbers are prefixed with a minus sign."
    @Test func integers() {
        expectValid("int1 = +99\nint2 = 42\nint3 = 0\nint4 = -17", ["int1": "99", "int2": "42", "int3": "0", "int4": "-17"])
        expectInvalid("a = --1", at: 1, 6, "a sign must be followed by digits, inf or nan")
        expectInvalid("a = +", at: 1, 6, "a sign must be followed by digits")
        expectInvalid("a = 1-", at: 1, 6, "a date's year must be four digits")
    }

    /// "For large numbers, you may use underscores between digits to enhance readability. Each
    /// underscore must be surrounded by at least one digit on each side."
    @Test func underscoresInIntegers() {
        expectValid("""
            int5 = 1_000
            int6 = 5_349_221
            int7 = 53_49_221  # Indian number system grouping
            int8 = 1_2_3_4_5  # VALID but discouraged
            """, ["int5": "1000", "int6": "5349221", "int7": "5349221", "int8": "12345"])
        expectInvalid("a = 1__000", at: 1, 6, "an underscore in a number must sit between two digits")
        expectInvalid("a = 1000_", at: 1, 9, "an underscore in a number must sit between two digits")
        expectInvalid("a = _1000", at: 1, 5, "_1000 is not a value")
        expectInvalid("a = -_1", at: 1, 6, "a sign must be followed by digits")
    }

    /// "Leading zeros are not allowed. Integer values -0 and +0 are valid and identical to an
    /// unprefixed zero."
    @Test func leadingZeros() {
        expectValid("a = -0\nb = +0", ["a": "0", "b": "0"])
        expectInvalid("a = 012", at: 1, 5, "leading zeros are not allowed")
        expectInvalid("a = -007", at: 1, 6, "leading zeros are not allowed")
        expectInvalid("a = 0_0", at: 1, 5, "leading zeros are not allowed")
    }

    /// "Non-negative integer values may also be expressed in hexadecimal, octal, or binary. In
    /// these formats, leading + is not allowed and leading zeros are allowed (after the prefix).
    /// Hex values are case-insensitive. Underscores are allowed between digits (but not between
    /// the prefix and the value)."
    @Test func hexOctalBinary() {
        expectValid("""
            # hexadecimal with prefix `0x`
            hex1 = 0xDEADBEEF
            hex2 = 0xdeadbeef
            hex3 = 0xdead_beef

            # octal with prefix `0o`
            oct1 = 0o01234567
            oct2 = 0o755 # useful for Unix file permissions

            # binary with prefix `0b`
            bin1 = 0b11010110
            """, ["hex1": "3735928559", "hex2": "3735928559", "hex3": "3735928559", "oct1": "342391", "oct2": "493", "bin1": "214"])
        expectInvalid("a = +0x1", at: 1, 5, "hexadecimal, octal and binary integers cannot have a sign")
        expectInvalid("a = -0b1", at: 1, 5, "cannot have a sign")
        expectInvalid("a = 0x_1", at: 1, 7, "expected hexadecimal digits after 0x, found '_'")
        expectInvalid("a = 0X1F", at: 1, 6, "the prefixes 0x, 0o and 0b are lowercase")
        expectInvalid("a = 0x", at: 1, 7, "expected hexadecimal digits after 0x, found nothing")
        expectInvalid("a = 0o8", at: 1, 7, "expected octal digits after 0o")
        expectInvalid("a = 0b102", at: 1, 9, "'2' is not a binary digit")
        expectInvalid("a = 0x1G", at: 1, 8, "'G' is not a hexadecimal digit")
    }

    /// "Arbitrary 64-bit signed integers (from −2^63 to 2^63−1) should be accepted and handled
    /// losslessly. If an integer cannot be represented losslessly, an error must be thrown."
    @Test func sixtyFourBits() {
        expectValid("max = 9223372036854775807\nmin = -9223372036854775808\nhex = 0x7FFFFFFFFFFFFFFF",
                    ["max": "9223372036854775807", "min": "-9223372036854775808", "hex": "9223372036854775807"])
        expectInvalid("a = 9223372036854775808", at: 1, 5, "an integer must fit in 64 bits")
        expectInvalid("a = -9_223_372_036_854_775_809", at: 1, 5, "an integer must fit in 64 bits")
        expectInvalid("a = 0x8000000000000000", at: 1, 5, "an integer must fit in 64 bits")
        expectInvalid("a = 99999999999999999999999", at: 1, 5, "an integer must fit in 64 bits")
    }

    // MARK: Float

    /// "A float consists of an integer part (which follows the same rules as decimal integer
    /// values) followed by a fractional part and/or an exponent part. If both a fractional part
    /// and exponent part are present, the fractional part must precede the exponent part."
    @Test func floats() {
        expectValid("""
            # fractional
            flt1 = +1.0
            flt2 = 3.1415
            flt3 = -0.01

            # exponent
            flt4 = 5e+22
            flt5 = 1e06
            flt6 = -2E-2

            # both
            flt7 = 6.626e-34
            """, ["flt1": "1.0", "flt2": "3.1415", "flt3": "-0.01", "flt4": "5e+22", "flt5": "1000000.0", "flt6": "-0.02", "flt7": "6.626e-34"])
        expectInvalid("a = 1e2.5", at: 1, 8, "unexpected '.' in a number")
        expectInvalid("a = 01.5", at: 1, 5, "leading zeros are not allowed")
        expectInvalid("a = 1.5.2", at: 1, 8, "unexpected '.' in a number")
    }

    /// "A fractional part is a decimal point followed by one or more digits." / "An exponent
    /// part is an E (upper or lower case) followed by an integer part (which follows the same
    /// rules as decimal integer values but may include leading zeros)."
    @Test func fractionAndExponent() {
        expectValid("a = 1e007\nb = 1E+0_1\nc = 0e0", ["a": "10000000.0", "b": "10.0", "c": "0.0"])
        expectInvalid("a = 1e", at: 1, 7, "an exponent needs digits after the e")
        expectInvalid("a = 1e+", at: 1, 8, "an exponent needs digits")
    }

    /// "The decimal point, if used, must be surrounded by at least one digit on each side."
    @Test func invalidFloats() {
        expectInvalid("invalid_float_1 = .7", at: 1, 19, "a decimal point needs a digit before it")
        expectInvalid("invalid_float_2 = 7.", at: 1, 20, "a decimal point needs a digit after it")
        expectInvalid("invalid_float_3 = 3.e+20", at: 1, 20, "a decimal point needs a digit after it")
        expectInvalid("a = -.5", at: 1, 6, "a decimal point needs a digit before it")
    }

    /// "Similar to integers, you may use underscores to enhance readability. Each underscore
    /// must be surrounded by at least one digit."
    @Test func underscoresInFloats() {
        expectValid("flt8 = 224_617.445_991_228", ["flt8": "224617.445991228"])
        expectInvalid("a = 1_.5", at: 1, 6, "an underscore in a number must sit between two digits")
        expectInvalid("a = 1._5", at: 1, 6, "a decimal point needs a digit after it")
        expectInvalid("a = 1.5_", at: 1, 8, "an underscore in a number must sit between two digits")
        expectInvalid("a = 1e_5", at: 1, 7, "an exponent needs digits")
    }

    /// "Float values -0.0 and +0.0 are valid and should map according to IEEE 754."
    @Test func signedZeros() {
        expectValid("a = -0.0\nb = +0.0", ["a": "-0.0", "b": "0.0"])
    }

    /// "Special float values can also be expressed. They are always lowercase."
    @Test func specialFloats() {
        expectValid("""
            # infinity
            sf1 = inf  # positive infinity
            sf2 = +inf # positive infinity
            sf3 = -inf # negative infinity

            # not a number
            sf4 = nan  # actual sNaN/qNaN encoding is implementation-specific
            sf5 = +nan # same as `nan`
            sf6 = -nan # valid, actual encoding is implementation-specific
            """, ["sf1": "inf", "sf2": "inf", "sf3": "-inf", "sf4": "nan", "sf5": "nan", "sf6": "nan"])
        expectInvalid("a = Inf", at: 1, 5, "inf and nan are lowercase")
        expectInvalid("a = -NaN", at: 1, 5, "inf and nan are lowercase")
        expectInvalid("a = infinity", at: 1, 5, "infinity is not a value")
    }

    // MARK: Boolean

    /// "Booleans are just the tokens you're used to. Always lowercase."
    @Test func booleans() {
        expectValid("bool1 = true\nbool2 = false", ["bool1": "true", "bool2": "false"])
        expectInvalid("a = True", at: 1, 5, "booleans are lowercase: true or false")
        expectInvalid("a = FALSE", at: 1, 5, "booleans are lowercase")
        expectInvalid("a = truely", at: 1, 5, "truely is not a value: text needs quotes (\"truely\")")
        expectInvalid("a = yes", at: 1, 5, "yes is not a value")
    }
}
