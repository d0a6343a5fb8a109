/// Integers (decimal with an optional sign, or unsigned `0x`, `0o`, `0b`) and floats
/// (a decimal integer part, then a fraction and/or an exponent).
extension ScalarToken {
    static func number(_ t: [Unicode.Scalar]) throws(Problem) {
        var k = 0
        let sign = t[0] == "+" || t[0] == "-" ? t[0] : nil
        if sign != nil { k = 1 }
        func at(_ j: Int) -> Unicode.Scalar? { j < t.count ? t[j] : nil }
        func found(_ j: Int) -> String { at(j).map { "'\(Character($0))'" } ?? "nothing" }

        if at(k) == "0", let p = at(k + 1), let radix = prefixRadix(p) {
            if sign != nil {
                throw Problem(offset: 0, reason: "hexadecimal, octal and binary integers cannot have a sign")
            }
            k += 2
            let name = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary"
            guard let c = at(k), digitValue(c, radix: radix) != nil else {
                throw Problem(offset: k, reason: "expected \(name) digits after 0\(Character(p)), found \(found(k))")
            }
            let digitsStart = k
            try digits(t, &k, radix: radix)
            if k < t.count {
                throw Problem(offset: k, reason: "\(found(k)) is not a \(name) digit")
            }
            try fitsInt64(t, digitsStart, radix: radix, negative: false)
            return
        }
        if at(k) == "0", let p = at(k + 1), "XOB".unicodeScalars.contains(p) {
            throw Problem(offset: k + 1, reason: "the prefixes 0x, 0o and 0b are lowercase")
        }
        guard let c = at(k), isDigit(c) else {
            if at(k) == "." {
                throw Problem(offset: k, reason: "a decimal point needs a digit before it (0.7, not .7)")
            }
            throw Problem(offset: k, reason: sign == nil ? "expected a digit, found \(found(k))" : "a sign must be followed by digits, inf or nan")
        }
        if c == "0", let next = at(k + 1), isDigit(next) || next == "_" {
            throw Problem(offset: k, reason: "leading zeros are not allowed in a decimal number")
        }
        let integerStart = k
        try digits(t, &k, radix: 10)
        var isFloat = false
        if at(k) == "." {
            k += 1
            isFloat = true
            guard let c = at(k), isDigit(c) else {
                throw Problem(offset: k - 1, reason: "a decimal point needs a digit after it (7.0, not 7.)")
            }
            try digits(t, &k, radix: 10)
        }
        if at(k) == "e" || at(k) == "E" {
            k += 1
            isFloat = true
            if at(k) == "+" || at(k) == "-" { k += 1 }
            guard let c = at(k), isDigit(c) else {
                throw Problem(offset: k, reason: "an exponent needs digits after the e (as in 5e+22 or 1e06)")
            }
            try digits(t, &k, radix: 10)
        }
        if k < t.count {
            throw Problem(offset: k, reason: "unexpected \(found(k)) in a number")
        }
        if !isFloat { try fitsInt64(t, integerStart, radix: 10, negative: sign == "-") }
    }

    static func prefixRadix(_ c: Unicode.Scalar) -> Int? {
        switch c {
        case "x": 16
        case "o": 8
        case "b": 2
        default: nil
        }
    }

    /// Digits of `radix` from `k`, an underscore only between two of them.
    static func digits(_ t: [Unicode.Scalar], _ k: inout Int, radix: Int) throws(Problem) {
        while k < t.count {
            if digitValue(t[k], radix: radix) != nil {
                k += 1
            } else if t[k] == "_" {
                guard k + 1 < t.count, digitValue(t[k + 1], radix: radix) != nil, k > 0, digitValue(t[k - 1], radix: radix) != nil else {
                    throw Problem(offset: k, reason: "an underscore in a number must sit between two digits")
                }
                k += 1
            } else {
                return
            }
        }
    }

    /// TOML integers are 64-bit signed: from −2^63 to 2^63−1.
    static func fitsInt64(_ t: [Unicode.Scalar], _ start: Int, radix: Int, negative: Bool) throws(Problem) {
        var magnitude: UInt64 = 0
        let limit = negative ? UInt64(Int64.max) + 1 : UInt64(Int64.max)
        for c in t[start...] {
            guard let d = digitValue(c, radix: radix) else { continue }
            let (times, o1) = magnitude.multipliedReportingOverflow(by: UInt64(radix))
            let (plus, o2) = times.addingReportingOverflow(UInt64(d))
            guard !o1, !o2, plus <= limit else {
                throw Problem(offset: 0, reason: "an integer must fit in 64 bits (−9223372036854775808 to 9223372036854775807)")
            }
            magnitude = plus
        }
    }
}
