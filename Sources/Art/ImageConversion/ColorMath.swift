import ScreenCore

/// Colour arithmetic for conversion: sRGB transfer curves (so averages are taken in
/// linear light) and OKLab (so palette choices follow perception).
enum ColorMath {
    /// sRGB byte → linear light in 0...1.
    static let toLinear: [Float] = (0..<256).map { i in
        let c = Float(i) / 255
        return c <= 0.04045 ? c / 12.92 : Float(pow(Double((c + 0.055) / 1.055), 2.4))
    }

    /// sRGB byte → the same value in 0...1 (for averaging without linearisation).
    static let identity: [Float] = (0..<256).map { Float($0) / 255 }

    /// Linear light in 0...1 → sRGB-encoded value in 0...1.
    static func encode(_ l: Float) -> Float {
        let c = min(max(l, 0), 1)
        return c <= 0.0031308 ? c * 12.92 : 1.055 * Float(pow(Double(c), 1 / 2.4)) - 0.055
    }

    /// A fast table version of `encode` (4096 steps), for per-sample work.
    static let encodeTable: [Float] = (0...4096).map { encode(Float($0) / 4096) }

    /// Table-driven sRGB encoding of linear `l`.
    @inline(__always)
    static func fastEncode(_ l: Float) -> Float {
        let c = min(max(l, 0), 1) * 4096
        let i = Int(c)
        if i >= 4096 { return encodeTable[4096] }
        let f = c - Float(i)
        return encodeTable[i] + (encodeTable[i + 1] - encodeTable[i]) * f
    }

    /// sRGB-encoded 0...1 components → a byte RGB.
    static func rgb(_ r: Float, _ g: Float, _ b: Float) -> RGB {
        func q(_ v: Float) -> UInt8 { UInt8(min(max(v * 255 + 0.5, 0), 255)) }
        return RGB(q(r), q(g), q(b))
    }

    /// OKLab (L, a, b) of an sRGB colour.
    static func oklab(_ c: RGB) -> (Float, Float, Float) {
        let r = toLinear[Int(c.r)], g = toLinear[Int(c.g)], b = toLinear[Int(c.b)]
        let l = 0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b
        let m = 0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b
        let s = 0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b
        let l3 = Float(cbrt(Double(l))), m3 = Float(cbrt(Double(m))), s3 = Float(cbrt(Double(s)))
        return (
            0.2104542553 * l3 + 0.7936177850 * m3 - 0.0040720468 * s3,
            1.9779984951 * l3 - 2.4285922050 * m3 + 0.4505937099 * s3,
            0.0259040371 * l3 + 0.7827717662 * m3 - 0.8086757660 * s3
        )
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
