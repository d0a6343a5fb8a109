import ScreenCore
import Testing
import TerminalHarness

/// The harness's idea of what a cell shows, which the encoder's tests rely on: equal for
/// two drawings of the same pixels, different otherwise.
@Suite struct LookTests {
    let a = Color.palette(100)
    let b = Color.palette(200)

    func look(_ g: Character, _ fg: Color, _ bg: Color, _ attributes: Attributes = []) -> Look {
        Look(Cell(g, style: Style(fg: fg, bg: bg, attributes: attributes)))
    }

    @Test func complementsOnSwappedColoursLookTheSame() {
        #expect(look("▀", a, b) == look("▄", b, a))
        #expect(look("▔", a, b) == look("▇", b, a))
        #expect(look("▌", a, b) == look("▐", b, a))
        #expect(look("▕", a, b) == look("▉", b, a))
        #expect(look("▘", a, b) == look("▟", b, a))
        #expect(look("▚", a, b) == look("▞", b, a))
        #expect(look(" ", a, b) == look("█", b, a))
        #expect(look("▀", b, b) == look(" ", a, b))
    }

    @Test func otherShapesOrColoursLookDifferent() {
        #expect(look("▀", a, b) != look("▀", b, a))
        #expect(look("▀", a, b) != look("▃", a, b))
        #expect(look("▁", a, b) != look("▔", b, a))
        #expect(look("▀", a, .default) != look("▄", .default, a))
        #expect(look(" ", a, .default) != look("█", .default, a))
        #expect(look("▀", a, b, .underline) != look("▄", b, a, .underline))
        #expect(look("x", a, b) != look("y", a, b))
    }
}
